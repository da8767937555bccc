// How a staged file is named in lists (the e view, the audit): what the uploader will read is
// not always a plain file, and the list says so.
import type { StagedFile } from './egress.js';
import { fitPath } from './fit-text.js';
import { cleanText } from './text.js';

const SPECIAL = ' [special]';

/** A staged file's name in `width` characters: a link with its target (its bytes are the target's), a FIFO or device marked. */
export function stagedName(f: Pick<StagedFile, 'path' | 'kind' | 'target'>, width: number): string {
  const path = cleanText(f.path);
  if (f.kind === 'special') return `${fitPath(path, Math.max(1, width - SPECIAL.length))}${SPECIAL}`;
  if (f.kind !== 'symlink') return fitPath(path, width);
  const target = cleanText(f.target ?? '');
  const room = width - 3;
  if (path.length + target.length <= room) return `${path} → ${target}`;
  const targetW = Math.min(target.length, Math.max(Math.floor(room / 2), room - path.length));
  return `${fitPath(path, room - targetW)} → ${fitPath(target, targetW)}`;
}
