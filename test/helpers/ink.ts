// ink-testing-library helpers shared by the component tests.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { render } from 'ink-testing-library';
import { waitFor } from './wait.js';

type Rendered = ReturnType<typeof render>;

/** The last frame drawn (a bell is a write of its own, not a frame). */
export const frame = (r: Rendered): string => r.frames.filter((f) => f !== '\x07').at(-1) ?? '';

/**
 * Types keys, letting React commit between them. Ink listens to stdin from an effect: a key
 * written before that effect ran is lost, which a loaded machine makes likely. So wait for it.
 */
export async function press(r: Rendered, ...keys: string[]): Promise<void> {
  await waitFor(() => r.stdin.listenerCount('readable') > 0, 'Ink to listen to stdin');
  for (const k of keys) {
    r.stdin.write(k);
    await sleep(20);
  }
}

/** The pane resized, as a terminal tells it: Ink and useTerminalSize read the new size. */
export function resize(r: Rendered, columns: number, rows = 24): void {
  Object.defineProperty(r.stdout, 'columns', { value: columns, configurable: true });
  Object.defineProperty(r.stdout, 'rows', { value: rows, configurable: true });
  r.stdout.emit('resize');
}

/** Waits (up to 5 s: the machines are shared) for the last frame to match, then asserts it. */
export async function shows(r: Rendered, re: RegExp, message?: string): Promise<void> {
  for (let i = 0; i < 250 && !re.test(frame(r)); i++) await sleep(20);
  assert.match(frame(r), re, message);
}
