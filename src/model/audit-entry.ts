// One line of the egress audit: a staged file as the uploader will read it, or a file of an
// artifact the run logs.
import type { StagedFile } from './egress.js';

export interface AuditEntry {
  path: string;
  kind: StagedFile['kind'];
  /** A link's target as written. */
  target: string | null;
  category: string;
  /** What the uploader reads: for a link, its target's size. */
  bytes: number;
  /** null for a link (never read through) and a special file (never opened). */
  sha256: string | null;
  step: number | null;
  source: string | null;
  /** When it was first seen staged (ISO): its file time when it was there before the tool looked. */
  staged: string;
  /** The uploader's log: true when it names this file as sent, false when as failed; null when it says nothing of it. */
  uploaded: boolean | null;
}

/** A file of an artifact: what the manifest says, and the local file it came from where that is still there. */
export interface AuditArtifactEntry {
  artifact: string;
  type: string;
  /** 'record': from the .wandb log; 'expected': an online run logs it by request, which the log does not hold. */
  source: 'record' | 'expected';
  path: string;
  bytes: number;
  /** base64 MD5 as wandb writes it ('' where not known). */
  digest: string;
  /** A reference (nothing uploaded for it). */
  ref: string | null;
  /** The local file hashed, and why it is that file; null when none is there any more. */
  local: string | null;
  localWhy: string | null;
  sha256: string | null;
  /** The uploader's log names the file as sent (legacy: its staging copy); null when it says nothing. */
  uploaded: boolean | null;
}
