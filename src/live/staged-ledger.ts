// Every entry under a wandb run's files/ folder, kept up to date one path at a time. Names are read
// as bytes (a name that is not UTF-8 is still listed, escaped); links are listed with their target
// and the target's size (what the uploader will read) but never read through; FIFOs, sockets and
// devices are listed and never opened.
import type { Stats } from 'node:fs';
import { lstat, readdir, readlink, stat } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import { nameText } from './fs/names.js';

export interface StagedEntry {
  /** Relative to files/, / separators, escaped where not UTF-8. */
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

async function describe(rel: string, abs: Buffer, st: Stats, escaped: boolean): Promise<StagedEntry | null> {
  if (st.isFile()) return { rel, kind: 'file', bytes: st.size, target: null, mtimeMs: st.mtimeMs, escaped };
  if (st.isSymbolicLink()) {
    let target = '';
    let targetEscaped = false;
    try {
      ({ text: target, escaped: targetEscaped } = nameText(await readlink(abs, { encoding: 'buffer' })));
    } catch {
      // gone meanwhile: listed with an empty target
    }
    let bytes = 0;
    try {
      const to = await stat(abs);
      if (to.isFile()) bytes = to.size;
    } catch {
      // dangling, or a loop: the uploader reads nothing
    }
    return { rel, kind: 'symlink', bytes, target, mtimeMs: st.mtimeMs, escaped: escaped || targetEscaped };
  }
  if (st.isDirectory()) return null;
  return { rel, kind: 'special', bytes: 0, target: null, mtimeMs: st.mtimeMs, escaped };
}

export class StagedLedger {
  private readonly entries = new Map<string, StagedEntry>();
  private readonly rootBytes: Buffer;
  /** Entries not listed because the ledger is full. */
  overflow = false;

  constructor(readonly root: string, private readonly max: number) {
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
    const rel = relative(this.root, path).split(sep).join('/');
    if (rel.startsWith('..')) return;
    if (rel === '') return this.scanAll();
    const parts = rel.split('/');
    const mangled = parts.findIndex((p) => p.includes('\ufffd'));
    if (mangled >= 0) return this.reconcile(parts.slice(0, mangled).join('/'));
    let st: Stats;
    try {
      st = await lstat(path);
    } catch {
      this.removeUnder(rel);
      return;
    }
    if (st.isDirectory()) {
      await this.walk(Buffer.from(path), rel, new Set());
      return;
    }
    this.removeUnder(rel);
    const entry = await describe(rel, Buffer.from(path), st, false);
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
    let names: Buffer[];
    try {
      names = await readdir(dir, { encoding: 'buffer' });
    } catch {
      return;
    }
    for (const name of names) {
      const { text, escaped } = nameText(name);
      const childRel = rel ? `${rel}/${text}` : text;
      const abs = joinBytes(dir, name);
      let st: Stats;
      try {
        st = await lstat(abs);
      } catch {
        continue;
      }
      if (st.isDirectory()) {
        await this.walk(abs, childRel, seen);
        continue;
      }
      const entry = await describe(childRel, abs, st, escaped);
      if (!entry) continue;
      seen.add(childRel);
      this.put(entry);
    }
  }
}
