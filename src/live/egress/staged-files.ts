// What a wandb run has staged under files/, as a list of StagedFile: the ledger (staged-ledger.ts)
// walked whole at first and now and then, else only the paths the watcher named; each entry made
// into a StagedFile once (when it was first seen, its category, step, and the run-dir file it is a
// copy of, checked by hash). Returns the list when it may have changed, and the problems found.
import { join } from 'node:path/posix';
import type { StagedFile, UnlistedFiles } from '../../model/egress.js';
import { categorize, parseMediaName } from '../../sources/wandb/run-folder.js';
import type { RunFs } from '../fs/run-fs.js';
import { StagedLedger, type StagedEntry } from '../staged-ledger.js';

const MAX_FILES = 100_000;
/** The ledger is walked whole now and then in case an event was missed, at most 1/300 of the time. */
const RESCAN_MIN_MS = 60_000;
const RESCAN_COST_FACTOR = 300;
/** A staged image is hashed to find its source only up to this size (a link to /dev/zero never ends). */
const HASH_MAX_BYTES = 256 << 20;

export class StagedFiles {
  private ledger: StagedLedger | null = null;
  private firstSeen = new Map<string, number>();
  /** The ledger entry each listed file was made from: an entry the ledger did not replace is not made again. */
  private made = new Map<StagedEntry, StagedFile>();
  private hashes = new Map<string, { key: string; sha20: string }>();
  /** Paths the watcher named since the last pass. */
  readonly changed = new Set<string>();
  private rescanAt = 0;
  private oddTold = new Set<string>();
  private readonly root: string;

  /** `trainingDir`: the Ultralytics run whose files the staged media are copies of, if any. */
  constructor(private readonly fs: RunFs, runDir: string, private readonly trainingDir: string | null, private readonly clock: () => number) {
    this.root = join(runDir, 'files');
  }

  /** Walk whole at the next pass (the watcher's first look may have missed a change). */
  rescanSoon(): void {
    this.rescanAt = 0;
  }

  /**
   * The files now, or null when nothing was looked at (following, and no event since). `following`:
   * events name the changes, so a whole walk is only a safety net; `firstPass`: files there before
   * the tool looked were first seen at their own time.
   */
  async read(following: boolean, firstPass: boolean): Promise<{ files: StagedFile[] | null; unlisted?: UnlistedFiles | null; warnings: { cause: string; message: string }[] }> {
    const warnings: { cause: string; message: string }[] = [];
    let ledger = this.ledger;
    if (!ledger || !following || this.clock() >= this.rescanAt) {
      ledger ??= new StagedLedger(this.fs, this.root, MAX_FILES);
      const started = this.clock();
      this.changed.clear();
      await ledger.scanAll();
      if (following) this.rescanAt = this.clock() + Math.max(RESCAN_MIN_MS, RESCAN_COST_FACTOR * (this.clock() - started));
    } else {
      if (!this.changed.size) return { files: null, warnings };
      const paths = [...this.changed];
      this.changed.clear();
      for (const p of paths) await ledger.update(p);
      // A change past the listing cap: the unlisted totals are made again by a whole walk.
      if (ledger.stale) await ledger.scanAll();
    }
    this.ledger = ledger;
    const files: StagedFile[] = [];
    const made = new Map<StagedEntry, StagedFile>();
    for (const e of ledger.values()) {
      const f = this.made.get(e) ?? (await this.staged(e, firstPass));
      made.set(e, f);
      files.push(f);
      // A lasting condition is told once, when it is first met: each new odd name, the cap once.
      if (e.escaped && !this.oddTold.has(e.rel) && this.oddTold.size < 100) {
        this.oddTold.add(e.rel);
        warnings.push({ cause: 'name-not-utf8', message: `a staged name is not UTF-8: listed with \\xNN escapes (${e.rel})` });
      }
    }
    this.made = made;
    files.sort((a, b) => (a.path < b.path ? -1 : 1));
    // Past the listing cap, files are counted (totals stay exact) but not listed.
    const past = ledger.unlisted;
    return { files, unlisted: past.files ? { ...past, cap: MAX_FILES } : null, warnings };
  }

  private async staged(e: StagedEntry, firstPass: boolean): Promise<StagedFile> {
    let seen = this.firstSeen.get(e.rel);
    if (seen === undefined) {
      seen = firstPass ? e.mtimeMs : this.clock();
      this.firstSeen.set(e.rel, seen);
    }
    const media = e.kind === 'file' ? parseMediaName(e.rel) : null;
    return { path: e.rel, bytes: e.bytes, kind: e.kind, target: e.target, category: categorize(e.rel), firstSeen: seen, step: media?.step ?? null, source: await this.sourceOf(media) };
  }

  /** The run-dir file a staged image is a copy of: same name, and its sha256 starts with the hash in the staged name. */
  private async sourceOf(media: ReturnType<typeof parseMediaName>): Promise<string | null> {
    if (!media || this.trainingDir === null) return null;
    const name = `${media.key.split('/').pop()}.${media.ext}`;
    const path = join(this.trainingDir, name);
    const st = await this.fs.lstat(path);
    if (st?.kind !== 'file' || st.size > HASH_MAX_BYTES) return null;
    const cacheKey = `${path}:${st.size}:${st.mtimeMs}`;
    let h = this.hashes.get(cacheKey);
    if (!h) {
      const sha = await this.fs.sha256(path);
      if (sha === null) return null;
      h = { key: cacheKey, sha20: sha.slice(0, 20) };
      this.hashes.set(cacheKey, h);
    }
    return h.sha20 === media.sha20 ? name : null;
  }
}
