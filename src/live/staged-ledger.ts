// Every entry under a wandb run's files/ folder, kept up to date one path at a time. Names are read
// as bytes (a name that is not UTF-8 is still listed, its bytes kept: see fs/names.ts); links are listed with their target
// and the target's size (what the uploader will read) but never read through; FIFOs, sockets and
// devices are listed and never opened.
import { isUtf8 } from 'node:buffer';
import { relative } from 'node:path/posix';
import { nameString, nameText } from './fs/names.js';
import type { FileInfo, RunFs } from './fs/run-fs.js';

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
  /** Entries not listed because the ledger is full. */
  overflow = false;

  constructor(private readonly fs: RunFs, readonly root: string, private readonly max: number) {
    this.rootBytes = Buffer.from(root);
  }

  values(): IterableIterator<StagedEntry> {
    return this.entries.values();
  }

  /** Walks the whole folder again (at start, and now and then to catch what events missed). */
  async scanAll(): Promise<void> {
    const seen = new Set<string>();
    this.overflow = false;
    await this.walk(this.rootBytes, '', seen);
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
      this.overflow = true;
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
