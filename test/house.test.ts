// DESIGN.md's "house": imports point one way (cli -> ui | report -> model <- live -> sources,
// discover used by cli and live), and no two files import each other, directly or around a loop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const SRC = resolve(import.meta.dirname, '../src');

/** What each top-level folder may import besides itself. */
const ALLOWED: Record<string, string[]> = {
  sources: [],
  model: ['sources'],
  live: ['model', 'sources', 'discover'],
  discover: ['live/fs', 'model', 'sources'],
  report: ['model', 'sources', 'chart'],
  chart: ['model'],
  ui: ['model', 'chart', 'report'],
};
/** Packages a layer must not load: the model does no I/O and draws nothing. */
const FORBIDDEN_PACKAGES: Record<string, RegExp> = {
  sources: /^(ink|react|chokidar|node:fs|node:child_process)/,
  model: /^(ink|react|chokidar|node:fs|node:child_process|node:timers)/,
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(n) ? [p] : [];
  });
}

/** Every module a file names; `typeOnly` for `import type` (gone once compiled). */
function imports(file: string): { spec: string; typeOnly: boolean }[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(import|export)(\s+type)?\s[^'"]*?from\s+'([^']+)'|import\('([^']+)'\)/gm)].map((m) => ({ spec: m[3] ?? m[4], typeOnly: m[2] !== undefined }));
}

const layerOf = (rel: string) => (rel.includes('/') ? rel.split('/')[0] : '(top)');

function resolveImport(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const p = resolve(dirname(from), spec).replace(/\.js$/, '');
  for (const ext of ['.ts', '.tsx']) {
    try {
      if (statSync(p + ext).isFile()) return p + ext;
    } catch {}
  }
  return null;
}

// Types may cross (a view reads the shapes live/ publishes); code may not.
test('code imports point the way DESIGN.md draws them', () => {
  const wrong: string[] = [];
  for (const f of files(SRC)) {
    const rel = relative(SRC, f);
    const layer = layerOf(rel);
    const allowed = ALLOWED[layer];
    for (const { spec, typeOnly } of imports(f)) {
      if (typeOnly) continue;
      if (FORBIDDEN_PACKAGES[layer]?.test(spec)) wrong.push(`${rel} loads ${spec}`);
      const target = resolveImport(f, spec);
      if (!target || !allowed) continue;
      const trel = relative(SRC, target);
      const tl = layerOf(trel);
      if (tl === layer) continue;
      if (!allowed.some((a) => trel.startsWith(a + '/'))) wrong.push(`${rel} -> ${trel}`);
    }
  }
  assert.deepEqual(wrong, []);
});

test('no import cycles between files, types included', () => {
  const graph = new Map<string, string[]>();
  for (const f of files(SRC)) graph.set(f, imports(f).map((i) => resolveImport(f, i.spec)).filter((t): t is string => t !== null));
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, 'open');
    stack.push(f);
    for (const t of graph.get(f) ?? []) {
      if (state.get(t) === 'open') cycles.push(stack.slice(stack.indexOf(t)).concat(t).map((p) => relative(SRC, p)).join(' -> '));
      else if (!state.has(t)) visit(t);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of graph.keys()) if (!state.has(f)) visit(f);
  assert.deepEqual(cycles, []);
});
