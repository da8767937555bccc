// The answer of the uploader scan (live/egress/uploader-finder.ts runs it where the run is): lines
//   me <uid>                     the user the scan ran as
//   up <seconds>                 /proc/uptime
//   hz <ticks per second>        getconf CLK_TCK
//   p <pid> <ppid> <uid> <start> <holds>\t<comm>\t<cmdline>
// one per process worth a look (wandb-named, python, a child of the training, the pid its log
// names): `start` in clock ticks since boot; `holds` 1 when one of its fds is the run's .wandb
// log, 0 when none is, - when its fds cannot be read (another user's). cmdline's NULs, tabs and
// newlines are spaces. Pure: text in, fields out; lines that do not parse are passed over.

export interface ScannedProcess {
  pid: number;
  ppid: number;
  uid: number | null;
  /** Clock ticks after boot. */
  start: number;
  /** Holds the run's .wandb open: true, false, or null when its fds could not be read. */
  holds: boolean | null;
  comm: string;
  args: string;
}

export interface ProcessScan {
  me: number | null;
  uptimeSeconds: number | null;
  hz: number | null;
  processes: ScannedProcess[];
}

const num = (s: string | undefined) => (s !== undefined && /^\d+(\.\d+)?$/.test(s) ? Number(s) : null);

export function parseProcessScan(text: string): ProcessScan {
  const out: ProcessScan = { me: null, uptimeSeconds: null, hz: null, processes: [] };
  for (const line of text.split('\n')) {
    const [head, comm, ...args] = line.split('\t');
    const w = head.split(' ');
    if (w[0] === 'me') out.me = num(w[1]);
    else if (w[0] === 'up') out.uptimeSeconds = num(w[1]);
    else if (w[0] === 'hz') out.hz = num(w[1]);
    else if (w[0] === 'p' && w.length === 6 && comm !== undefined) {
      const [pid, ppid, uid, start] = w.slice(1, 5).map(num);
      if (pid === null || ppid === null || start === null) continue;
      out.processes.push({ pid, ppid, uid, start, holds: w[5] === '1' ? true : w[5] === '0' ? false : null, comm, args: args.join(' ').trim() });
    }
  }
  return out;
}
