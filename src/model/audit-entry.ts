// One line of the egress audit: a staged file as the uploader will read it.
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
}
