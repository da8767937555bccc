// How the built app starts (bin/aigp-watch.js runs dist/launch.cjs): its scripts, CommonJS made
// from the build's chunks (scripts/bundle.js), run through V8's code cache, so a start compiles
// almost nothing: the bytecode of what the last start ran is read back. Node 20 has no code cache
// for ES modules, and a cold compile of the app and Ink is most of the time to the first
// interactive frame. The cache is ours alone: one file per script in
// $XDG_CACHE_HOME/aigp-watch/<node version> (~/.cache/…), written once (the first start, or after
// an upgrade), after the first interactive frame or at exit; each is checked against its script's
// bytes and its own CRC before V8 sees it. AIGP_WATCH_CODE_CACHE=off uses none.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { Script } from 'node:vm';
import { crc32 } from 'node:zlib';

const MAGIC = 'aigp-watch code cache 1\n';
const HEADER = MAGIC.length + 13;
/** When a cache was made: at the exit of a start that never drew (--help, --once), or after an interactive frame (all of start-up compiled). */
const AT_EXIT = 0;
const AT_FRAME = 1;

interface Loaded {
  name: string;
  script: Script;
  /** The source's length and CRC: what a cache of it is checked against. */
  length: number;
  crc: number;
  /** When the cache read was made (AT_EXIT, AT_FRAME); -1: none was usable. */
  made: number;
}

/** Where the caches of this Node live; null: none (turned off, no home, or not a folder of ours). */
function cacheDir(): string | null {
  if (process.env.AIGP_WATCH_CODE_CACHE === 'off') return null;
  try {
    // XDG: a relative $XDG_CACHE_HOME is ignored.
    const xdg = process.env.XDG_CACHE_HOME;
    const base = xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.cache');
    const root = join(base, 'aigp-watch');
    const dir = join(root, `${process.version}-${process.arch}`);
    if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
    // Bytecode from here is run: only from a folder this user owns and no one else can write.
    const st = statSync(dir);
    if (!st.isDirectory() || (process.getuid && st.uid !== process.getuid()) || (st.mode & 0o022) !== 0) return null;
    return dir;
  } catch {
    return null;
  }
}

const dir = cacheDir();
const scripts = new Map<string, { exports: unknown }>();
const loaded: Loaded[] = [];

/** A cache file's payload, if it is one and of this source (its length and CRC), with when it was made. */
function parseCache(data: Buffer | undefined, length: number, crc: number): { data: Buffer; made: number } | undefined {
  if (!data || data.length <= HEADER || data.toString('latin1', 0, MAGIC.length) !== MAGIC) return undefined;
  const payload = data.subarray(HEADER);
  const ok = data.readUInt32LE(MAGIC.length) === length && data.readUInt32LE(MAGIC.length + 4) === crc && data.readUInt32LE(MAGIC.length + 8) === crc32(payload);
  return ok ? { data: payload, made: data[MAGIC.length + 12] } : undefined;
}

const cacheFile = (file: string) => (dir ? join(dir, `${basename(file)}.cache`) : null);

/** Runs one of the build's scripts (as require does a module), from its bytes and its cache file's. */
function run(file: string, bytes: Buffer, cached: Buffer | undefined): unknown {
  const source = bytes.toString('utf8');
  const length = source.length;
  const crc = crc32(bytes);
  const cache = parseCache(cached, length, crc);
  const script = new Script(`(function (exports, require, module, __filename, __dirname, __import) {${source}\n})`, { filename: file, cachedData: cache?.data });
  loaded.push({ name: basename(file), script, length, crc, made: !cache || script.cachedDataRejected === true ? -1 : cache.made });
  const module = { exports: {} };
  scripts.set(file, module);
  const from = dirname(file);
  const real = createRequire(join(from, 'noop.js'));
  const require = (id: string) => (id.startsWith('./') || id.startsWith('../') ? load(resolve(from, id)) : real(id));
  // import() of a chunk: read without blocking (the app goes on meanwhile), then run.
  const importLater = (id: string) => loadLater(resolve(from, id));
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, require, module, file, from, importLater);
  return module.exports;
}

function readIfThere(path: string | null): Buffer | undefined {
  try {
    return path ? readFileSync(path) : undefined;
  } catch {
    return undefined;
  }
}

function load(file: string): unknown {
  return scripts.get(file)?.exports ?? run(file, readFileSync(file), readIfThere(cacheFile(file)));
}

async function loadLater(file: string): Promise<unknown> {
  const known = scripts.get(file);
  if (known) return known.exports;
  const path = cacheFile(file);
  const [bytes, cached] = await Promise.all([readFile(file), path ? readFile(path).catch(() => undefined) : undefined]);
  return scripts.get(file)?.exports ?? run(file, bytes, cached);
}

let saved = -1;

/**
 * Writes the caches that were missing, or that a start which never drew made, once `when` (after
 * the first interactive frame: all of start-up is compiled then; at exit: only those missing).
 */
function save(when: number): void {
  if (saved >= when || !dir) return;
  saved = when;
  try {
    const names = new Set(readdirSync(DIST_DIR, { recursive: true }).map((f) => basename(String(f))));
    for (const l of loaded) {
      if (l.made >= when) continue;
      const payload = l.script.createCachedData();
      const header = Buffer.alloc(HEADER);
      header[MAGIC.length + 12] = when;
      header.write(MAGIC, 0, 'latin1');
      header.writeUInt32LE(l.length, MAGIC.length);
      header.writeUInt32LE(l.crc, MAGIC.length + 4);
      header.writeUInt32LE(crc32(payload), MAGIC.length + 8);
      const tmp = join(dir, `.${l.name}.${process.pid}`);
      writeFileSync(tmp, Buffer.concat([header, payload]), { mode: 0o600 });
      renameSync(tmp, join(dir, `${l.name}.cache`));
    }
    // The caches of scripts this build no longer has, and of other Node versions, go.
    for (const f of readdirSync(dir)) if (f.endsWith('.cache') && !names.has(f.slice(0, -'.cache'.length))) rmSync(join(dir, f), { force: true });
    for (const other of readdirSync(dirname(dir))) if (join(dirname(dir), other) !== dir) rmSync(join(dirname(dir), other), { recursive: true, force: true });
  } catch {
    // a full disk, a read-only home: the next start compiles, as without a cache
  }
}

const DIST_DIR = dirname(__filename);

// The app asks for the save once its first interactive frame is out (src/code-cache.ts).
(globalThis as Record<symbol, unknown>)[Symbol.for('aigp-watch.code-cache.save')] = () => save(AT_FRAME);
process.on('exit', () => save(AT_EXIT));
load(join(DIST_DIR, 'aigp-watch.cjs'));
