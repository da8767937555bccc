// Which files are TensorBoard event files, and in what order a folder's files are read.

export function isEventFileName(name: string): boolean {
  return name.includes('tfevents') && !name.endsWith('.profile-empty');
}

/** The writer's start time (seconds) from `events.out.tfevents.<time>.<host>…`, or null. */
export function eventFileTime(name: string): number | null {
  const m = /tfevents\.(\d+(?:\.\d+)?)/.exec(name);
  return m ? Number(m[1]) : null;
}

/** Files of one run in the order they were started (so resumed runs continue their steps). */
export function sortEventFiles(names: readonly string[]): string[] {
  return [...names].sort((a, b) => {
    const ta = eventFileTime(a);
    const tb = eventFileTime(b);
    if (ta !== null && tb !== null && ta !== tb) return ta - tb;
    return a < b ? -1 : a > b ? 1 : 0;
  });
}

const LFS_POINTER = Buffer.from('version https://git-lfs.github.com/spec/');

export function isLfsPointer(head: Uint8Array): boolean {
  return head.length >= LFS_POINTER.length && Buffer.compare(Buffer.from(head.subarray(0, LFS_POINTER.length)), LFS_POINTER) === 0;
}
