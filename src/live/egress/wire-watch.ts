// The uploader's bytes on the wire, while it lives, from iproute2's `ss` on the machine it runs on
// (here, or the host through the run's ssh connection): one long-lived sh loop samples its TCP
// sockets every few seconds (its socket inodes from /proc/PID/fd, their counters from `ss -tieHO`,
// matched by `ino:`; no `-p`, which reads every process's fds), and a line-buffered `ss -tieHOE`
// reports each socket destroyed with its final counters, so a connection that opened and closed
// between two samples counts too (see model/wire-ledger.ts). Nothing runs while no uploader does.
import type { WireState } from '../../model/egress.js';
import { WireLedger } from '../../model/wire-ledger.js';
import { parseSsLine } from '../../sources/ss/ss-socket.js';
import type { LineStream, RunFs } from '../fs/run-fs.js';

export const SAMPLE_SECONDS = 2;
/** Close events still taken this long after the uploader is gone (its sockets close as it exits). */
const AFTER_GONE_MS = 2000;
const ONCE_TIMEOUT_MS = 10_000;

// $1 pid, $2 its start (clock ticks after boot: a later process with its pid is not it), $3 seconds
// between samples, $4 1 for one sample, $5 `ss` to sample or `alive` only to watch it live. Per
// sample: `#s`, its sockets' ss lines (`!` + a line that is not a socket: ss's complaint), `#e`;
// `#gone` when it has ended; `!ss not found` (then it only watches). Its sockets are those whose
// inode is in /proc/PID/fd; all the matching is shell builtins: a sample runs ls, ss and sleep.
// While its bytes move (64 KiB or more since the last sample) it is sampled every $3 s, else less
// and less often, down to one in 16 x $3 s: an idle uploader costs a sample every 32 s (its close
// events still count every connection that ends meanwhile).
const LOOP = `p=$1 st=$2 iv=$3 once=$4 m=$5 nl='
'
[ "$m" = ss ] && ! command -v ss >/dev/null 2>&1 && { echo '!ss not found'; m=alive; }
alive() { IFS= read -r x 2>/dev/null </proc/$p/stat || return 1; x=\${x##*\\) }; set -f; set -- $x; set +f; [ "\${20}" = "$st" ]; }
cur=$iv sum0=
[ "$m" = ss ] || cur=$((iv * 4))
while alive; do
  if [ "$m" = ss ]; then
    inos=' '
    fds=$(ls -l /proc/$p/fd 2>/dev/null)
    while IFS= read -r l; do case $l in *'socket:['*']') x=\${l##*socket:\\[}; inos="$inos\${x%\\]} " ;; esac; done <<EOF
$fds
EOF
    all=$(ss -tieHO 2>&1)
    out= sum=0
    while IFS= read -r l; do
      case $l in
        '') ;;
        *' ino:'*' sk:'*)
          x=\${l#* ino:}; x=\${x%% *}
          case $inos in *" $x "*)
            out="$out$l$nl"
            case $l in *' bytes_acked:'*) y=\${l#* bytes_acked:}; y=\${y%% *}; case $y in ''|*[!0-9]*) ;; *) sum=$((sum + y)) ;; esac ;; esac ;;
          esac ;;
        *) out="$out!$l$nl" ;;
      esac
    done <<EOF
$all
EOF
    printf '#s\\n%s#e\\n' "$out"
    if [ -n "$sum0" ] && [ $((sum - sum0)) -ge 0 ] && [ $((sum - sum0)) -lt 65536 ]; then
      [ $cur -lt $((iv * 16)) ] && cur=$((cur * 2))
    else cur=$iv; fi
    sum0=$sum
  fi
  [ "$once" = 1 ] && exit 0
  sleep "$cur"
done
echo '#gone'`;

/** One line for a complaint of ss: its own words, cut. */
const said = (text: string) => text.replace(/^!/, '').trim().slice(0, 160);

export class WireWatch {
  private readonly ledger = new WireLedger();
  private loop: LineStream | null = null;
  private events: LineStream | null = null;
  private sample: string[] | null = null;
  private note: string | null = null;
  private since: number | null = null;
  private gone = false;
  private stopped = false;
  private goneTimer: NodeJS.Timeout | null = null;

  /**
   * `changed`: a sample was taken or something ended (the reader publishes then); `ended`: the
   * uploader is gone (or can no longer be watched).
   */
  constructor(
    private readonly fs: RunFs,
    private readonly pid: number,
    private readonly startTicks: number,
    private readonly changed: () => void,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Starts following (`startedAt`: when the uploader started, if known: what closed before is not seen). */
  start(startedAt: number | null): void {
    const now = this.clock();
    // Started before this look: what it sent on connections closed since is not known.
    this.since = startedAt !== null && now - startedAt > SAMPLE_SECONDS * 1000 ? now : null;
    this.watchLoop('ss');
    this.watchEvents(true);
  }

  /**
   * Close events: every TCP socket of the machine that ends, loopback left out by ss itself (its
   * filter; an ss that cannot read that filter is asked again without it, and the rest is left
   * out here).
   */
  private watchEvents(filtered: boolean): void {
    const filter = filtered ? ['!', '(', 'dst', '127.0.0.0/8', 'or', 'dst', '[::1]', 'or', 'dst', '[::ffff:127.0.0.0/104]', ')'] : [];
    this.events = this.fs.streamLines('stdbuf', ['-oL', 'ss', '-tieHOE', ...filter], {
      line: (l) => {
        const s = parseSsLine(l);
        if (s) this.ledger.destroyed(s);
      },
      exit: (info) => {
        if (this.stopped || this.gone || this.refused) return;
        if (filtered && !info.notFound && info.code !== null && info.code !== 0) return this.watchEvents(false);
        this.note ??= info.notFound
          ? 'stdbuf (coreutils) not found: connections that close between two samples are not counted'
          : `ss -E (close events) ended: ${info.why || `exit ${info.code ?? info.signal}`}; connections that close between two samples are not counted`;
        this.changed();
      },
    });
  }

  /** The loop: sampling, or (ss cannot be used) only watching the uploader live. */
  private watchLoop(mode: 'ss' | 'alive'): void {
    const loop: LineStream = this.fs.streamLines('sh', ['-c', LOOP, 'sh', String(this.pid), String(this.startTicks), String(SAMPLE_SECONDS), '0', mode], {
      line: (l) => this.onLoopLine(l),
      exit: (info) => {
        // A loop replaced (ss refused: the one that only watches it live took over) ends unheard.
        if (this.stopped || this.gone || this.loop !== loop) return;
        // The loop ends only when the uploader does: anything else is a failure to watch it.
        this.note ??= `the watch of its sockets ended (${info.why || `exit ${info.code ?? info.signal}`})`;
        this.onGone();
      },
    });
    this.loop = loop;
  }

  /** One sample, for a one-shot read: the bytes of the connections open now. */
  static async once(fs: RunFs, pid: number, startTicks: number, clock: () => number = Date.now): Promise<WireState> {
    const out = await fs.runCommand('sh', ['-c', LOOP, 'sh', String(pid), String(startTicks), '0', '1', 'ss'], ONCE_TIMEOUT_MS);
    const w = new WireWatch(fs, pid, startTicks, () => {}, clock);
    w.stopped = true;
    if (out === null) return { ...w.state, note: 'ss could not be run there' };
    for (const line of out.split('\n')) w.onLoopLine(line);
    const s = w.state;
    return { ...s, rateBps: null, since: clock(), note: s.note ?? 'one sample: connections closed before it are not counted' };
  }

  get ended(): boolean {
    return this.gone;
  }

  get state(): WireState {
    return {
      sentBytes: this.sampled ? this.ledger.total : null,
      rateBps: this.gone ? null : this.ledger.rate,
      since: this.since,
      note: this.note,
      openSockets: this.ledger.openSockets,
      shortConnections: this.ledger.shortConnections,
    };
  }

  private sampled = false;

  private onLoopLine(line: string): void {
    if (line === '#s') this.sample = [];
    else if (line === '#e') {
      const lines = this.sample ?? [];
      this.sample = null;
      const complaint = lines.find((l) => l.startsWith('!'));
      if (complaint) return this.refuse(`ss refused: ${said(complaint)}`);
      this.ledger.sample(lines.map(parseSsLine).filter((s) => s !== null), this.clock());
      this.sampled = true;
      this.changed();
    } else if (line === '#gone') this.onGone();
    else if (line.startsWith('!') && this.sample === null) this.refuse(line === '!ss not found' ? 'ss (iproute2) not found there: bytes on the wire are not counted' : `ss refused: ${said(line)}`);
    else this.sample?.push(line);
  }

  /** ss cannot be used: said once, and from then on the uploader is only watched to see it end. */
  private refuse(note: string): void {
    if (this.refused) return;
    this.refused = true;
    this.note = note;
    this.halt();
    if (!this.stopped && !this.gone) this.watchLoop('alive');
    this.changed();
  }

  private refused = false;

  private onGone(): void {
    if (this.gone) return;
    this.gone = true;
    this.loop?.stop();
    this.loop = null;
    this.changed();
    // Its sockets close as it exits: their last counters come as close events, a moment later.
    this.goneTimer = setTimeout(() => {
      this.events?.stop();
      this.events = null;
      this.changed();
    }, AFTER_GONE_MS);
  }

  private halt(): void {
    this.loop?.stop();
    this.events?.stop();
    this.loop = null;
    this.events = null;
  }

  stop(): void {
    this.stopped = true;
    if (this.goneTimer) clearTimeout(this.goneTimer);
    this.halt();
  }
}
