// What a wandb run's files/ holds, counted independently of the reader: every entry that is not a
// folder (regular files, links, FIFOs), with what the uploader would read: a regular file's size,
// a link's target size when the target is a regular file.
import { lstatSync, readdirSync, statSync } from 'node:fs';

export function stagedOnDisk(dir: string | Buffer): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const name of readdirSync(dir, { encoding: 'buffer' })) {
    const p = Buffer.concat([Buffer.from(dir), Buffer.from('/'), name]);
    const st = lstatSync(p);
    if (st.isDirectory()) {
      const sub = stagedOnDisk(p);
      files += sub.files;
      bytes += sub.bytes;
      continue;
    }
    files += 1;
    if (st.isFile()) bytes += st.size;
    else if (st.isSymbolicLink()) {
      try {
        const to = statSync(p);
        if (to.isFile()) bytes += to.size;
      } catch {
        // dangling
      }
    }
  }
  return { files, bytes };
}
