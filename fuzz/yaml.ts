// The YAML format of the fuzzer: a valid document made from the seed (yaml-docs.ts), then byte
// mutations and the shapes that once took the process to gigabytes (nesting, aliases, many
// nodes, one long line, tabs, unclosed quotes, escapes that make control characters), of a size
// drawn up to about 2 MiB. Each mutant is read as an Ultralytics args.yaml and as a wandb
// config.yaml that names the training, through the readers `--once` uses and every face.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EgressReader } from '../src/live/egress-reader.js';
import { LocalFs } from '../src/live/fs/local-fs.js';
import { openRun } from '../src/live/open-run.js';
import { viewRun } from '../src/model/run-view.js';
import { cleanLines, safeJson } from '../src/model/text.js';
import { egressJson, egressLines } from '../src/report/egress-report.js';
import { ultralyticsJson } from '../src/report/json-snapshot.js';
import { ultralyticsText } from '../src/report/text-snapshot.js';
import { yamlDocument } from './yaml-docs.js';

/** Hostile text of about `n` characters. */
const SHAPES: ((n: number, rnd: () => number) => string)[] = [
  (n) => `k: ${'['.repeat(n)}`,
  (n) => `k: ${'['.repeat(n >> 1)}${']'.repeat(n >> 1)}`,
  (n) => `k: ${'{a: '.repeat(n >> 2)}1${'}'.repeat(n >> 2)}`,
  (n) => `k:\n  ${'- '.repeat(n >> 1)}x`,
  (n) => `x: &a [1, 2]\nb: [${'*a, '.repeat(n >> 2)}*a]`,
  (_, rnd) => Array.from({ length: 2 + Math.floor(rnd() * 40) }, (_, i) => (i ? `a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]` : 'a0: &a0 [x, x, x, x, x, x, x, x, x]')).join('\n'),
  (n) => Array.from({ length: n >> 4 }, (_, i) => `k${i}: {a: ${i}}`).join('\n'),
  (n) => `name: ${'a: '.repeat(n / 3)}`,
  (n) => `name: "${'x'.repeat(n)}`,
  (n) => `name: '${"''".repeat(n >> 1)}`,
  (n) => Array.from({ length: Math.floor(Math.sqrt(n)) }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n'),
  (n) => `task: ${' '.repeat(n)}x`,
  (n) => `"${' '.repeat(n)}x": 1`,
  () => '\ttask: pose',
  () => 'name: "\\e[2J\\x1b]52;c;aGk=\\x07\\u202e\\u0085\\x9b31m"',
  () => "save_dir: 'runs/\u001b[31mred\u0007'",
  () => 'task: !!binary aGk=',
  () => '---\ntask: pose\n---\ntask: detect',
  () => '\r\rtask:\r detect',
  () => '\ufeffname: \ud800',
];

/** The YAML mutant for a seed. */
export function yamlMutant(rnd: () => number, mutate: (b: Buffer, rnd: () => number) => Buffer): Buffer {
  let text = yamlDocument(rnd, 2).text;
  if (rnd() < 0.6) {
    const shape = SHAPES[Math.floor(rnd() * SHAPES.length)];
    const n = Math.floor(2 ** (rnd() * 21));
    const lines = text.split('\n');
    lines.splice(Math.floor(rnd() * (lines.length + 1)), 0, shape(n, rnd));
    text = lines.join('\n');
  }
  const bytes = Buffer.from(text);
  return rnd() < 0.5 ? mutate(bytes, rnd) : bytes;
}

/** Reads the mutant as args.yaml and as the config.yaml of a wandb run, as --once would; the faces' text. */
export async function readYamlFaces(bytes: Buffer, dir: string): Promise<string> {
  const now = Date.now();
  const runDir = join(dir, 'runs', 'detect', 'train');
  mkdirSync(runDir, { recursive: true });
  writeFileSync(join(runDir, 'args.yaml'), bytes);
  writeFileSync(join(runDir, 'results.csv'), 'epoch,train/box_loss\n1,0.5\n');
  const files = join(dir, 'wandb', 'run-20260101_000000-fuzz0001', 'files');
  mkdirSync(files, { recursive: true });
  writeFileSync(join(files, 'config.yaml'), bytes);
  const fs = new LocalFs(dir);
  const { reader } = openRun({ kind: 'run', format: 'ultralytics', fs, runDir, csvPath: join(runDir, 'results.csv'), label: 'fuzz' });
  await reader.sync(false);
  reader.finish();
  const run = reader.store.snapshot;
  if (run.format !== 'ultralytics') throw new Error('not an Ultralytics run');
  const view = viewRun(run, now);
  const egress = new EgressReader({ kind: 'training', fs, runDir }, { wandbDir: null });
  await egress.sync();
  const s = egress.store.snapshot;
  return [cleanLines(ultralyticsText(run, view, 100)), safeJson(ultralyticsJson(run, view)), cleanLines(egressLines(s, now).join('\n')), safeJson(egressJson(s, now))].join('\n');
}
