// The two streams from ssh, cut into what the remote program sent: stdout into frames
// (`id type length\n` + length bytes, taken by their length), stderr into lines, of which those
// starting with \x01 are the program's background answers and the rest ssh's own words.

export interface Frame {
  id: number;
  type: string;
  payload: Buffer;
}

const MAX_HEADER = 64;
/** A reply larger than this is a broken stream, not data (requests ask for far less). */
export const MAX_PAYLOAD = 64 * 1024 * 1024;

export class FrameReader {
  private chunks: Buffer[] = [];
  private size = 0;
  private header: { id: number; type: string; length: number } | null = null;
  private synced = false;

  /** `magic`: the program's first line; what comes before it (a login script's chatter) is skipped. */
  constructor(
    private readonly magic: string,
    private readonly onFrame: (f: Frame) => void,
    private readonly onBroken: (why: string) => void,
  ) {}

  push(chunk: Buffer): void {
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
          if (head.length > MAX_HEADER) return this.onBroken('a reply header that is no header');
          return;
        }
        const m = /^(\d+) ([A-Z]) (\d+)$/.exec(head.subarray(0, nl).toString('latin1'));
        if (!m || Number(m[3]) > MAX_PAYLOAD) return this.onBroken('a reply header that is no header');
        this.header = { id: Number(m[1]), type: m[2], length: Number(m[3]) };
        this.drop(nl + 1);
      }
      if (this.size < this.header.length) return;
      const payload = Buffer.from(this.take(this.header.length));
      this.drop(this.header.length);
      const { id, type } = this.header;
      this.header = null;
      this.onFrame({ id, type, payload });
    }
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

const MAX_LINE = 64 * 1024;

/** Cuts a stream into lines (a longer line is cut at MAX_LINE). */
export class LineReader {
  private pending = Buffer.alloc(0);

  constructor(private readonly onLine: (line: Buffer) => void) {}

  push(chunk: Buffer): void {
    let buf = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    for (let nl = buf.indexOf(0x0a); nl >= 0; nl = buf.indexOf(0x0a)) {
      this.onLine(buf.subarray(0, nl));
      buf = buf.subarray(nl + 1);
    }
    if (buf.length > MAX_LINE) {
      this.onLine(buf.subarray(0, MAX_LINE));
      buf = Buffer.alloc(0);
    }
    this.pending = Buffer.from(buf);
  }
}
