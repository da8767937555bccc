// What the remote program sends on stdout, cut into frames (`id type length\n` + length bytes,
// taken by their length). Each frame is held only up to the cap of what it answers: a larger one
// is passed over as it streams by (never buffered), and said.

export interface Frame {
  id: number;
  type: string;
  payload: Buffer;
}

const MAX_HEADER = 64;
/** A reply larger than this is a broken stream, not data (requests ask for far less). */
export const MAX_PAYLOAD = 64 * 1024 * 1024;

/** How much of a frame is taken: its cap in bytes, or null when nothing waits for it (passed over). */
export interface FrameLimits {
  cap(id: number, type: string): number | null;
  /** A frame over its cap began: its `length` bytes are passed over. */
  oversize(id: number, type: string, length: number, cap: number): void;
}

const NO_LIMITS: FrameLimits = { cap: () => MAX_PAYLOAD, oversize: () => {} };

export class FrameReader {
  private chunks: Buffer[] = [];
  private size = 0;
  private header: { id: number; type: string; length: number } | null = null;
  /** Bytes of a passed-over frame still to come. */
  private skipping = 0;
  private synced = false;
  private broken = false;

  /** `magic`: the program's first line; what comes before it (a login script's chatter) is skipped. */
  constructor(
    private readonly magic: string,
    private readonly onFrame: (f: Frame) => void,
    private readonly onBroken: (why: string) => void,
    private readonly limits: FrameLimits = NO_LIMITS,
  ) {}

  /** Whether a reply has begun and not ended. */
  get midway(): boolean {
    return this.synced && (this.header !== null || this.skipping > 0 || this.size > 0);
  }

  /** Whether the program's first line has come. */
  get started(): boolean {
    return this.synced;
  }

  push(chunk: Buffer): void {
    if (this.broken) return;
    if (this.skipping > 0) {
      const n = Math.min(this.skipping, chunk.length);
      this.skipping -= n;
      chunk = chunk.subarray(n);
      if (chunk.length === 0) return;
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
    for (;;) {
      if (!this.synced) {
        const all = this.take(this.size);
        const at = all.indexOf(this.magic);
        if (at < 0) {
          // Keep only what could still begin the magic line.
          this.keep(all.subarray(Math.max(0, all.length - this.magic.length)));
          return;
        }
        this.synced = true;
        this.keep(all.subarray(at + this.magic.length));
        continue;
      }
      if (!this.header) {
        const head = this.take(Math.min(this.size, MAX_HEADER + 1));
        const nl = head.indexOf(0x0a);
        if (nl < 0) {
          if (head.length > MAX_HEADER) return this.fail('a reply header that is no header');
          return;
        }
        const m = /^(\d+) ([A-Z]) (\d+)$/.exec(head.subarray(0, nl).toString('latin1'));
        if (!m) return this.fail('a reply header that is no header');
        const length = Number(m[3]);
        if (length > MAX_PAYLOAD) return this.fail(`a reply header claiming ${m[3]} bytes, over the ${MAX_PAYLOAD}-byte cap`);
        const id = Number(m[1]);
        const type = m[2];
        this.drop(nl + 1);
        const cap = this.limits.cap(id, type);
        if (cap === null || length > cap) {
          if (cap !== null) this.limits.oversize(id, type, length, cap);
          if (this.broken) return;
          const n = Math.min(length, this.size);
          this.drop(n);
          this.skipping = length - n;
          if (this.skipping > 0) return;
          continue;
        }
        this.header = { id, type, length };
      }
      if (this.size < this.header.length) return;
      const payload = Buffer.from(this.take(this.header.length));
      this.drop(this.header.length);
      const { id, type } = this.header;
      this.header = null;
      this.onFrame({ id, type, payload });
      if (this.broken) return;
    }
  }

  /** Nothing more is taken: the stream cannot be trusted past this point. */
  private fail(why: string): void {
    this.broken = true;
    this.chunks = [];
    this.size = 0;
    this.onBroken(why);
  }

  /** The first n bytes, as one buffer (the chunks are joined once, not per push). */
  private take(n: number): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks)];
    return (this.chunks[0] ?? Buffer.alloc(0)).subarray(0, n);
  }

  private drop(n: number): void {
    const rest = this.take(this.size).subarray(n);
    this.keep(rest);
  }

  private keep(rest: Buffer): void {
    this.chunks = rest.length ? [rest] : [];
    this.size = rest.length;
  }
}
