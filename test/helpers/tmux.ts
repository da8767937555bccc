import { execFileSync, spawnSync } from 'node:child_process';

export const hasTmux = spawnSync('tmux', ['-V']).status === 0;
export const needsTmux: string | false = hasTmux ? false : 'tmux is not installed: terminal tests skipped (.ci/run installs it)';

/** One private tmux server per test file, so tests never touch a user's sessions. */
export class Tmux {
  readonly socket = `aigp-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  }

  start(name: string, command: string, cols = 100, rows = 30): void {
    this.tmux('new-session', '-d', '-s', name, '-x', String(cols), '-y', String(rows), command);
    this.tmux('set-option', '-t', name, 'remain-on-exit', 'on');
  }

  capture(name: string): string {
    return this.tmux('capture-pane', '-p', '-t', name);
  }

  /** The pane with its colours and attributes as SGR escapes, every row to its last column. */
  captureStyled(name: string): string {
    return this.tmux('capture-pane', '-e', '-p', '-N', '-t', name);
  }

  keys(name: string, ...keys: string[]): void {
    this.tmux('send-keys', '-t', name, ...keys);
  }

  resize(name: string, cols: number, rows: number): void {
    this.tmux('resize-window', '-t', name, '-x', String(cols), '-y', String(rows));
  }

  /** tmux's view of the pane: alternate screen on, cursor visible, process id. */
  pane(name: string): { alternate: boolean; cursor: boolean; pid: number } {
    const [alt, cursor, pid] = this.tmux('display-message', '-p', '-t', name, '#{alternate_on} #{cursor_flag} #{pane_pid}').trim().split(' ');
    return { alternate: alt === '1', cursor: cursor === '1', pid: Number(pid) };
  }

  /** The pid of the program the pane's shell started (env execs node, so it is node). */
  appPid(name: string): number {
    const out = execFileSync('pgrep', ['-P', String(this.pane(name).pid)], { encoding: 'utf8' });
    return Number(out.trim().split('\n')[0]);
  }

  kill(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
  }
}
