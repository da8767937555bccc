// Which process uploads a wandb run, by evidence, on the machine the run is on (through its fs:
// here, or the host over ssh): the process of the same user that holds the run's .wandb log open
// (wandb-core, or the legacy backend, writes it), else a `wandb-core … --pid <training pid>`, else
// the legacy service of the training (`wandb-service(2-<training pid>-…)`) or the pid the legacy
// log names. One POSIX sh scan of /proc: a read of each process's stat (shell builtins), and for the
// few worth a look (wandb-named, python, children of the training) their uid, fds and cmdline.
import { basename } from 'node:path/posix';
import type { UploaderRef, UploaderStatus } from '../../model/egress.js';
import { parseProcessScan, type ProcessScan, type ScannedProcess } from '../../sources/proc/process-scan.js';
import type { RunFs } from '../fs/run-fs.js';

const SCAN_TIMEOUT_MS = 10_000;

// $1 the .wandb log, $2 the training's pid (or empty), $3 the pid a legacy log names (or empty).
const SCAN = `w=$1 t=$2 s=$3 nl='
'
[ -r /proc/self/stat ] || { echo noproc; exit 0; }
r=$(readlink -f -- "$w" 2>/dev/null) || r=$w
echo "me $(id -u)"
read -r up _ 2>/dev/null </proc/uptime && echo "up $up"
echo "hz $(getconf CLK_TCK 2>/dev/null)"
for d in /proc/[0-9]*; do
  set -f
  IFS= read -r st 2>/dev/null <"$d/stat" || continue
  p=\${d#/proc/} c=\${st#*\\(}; c=\${c%\\)*}; x=\${st##*\\) }
  set -- $x
  pp=$2 sti=\${20}
  case $c in wandb*|python*|Python*) ;; *) [ "$pp" = "$t" ] || [ "$p" = "$s" ] || continue ;; esac
  u=
  while IFS= read -r l; do case $l in Uid:*) set -- $l; u=$2; break ;; esac; done 2>/dev/null <"$d/status"
  h=-
  if o=$(ls -l "$d/fd" 2>/dev/null); then h=0; case "$o$nl" in *" -> $r$nl"*) h=1 ;; esac; fi
  a=$(tr '\\0\\n\\t' '   ' 2>/dev/null <"$d/cmdline" | head -c 512)
  printf 'p %s %s %s %s %s\\t%s\\t%s\\n' "$p" "$pp" "\${u:--}" "$sti" "$h" "$c" "$a"
done`;

export interface UploaderFound {
  ref: UploaderRef | null;
  status: UploaderStatus;
  note: string | null;
  /** The process's start in clock ticks after boot (it tells the process from a later one with its pid). */
  startTicks: number | null;
}

export interface UploaderHints {
  trainingPid: number | null;
  /** The pid the legacy backend's log names as its own. */
  serverPid: number | null;
}

/** Where a training pid appears as wandb-core's `--pid N` or in the legacy service's title `wandb-service(2-N-…)`. */
function namesTraining(p: ScannedProcess, training: number): boolean {
  return new RegExp(`(?:^|\\s)--pid[= ]${training}(?:\\s|$)`).test(p.args) || new RegExp(`wandb-service\\(\\d+-${training}-`).test(`${p.comm} ${p.args}`);
}

const isCore = (p: ScannedProcess) => p.comm === 'wandb-core' || /(^|\/)wandb-core(\s|$)/.test(p.args);
const isLegacy = (p: ScannedProcess) => p.comm.startsWith('wandb-service') || /wandb-service\(|-m wandb(\.\w+)* service|wandb\/sdk\/internal\/internal\.py/.test(p.args);

/** The uploader among the scanned processes, and why; pure. */
export function pickUploader(scan: ProcessScan, logName: string, hints: UploaderHints, now: number): UploaderFound {
  const mine = (p: ScannedProcess) => scan.me === null || p.uid === scan.me;
  const startedAt = (p: ScannedProcess) =>
    scan.uptimeSeconds !== null && scan.hz ? Math.round(now - (scan.uptimeSeconds - p.start / scan.hz) * 1000) : null;
  const found = (p: ScannedProcess, evidence: string): UploaderFound => ({
    ref: { pid: p.pid, name: p.comm, evidence, startedAt: startedAt(p) },
    status: 'alive',
    note: null,
    startTicks: p.start,
  });
  const holder = scan.processes.find((p) => p.holds === true && mine(p));
  if (holder) return found(holder, `holds ${logName} open`);
  const t = hints.trainingPid;
  const byTraining = t === null ? [] : scan.processes.filter((p) => (isCore(p) || isLegacy(p)) && namesTraining(p, t));
  const byLog = hints.serverPid === null ? [] : scan.processes.filter((p) => p.pid === hints.serverPid && isLegacy(p));
  const named = [...byTraining, ...byLog];
  const own = named.find(mine);
  if (own) return found(own, isCore(own) ? `wandb-core --pid ${t} (the training)` : own.pid === hints.serverPid ? `the legacy backend its log names (pid ${own.pid})` : `the legacy service of the training (pid ${t})`);
  const other = named[0];
  if (other) {
    return { ref: null, status: 'another user', note: `pid ${other.pid} (${other.comm}) is another user's: its connections are not readable without root`, startTicks: null };
  }
  const why = t === null ? 'no process holds its log open, and logs/debug.log names no training pid yet' : `no process holds its log open or names the training (pid ${t})`;
  return { ref: null, status: 'not found', note: why, startTicks: null };
}

/** Scans the processes of the machine the run is on; null when that cannot be done there (no /proc, or the scan failed). */
export async function scanProcesses(fs: RunFs, wandbLog: string, hints: UploaderHints): Promise<ProcessScan | null> {
  const out = await fs.runCommand('sh', ['-c', SCAN, 'sh', wandbLog, String(hints.trainingPid ?? ''), String(hints.serverPid ?? '')], SCAN_TIMEOUT_MS);
  if (out === null || out.startsWith('noproc')) return null;
  return parseProcessScan(out);
}

/** Looks for the run's uploader. */
export async function findUploader(fs: RunFs, wandbLog: string, hints: UploaderHints, now: number): Promise<UploaderFound> {
  const scan = await scanProcesses(fs, wandbLog, hints);
  if (!scan) return { ref: null, status: 'not found', note: `its processes cannot be listed there (no /proc, or the scan failed)`, startTicks: null };
  return pickUploader(scan, basename(wandbLog), hints, now);
}
