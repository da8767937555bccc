// The uploader's bytes on the wire, from the kernel's TCP counters (ss): each socket it holds to a
// peer that is not this machine, sampled every few seconds, plus the destroy events of sockets that
// closed — with their final counters — so a connection that opened and closed between two samples
// is counted too. A destroy event carries no pid: it is the uploader's when its cookie was seen on
// one of the uploader's sockets, else when its peer (ip:port) is one the uploader talks to or
// talked to. Loopback (the uploader's IPC with the training) never counts.
// Total = what closed sockets had sent at their end + what open ones have sent so far.
import { dataAcked, isConnectedPeer, isLoopback, type SsSocket } from '../sources/ss/ss-socket.js';

/** Peers and closed cookies remembered at most (a long run opens many short connections). */
const MAX_PEERS = 256;
const MAX_CLOSED = 4096;
/** The rate is taken over about this long. */
const RATE_WINDOW_MS = 10_000;

/** Evicts the oldest entries of a Map past `max` (insertion order). */
function cap<K, V>(m: Map<K, V>, max: number): void {
  while (m.size > max) m.delete(m.keys().next().value as K);
}

export class WireLedger {
  /** Open sockets of the uploader: cookie -> { peer, bytes so far }. */
  private open = new Map<string, { peer: string; bytes: number }>();
  /** Sockets that closed (or left the uploader's hands): cookie -> bytes counted for it. */
  private closed = new Map<string, number>();
  private closedBytes = 0;
  private peers = new Map<string, true>();
  private samples: { at: number; total: number }[] = [];
  /** Destroy events counted that no sample had seen (short connections). */
  shortConnections = 0;

  /** Sockets of the uploader now (already attributed to it: its pid or its socket inodes), at time `at`. */
  sample(sockets: readonly SsSocket[], at: number): void {
    const seen = new Set<string>();
    for (const s of sockets) {
      if (!s.cookie || !isConnectedPeer(s.peer) || isLoopback(s.peer)) continue;
      seen.add(s.cookie);
      this.peers.set(s.peer, true);
      cap(this.peers, MAX_PEERS);
      if (this.closed.has(s.cookie)) continue;
      const bytes = dataAcked(s);
      const was = this.open.get(s.cookie);
      this.open.set(s.cookie, { peer: s.peer, bytes: Math.max(bytes, was?.bytes ?? 0) });
    }
    // Gone from the listing without an event (yet): what it had sent stays counted.
    for (const [cookie, o] of this.open) {
      if (!seen.has(cookie)) this.close(cookie, o.bytes);
    }
    this.samples.push({ at, total: this.total });
    while (this.samples.length > 2 && at - this.samples[1].at >= RATE_WINDOW_MS) this.samples.shift();
  }

  /** A socket of the machine was destroyed (ss -E): counted when it was, or may have been, the uploader's. */
  destroyed(s: SsSocket): void {
    if (!s.cookie || !isConnectedPeer(s.peer) || isLoopback(s.peer)) return;
    const final = dataAcked(s);
    const open = this.open.get(s.cookie);
    if (open) {
      this.open.delete(s.cookie);
      this.close(s.cookie, Math.max(final, open.bytes));
      return;
    }
    const counted = this.closed.get(s.cookie);
    if (counted !== undefined) {
      // Seen gone by a sample first: the event has its last bytes.
      if (final > counted) this.close(s.cookie, final);
      return;
    }
    if (!this.peers.has(s.peer)) return;
    this.shortConnections += 1;
    this.close(s.cookie, final);
  }

  private close(cookie: string, bytes: number): void {
    this.open.delete(cookie);
    this.closedBytes += bytes - (this.closed.get(cookie) ?? 0);
    this.closed.delete(cookie);
    this.closed.set(cookie, bytes);
    cap(this.closed, MAX_CLOSED);
  }

  get total(): number {
    let n = this.closedBytes;
    for (const o of this.open.values()) n += o.bytes;
    return n;
  }

  /** Bytes per second over the last samples (null until two are a second apart). */
  get rate(): number | null {
    const first = this.samples[0];
    const last = this.samples.at(-1);
    if (!first || !last || last.at - first.at < 1000) return null;
    return ((last.total - first.total) * 1000) / (last.at - first.at);
  }

  get openSockets(): number {
    return this.open.size;
  }
}
