// Every entry under a wandb run's files/ folder, kept up to date one path at a time. Names are read
// as bytes (a name that is not UTF-8 is still listed, its bytes kept: see fs/names.ts); links are listed with their target
// and the target's size (what the uploader will read) but never read through; FIFOs, sockets and
// devices are listed and never opened. At most `max` entries are kept; the rest are not listed but
// still counted, file by file and byte by byte, so the totals stay exact whatever the count.
import { isUtf8 } from 'node:buffer';
import { relative } from 'node:path/posix';
import { CATEGORIES, categorize, type Category } from '../sources/wandb/run-folder.js';
import { nameString, nameText } from './fs/names.js';
import type { FileInfo, RunFs } from './fs/run-fs.js';

/** The entries past the cap: how many, their bytes, by category. */
export interface Unlisted {
  files: number;
  bytes: number;
  byCategory: Record<Category, number>;
}

const noneUnlisted = (): Unlisted => ({ files: 0, bytes: 0, byCategory: Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number> });

export interface StagedEntry {
  /** Relative to files/, / separators; a name's bytes that are not UTF-8 kept (fs/names.ts): it opens, and shows escaped. */
  rel: string;
  kind: 'file' | 'symlink' | 'special';
  bytes: number;
  target: string | null;
  mtimeMs: number;
  /** The name (or its link target) had bytes that are not UTF-8. */
  escaped: boolean;
}

const SLASH = Buffer.from('/');

function joinBytes(dir: Buffer, name: Buffer): Buffer {
  return Buffer.concat([dir, SLASH, name]);
}

async function describe(fs: RunFs, rel: string, abs: Buffer, st: FileInfo, escaped: boolean): Promise<StagedEntry | null> {
  if (st.kind === 'file') return { rel, kind: 'file', bytes: st.size, target: null, mtimeMs: st.mtimeMs, escaped };
  if (st.kind === 'symlink') {
    // A link gone meanwhile is listed with an empty target; a dangling one or a loop: the uploader reads nothing.
    const [link, to] = await Promise.all([fs.readlink(abs), fs.stat(abs)]);
    const { text: target, escaped: targetEscaped } = link ? nameText(link) : { text: '', escaped: false };
    const bytes = to?.kind === 'file' ? to.size : 0;
    return { rel, kind: 'symlink', bytes, target, mtimeMs: st.mtimeMs, escaped: escaped || targetEscaped };
  }
  if (st.kind === 'dir') return null;
  return { rel, kind: 'special', bytes: 0, target: null, mtimeMs: st.mtimeMs, escaped };
}

export class StagedLedger {
  private readonly entries = new Map<string, StagedEntry>();
  private readonly rootBytes: Buffer;
  /** What the last whole walk found past the cap (see `stale`). */
  private past = noneUnlisted();
  /** During a whole walk: what it has found past the cap so far. */
  private walking: Unlisted | null = null;
  /**
   * A change past the cap (a path not listed while some are unlisted, or a new one with no room):
   * the unlisted totals may be off until the next whole walk, which the caller should make now.
   */
  stale = false;

  constructor(private readonly fs: RunFs, readonly root: string, private readonly max: number) {
    this.rootBytes = Buffer.from(root);
  }

  values(): IterableIterator<StagedEntry> {
    return this.entries.values();
  }

  /** The entries past the cap, counted at the last whole walk: none when all are listed. */
  get unlisted(): Readonly<Unlisted> {
    return this.past;
  }

  /** Walks the whole folder again (at start, and now and then to catch what events missed). */
  async scanAll(): Promise<void> {
    const seen = new Set<string>();
    this.walking = noneUnlisted();
    try {
      await this.walk(this.rootBytes, '', seen);
      this.past = this.walking;
      this.stale = false;
    } finally {
      this.walking = null;
    }
    for (const rel of [...this.entries.keys()]) if (!seen.has(rel)) this.entries.delete(rel);
  }

  /**
   * One path changed (a watcher's event, absolute). Its entry is taken again; a folder is walked;
   * a path gone takes what was under it. A name the watcher could not spell (not UTF-8) makes its
   * folder be read again, by bytes.
   */
  async update(path: string): Promise<void> {
    const rel = relative(this.root, path);
    if (rel.startsWith('..')) return;
    if (rel === '') return this.scanAll();
    // Past the cap, only a listed file's own change can be taken alone: anything else may touch an
    // unlisted entry, whose size is not kept.
    if (this.past.files > 0 && !this.entries.has(rel)) {
      this.stale = true;
      return;
    }
    const parts = rel.split('/');
    const mangled = parts.findIndex((p) => p.includes('\ufffd'));
    if (mangled >= 0) return this.reconcile(parts.slice(0, mangled).join('/'));
    const st = await this.fs.lstat(path);
    if (st?.kind === 'dir') {
      await this.walk(Buffer.from(path), rel, new Set());
      return;
    }
    this.removeUnder(rel);
    if (!st) return;
    const entry = await describe(this.fs, rel, Buffer.from(path), st, false);
    if (entry) this.put(entry);
  }

  private put(entry: StagedEntry): void {
    if (!this.entries.has(entry.rel) && this.entries.size >= this.max) {
      if (this.walking) {
        this.walking.files += 1;
        this.walking.bytes += entry.bytes;
        this.walking.byCategory[categorize(entry.rel)] += entry.bytes;
      } else this.stale = true;
      return;
    }
    this.entries.set(entry.rel, entry);
  }

  private removeUnder(rel: string): void {
    this.entries.delete(rel);
    const prefix = `${rel}/`;
    for (const k of this.entries.keys()) if (k.startsWith(prefix)) this.entries.delete(k);
  }

  /** One folder (UTF-8 named) read again by bytes: what is under it now replaces what was listed. */
  private async reconcile(relDir: string): Promise<void> {
    if (relDir === '') return this.scanAll();
    const seen = new Set<string>();
    await this.walk(joinBytes(this.rootBytes, Buffer.from(relDir)), relDir, seen);
    const prefix = `${relDir}/`;
    for (const k of [...this.entries.keys()]) if (k.startsWith(prefix) && !seen.has(k)) this.entries.delete(k);
  }

  private async walk(dir: Buffer, rel: string, seen: Set<string>): Promise<void> {
    for (const { name, kind, info } of (await this.fs.readdir(dir)) ?? []) {
      const text = nameString(name);
      const escaped = !isUtf8(name);
      const childRel = rel ? `${rel}/${text}` : text;
      const abs = joinBytes(dir, name);
      if (kind === 'dir') {
        await this.walk(abs, childRel, seen);
        continue;
      }
      const st = info ?? (await this.fs.lstat(abs));
      if (!st) continue;
      const entry = await describe(this.fs, childRel, abs, st, escaped);
      if (!entry) continue;
      seen.add(childRel);
      this.put(entry);
    }
  }
}
