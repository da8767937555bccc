// One TCP socket as iproute2's `ss -tieHO` prints it on one line (-O), with or without -p and in
// destroy events (-E): `STATE RECV-Q SEND-Q LOCAL PEER [users:(("name",pid=N,fd=M),…)]
// [timer:(…)] [uid:N] ino:N sk:COOKIE … bytes_sent:N bytes_acked:N bytes_received:N …`.
// A closed socket (-E) is `UNCONN` with `ino:0`, its final counters and its cookie, no users.
// Pure: a line in, the fields out; null for a line that is not a TCP socket line.

export interface SsSocket {
  state: string;
  local: string;
  /** `ip:port` of the other end (IPv6 in brackets, as ss writes it), `*:*`-like when none. */
  peer: string;
  /** The socket's cookie (`sk:`), unique per socket for the machine's uptime; null if not shown. */
  cookie: string | null;
  /** The socket's inode (`ino:`): 0 for a closed one. */
  ino: number;
  /** What it sent, retransmits included (`bytes_sent`). */
  bytesSent: number;
  /** What the peer acknowledged (`bytes_acked`: one more for the SYN, one more for a FIN). */
  bytesAcked: number;
  /** Processes holding it (`users:`, with -p, for this user's sockets). */
  users: { name: string; pid: number; fd: number }[];
}

/** Bytes of a TCP field `name:N`, 0 when absent (the kernel omits zero counters). */
function counter(line: string, name: string): number {
  const m = new RegExp(`(?:^|\\s)${name}:(\\d+)(?=\\s|$)`).exec(line);
  if (!m) return 0;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) ? n : 0;
}

function users(line: string): SsSocket['users'] {
  const m = /users:\(\((.*?)\)\)(?=\s|$)/.exec(line);
  if (!m) return [];
  const out: SsSocket['users'] = [];
  for (const u of m[1].matchAll(/"((?:[^"\\]|\\.)*)",pid=(\d+),fd=(\d+)/g)) out.push({ name: u[1], pid: Number(u[2]), fd: Number(u[3]) });
  return out;
}

const STATES = /^(ESTAB|SYN-SENT|SYN-RECV|FIN-WAIT-1|FIN-WAIT-2|TIME-WAIT|UNCONN|CLOSE-WAIT|LAST-ACK|LISTEN|CLOSING|CLOSED|UNKNOWN)$/;

export function parseSsLine(line: string): SsSocket | null {
  const words = line.trim().split(/\s+/);
  if (words.length < 5 || !STATES.test(words[0]) || !/^\d+$/.test(words[1]) || !/^\d+$/.test(words[2])) return null;
  const cookie = /(?:^|\s)sk:([0-9a-f]+)(?=\s|$)/.exec(line)?.[1] ?? null;
  return {
    state: words[0],
    local: words[3],
    peer: words[4],
    cookie,
    ino: counter(line, 'ino'),
    bytesSent: counter(line, 'bytes_sent'),
    bytesAcked: counter(line, 'bytes_acked'),
    users: users(line),
  };
}

/** The data bytes the peer has: bytes_acked less the SYN (and a FIN), never more than was sent. */
export function dataAcked(s: Pick<SsSocket, 'bytesSent' | 'bytesAcked'>): number {
  return Math.max(0, Math.min(s.bytesSent, s.bytesAcked - 1));
}

/** The host part of `ip:port` (`[v6]:port`, `ip%iface:port`), lower-case, without brackets or interface. */
export function hostOf(address: string): string {
  const i = address.lastIndexOf(':');
  let host = i > 0 ? address.slice(0, i) : address;
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  const pct = host.indexOf('%');
  return (pct >= 0 ? host.slice(0, pct) : host).toLowerCase();
}

/** 127.0.0.0/8, ::1 and IPv4-mapped 127.x: this machine talking to itself (the uploader's IPC). */
export function isLoopback(address: string): boolean {
  const h = hostOf(address);
  return /^127\.\d+\.\d+\.\d+$/.test(h) || h === '::1' || /^::ffff:127\.\d+\.\d+\.\d+$/.test(h) || h === 'localhost';
}

/** A peer with no port (`*`, `0.0.0.0:*`): a listener or an unconnected socket. */
export function isConnectedPeer(address: string): boolean {
  return !address.endsWith(':*') && address !== '*';
}
