// A child's output cut into lines, each at most a cap: a longer line (a stream that never prints
// a newline, a hostile host) is dropped whole, never cut into pieces that would read as lines of
// their own, and counted. What is held stays under the cap whatever comes.

/** The longest line taken from a child's output (nvidia-smi's are ~200 bytes; ssh's stderr). */
export const MAX_LINE = 64 * 1024;

export class LineSplitter {
  private parts: Buffer[] = [];
  private size = 0;
  /** In a line over the cap: what is left of it is passed over up to its newline. */
  private skipping = false;
  /** Lines dropped for being over the cap. */
  dropped = 0;

  /** `overlong` is told at once when a line passes the cap, with its first bytes. */
  constructor(
    private readonly onLine: (line: Buffer) => void,
    private readonly onOverlong: (head: Buffer) => void,
    private readonly max = MAX_LINE,
  ) {}

  push(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      const nl = chunk.indexOf(0x0a, at);
      const end = nl < 0 ? chunk.length : nl;
      if (!this.skipping) this.take(chunk.subarray(at, end));
      if (nl < 0) return;
      if (this.skipping) this.skipping = false;
      else this.emit();
      at = nl + 1;
    }
  }

  /** The stream ended: a last line without a newline is a line. */
  end(): void {
    if (!this.skipping && this.size > 0) this.emit();
    this.skipping = false;
  }

  private take(piece: Buffer): void {
    if (piece.length === 0) return;
    if (this.size + piece.length <= this.max) {
      this.parts.push(piece);
      this.size += piece.length;
      return;
    }
    const head = Buffer.concat([...this.parts, piece.subarray(0, 64)]).subarray(0, 64);
    this.parts = [];
    this.size = 0;
    this.skipping = true;
    this.dropped += 1;
    this.onOverlong(head);
  }

  private emit(): void {
    const line = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts, this.size);
    this.parts = [];
    this.size = 0;
    this.onLine(line);
  }
}
