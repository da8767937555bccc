// Keys typed while the app starts, before Ink holds the terminal. stdin is read raw from the
// start (a key is neither echoed over the first frame nor left for Ink to take as one pasted
// string) and split into keys the way Ink splits them: q and Ctrl-C quit at once, before Ink is
// even loaded; the other keys act, in order, on the view Ink's first frame draws. Nothing here
// loads Ink or the screen model (they are what loads meanwhile).
import type { Key } from 'ink';
import { actionFor } from './keys.js';

const ESC = '\x1b';

/**
 * Splits typed text into keys as Ink's input parser does (escape sequences whole), except that a
 * run of plain characters is one key per character, not one pasted string. An escape that may be
 * the start of a sequence is left pending until more comes (or the caller flushes it: a lone Esc).
 */
export function splitKeys(text: string): { keys: string[]; pending: string } {
  const keys: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] !== ESC) {
      const ch = String.fromCodePoint(text.codePointAt(i)!);
      keys.push(ch);
      i += ch.length;
      continue;
    }
    const end = sequenceEnd(text, i);
    if (end === null) return { keys, pending: text.slice(i) };
    keys.push(text.slice(i, end));
    i = end;
  }
  return { keys, pending: '' };
}

/** Where the escape sequence at `at` ends (exclusive); null: it may go on in the next chunk. */
function sequenceEnd(text: string, at: number): number | null {
  let i = at + 1;
  if (i >= text.length) return null;
  // ESC ESC [ … and ESC ESC O …: a sequence with Alt held.
  if (text[i] === ESC) {
    if (i + 1 >= text.length) return null;
    if (text[i + 1] !== '[' && text[i + 1] !== 'O') return i + 1;
    i += 1;
  }
  if (text[i] === 'O') return i + 2 <= text.length ? (isFinal(text.charCodeAt(i + 1)) ? i + 2 : at + 2) : null;
  if (text[i] === '[') {
    const start = i + 1;
    for (let j = start; j < text.length; j++) {
      const c = text.charCodeAt(j);
      if ((c >= 0x20 && c <= 0x3f) || (c === 0x5b && j === start)) continue;
      return isFinal(c) ? j + 1 : at + 2;
    }
    return null;
  }
  // ESC and one character: that character with Alt (meta).
  return at + 1 + String.fromCodePoint(text.codePointAt(at + 1)!).length;
}

const isFinal = (c: number) => c >= 0x40 && c <= 0x7e;

/** Sequences of the keys the key table knows, as Ink names them. */
const NAMED: Readonly<Record<string, { name: string; shift?: boolean }>> = {
  '\r': { name: 'return' }, '\x1b\r': { name: 'return' }, '\n': { name: 'enter' }, '\t': { name: 'tab' }, '\x1b[Z': { name: 'tab', shift: true },
  '\x1b': { name: 'escape' }, '\x1b\x1b': { name: 'escape' }, '\b': { name: 'backspace' }, '\x7f': { name: 'delete' },
  '\x1b[A': { name: 'up' }, '\x1b[B': { name: 'down' }, '\x1b[C': { name: 'right' }, '\x1b[D': { name: 'left' },
  '\x1bOA': { name: 'up' }, '\x1bOB': { name: 'down' }, '\x1bOC': { name: 'right' }, '\x1bOD': { name: 'left' },
  '\x1b[5~': { name: 'pageup' }, '\x1b[6~': { name: 'pagedown' }, '\x1b[H': { name: 'home' }, '\x1b[F': { name: 'end' },
};

/** Keys Ink hands on with no input (the others keep their characters: '\r', ' '). */
const NO_INPUT = new Set(['up', 'down', 'left', 'right', 'pageup', 'pagedown', 'home', 'end', 'tab', 'backspace', 'delete']);

/**
 * What Ink's useInput hands its handler for one key: the same input and Key for every key the
 * key table has (a sequence it does not know is passed as it is, no key flag set).
 */
export function inkKey(seq: string): { input: string; key: Key } {
  const named = NAMED[seq];
  const ctrl = !named && seq.length === 1 && seq <= '\x1a';
  const meta = !named && seq.length === 2 && seq[0] === ESC && /^[a-zA-Z0-9]$/.test(seq[1]);
  const name = named?.name ?? (ctrl ? String.fromCharCode(seq.charCodeAt(0) + 96) : '');
  const is = (n: string) => name === n;
  const key: Key = {
    upArrow: is('up'), downArrow: is('down'), leftArrow: is('left'), rightArrow: is('right'), pageDown: is('pagedown'), pageUp: is('pageup'),
    home: is('home'), end: is('end'), return: is('return'), escape: is('escape'), ctrl, shift: named?.shift ?? (meta ? /[A-Z]/.test(seq[1]) : false),
    tab: is('tab'), backspace: is('backspace'), delete: is('delete'), meta: meta || is('escape') || seq === '\x1b\r' || seq === '\x1b\x1b',
    super: false, hyper: false, capsLock: false, numLock: false,
  };
  let input = NO_INPUT.has(name) ? '' : ctrl ? name : seq;
  if (input.startsWith(ESC)) input = input.slice(1);
  if (input.length === 1 && /[A-Z]/.test(input)) key.shift = true;
  return { input, key };
}

export interface EarlyKeysInput {
  isTTY?: boolean;
  setRawMode?(on: boolean): unknown;
  setEncoding(encoding: BufferEncoding): unknown;
  on(event: 'readable', listener: () => void): unknown;
  off(event: 'readable', listener: () => void): unknown;
  read(): string | Buffer | null;
  pause(): unknown;
  unref?(): unknown;
}

/**
 * Reads the terminal raw until Ink takes it over, handing each key on (`onKey`, in order, once).
 * A lone Esc waits for the next read (it may start a sequence) and is handed on when nothing
 * followed it: at the next turn of the event loop, as Ink does, or at the hand-over.
 */
export class EarlyKeys {
  private pending = '';
  private flushTimer: NodeJS.Immediate | null = null;
  private reading = false;

  constructor(private readonly stdin: EarlyKeysInput, private readonly onKey: (seq: string) => void) {}

  /** Raw mode on and reading; false where stdin is no terminal (nothing to read then). */
  start(): boolean {
    if (!this.stdin.isTTY || !this.stdin.setRawMode) return false;
    this.stdin.setRawMode(true);
    this.stdin.setEncoding('utf8');
    this.stdin.on('readable', this.readable);
    this.reading = true;
    return true;
  }

  /**
   * Stops reading: every key read so far has been handed on. What is typed from now on stays in
   * stdin for Ink (raw mode stays on for it). `restore`: raw mode off too (quitting before Ink).
   */
  stop(restore = false): void {
    if (this.reading) {
      // What came and was not read yet acts now, on the view Ink starts with.
      this.readable();
      this.stdin.off('readable', this.readable);
      this.reading = false;
      this.flush();
      this.stdin.pause();
    }
    if (restore) {
      try {
        this.stdin.setRawMode?.(false);
      } catch {
        // the terminal is gone
      }
      // A paused terminal still holds the event loop: the process could not end.
      this.stdin.unref?.();
    }
  }

  private readonly readable = () => {
    if (this.flushTimer) clearImmediate(this.flushTimer);
    this.flushTimer = null;
    let chunk;
    while (this.reading && (chunk = this.stdin.read()) !== null) {
      const { keys, pending } = splitKeys(this.pending + chunk.toString());
      this.pending = pending;
      for (const k of keys) {
        if (!this.reading) break;
        this.onKey(k);
      }
    }
    if (this.pending) this.flushTimer = setImmediate(() => this.flush());
  };

  private flush(): void {
    if (this.flushTimer) clearImmediate(this.flushTimer);
    this.flushTimer = null;
    const lone = this.pending;
    this.pending = '';
    if (lone) this.onKey(lone);
  }
}

/**
 * The keys typed before Ink. q and Ctrl-C end the wait for Ink (`quit`) as soon as they come;
 * the others are kept, in order, for Ink's first frame (`handOver`: App's viewAfterKeys).
 */
export class KeysBeforeInk {
  private readonly typed: string[] = [];
  private quitNow!: () => void;
  readonly quit = new Promise<void>((done) => (this.quitNow = done));
  quitting = false;
  private readonly reader: EarlyKeys;

  constructor(stdin: EarlyKeysInput) {
    this.reader = new EarlyKeys(stdin, (seq) => {
      if (this.quitting) return;
      const { input, key } = inkKey(seq);
      // Ctrl-C quits, as it does in Ink (raw mode: no SIGINT); q quits over any overlay.
      if ((input === 'c' && key.ctrl) || actionFor(input, key) === 'quit') {
        this.quitting = true;
        this.quitNow();
      } else this.typed.push(seq);
    });
  }

  /** Reads from now on (false: stdin is no terminal). */
  start(): boolean {
    return this.reader.start();
  }

  /** Ink takes the terminal: the keys typed until now, in order, each once. */
  handOver(): string[] {
    this.reader.stop();
    return this.typed;
  }

  /** No Ink after all (quit, or an error): the terminal's raw mode off. */
  end(): void {
    this.reader.stop(true);
  }
}
