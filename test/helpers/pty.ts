// The built CLI in a pseudo-terminal (util-linux `script`) with the raw bytes kept, for what tmux
// cannot show: picture escape sequences. A headless xterm replays the bytes to tell where each
// picture landed and what text was on screen around it.
import { execFileSync, spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import xterm from '@xterm/headless';

export const hasScript = spawnSync('script', ['--version']).status === 0;
export const needsScript: string | false = hasScript ? false : 'util-linux `script` is not installed: pty tests skipped';

export class Pty {
  private readonly child: ChildProcessWithoutNullStreams;
  private chunks: Buffer[] = [];
  readonly exited: Promise<number | null>;

  constructor(command: string, env: NodeJS.ProcessEnv, readonly cols = 100, readonly rows = 30) {
    this.child = spawn('script', ['-qfec', `stty cols ${cols} rows ${rows}; exec ${command}`, '/dev/null'], { env, stdio: 'pipe' });
    this.child.stdout.on('data', (d: Buffer) => this.chunks.push(d));
    this.exited = new Promise((done) => this.child.on('exit', (code) => done(code)));
  }

  /** Everything the app wrote, as bytes in one string (latin1: one char per byte). */
  get raw(): string {
    return Buffer.concat(this.chunks).toString('latin1');
  }

  /** The screen as a person would see it now. */
  async screen(): Promise<string[]> {
    return (await replay(this.raw, this.cols, this.rows)).screen;
  }

  /** Resizes the terminal as a window manager would: the new size on the pty, then SIGWINCH. */
  resize(cols: number, rows: number): void {
    // The app is `script`'s child (its shell exec'd the app).
    const app = readdirSync('/proc').find((pid) => /^\d+$/.test(pid) && readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[1] === String(this.child.pid));
    if (!app) throw new Error('the app under script is gone');
    const tty = readlinkSync(`/proc/${app}/fd/0`);
    execFileSync('stty', ['-F', tty, 'cols', String(cols), 'rows', String(rows)]);
    process.kill(Number(app), 'SIGWINCH');
  }

  keys(text: string): void {
    this.child.stdin.write(text);
  }

  kill(): void {
    this.child.kill('SIGKILL');
  }
}

export interface Placed {
  /** The sequence's keys (kitty) or arguments (iTerm2), and its payload in base64. */
  keys: string;
  payload: string;
  /** 0-based cursor cell when it arrived. */
  row: number;
  col: number;
  /** The screen's text lines at that moment. */
  screen: string[];
  /** Offset of the sequence in the raw bytes. */
  offset: number;
}

// kitty: APC G keys ; payload ST    iTerm2: OSC 1337 ; File=args : payload BEL
const PICTURE = /\x1b_G([^;\x1b]*)(?:;([^\x1b]*))?\x1b\\|\x1b\]1337;File=([^:\x07]*):([^\x07]*)\x07/g;

function writeTerm(term: InstanceType<typeof xterm.Terminal>, bytes: string): Promise<void> {
  return new Promise((done) => term.write(Buffer.from(bytes, 'latin1'), done));
}

function lines(term: InstanceType<typeof xterm.Terminal>): string[] {
  const buf = term.buffer.active;
  return Array.from({ length: term.rows }, (_, i) => buf.getLine(buf.viewportY + i)?.translateToString(true) ?? '');
}

/** Replays `raw` into a terminal of cols x rows; each picture sequence with where the cursor was. */
export async function replay(raw: string, cols: number, rows: number): Promise<{ placed: Placed[]; screen: string[] }> {
  const term = new xterm.Terminal({ cols, rows, allowProposedApi: true });
  const placed: Placed[] = [];
  let at = 0;
  for (const m of raw.matchAll(PICTURE)) {
    await writeTerm(term, raw.slice(at, m.index));
    const buf = term.buffer.active;
    placed.push({ keys: m[1] ?? m[3], payload: m[2] ?? m[4] ?? '', row: buf.cursorY, col: buf.cursorX, screen: lines(term), offset: m.index });
    at = m.index + m[0].length;
  }
  await writeTerm(term, raw.slice(at));
  return { placed, screen: lines(term) };
}
