// The bounded YAML reader agrees with the yaml package on every value it reads, says what it
// passed over, and stays one linear pass on the shapes that took the yaml package to gigabytes.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { random } from '../../../fuzz/harness.js';
import { yamlDocument, type Expect } from '../../../fuzz/yaml-docs.js';
import { MAX_KEYS, MAX_SCALAR_CHARS, readYamlMapping, Unread, type YamlMap, type YamlValue } from '../../../src/sources/yaml/yaml-mapping.js';
import { needsShared, REPO, SHARED_FIXTURES } from '../../helpers/paths.js';

/** Ours against the yaml package's value: equal where read, a collection (or a form the generator marked) where not. */
function agree(ours: YamlMap, theirs: unknown, expect: Map<string, Expect> | null, where: string): void {
  assert.ok(theirs && typeof theirs === 'object' && !Array.isArray(theirs), `${where}: the yaml package read no mapping`);
  const t = theirs as Record<string, unknown>;
  assert.deepEqual([...ours.keys()].sort(), Object.keys(t).sort(), `${where}: keys`);
  for (const [k, v] of ours) {
    const e = expect?.get(k);
    if (v instanceof Unread) {
      assert.ok(e === 'unread' || (e === undefined && typeof t[k] === 'object' && t[k] !== null), `${where}: ${k} not read (${v.what}), yaml has ${JSON.stringify(t[k])}`);
    } else if (v instanceof Map) {
      agree(v, t[k], e instanceof Map ? e : null, `${where}.${k}`);
    } else {
      assert.notEqual(e, 'unread', `${where}: ${k} read as ${JSON.stringify(v)}, expected unread`);
      assert.deepEqual(v, t[k], `${where}: ${k}`);
    }
  }
}

const plain = (v: YamlValue): unknown => (v instanceof Unread ? `<${v.what}>` : v instanceof Map ? Object.fromEntries([...v].map(([k, x]) => [k, plain(x)])) : v);

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /^(args|opt|hyp|config|hparams)\.yaml$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

describe('readYamlMapping: what it reads, it reads as the yaml package does', () => {
  it('scalars as the core schema resolves them, plain, quoted and over several lines', () => {
    const values = ['null', '~', 'Null', 'true', 'False', 'TRUE', 'yes', '0', '-3', '+7', '007', '1.0', '.5', '1.', '-2.5e-3', '1e3', '0x1F', '+0x1F', '0o17', '.inf', '-.Inf', '.NaN',
      'yolo11n-pose.yaml', String.raw`runs\pose\train`, 'C:/data/x', 'a#b', 'a # comment', 'http://x:80/y', "'it''s'", '"quoted"', '"a\\tb\\u00e9\\x41\\\\"', "''", 'a b  c',
      '1_000', '12:30', "'one\n  two'", '"one\n\n  two"', '"join \\\n   ed"', 'folded\n  plain\n\n  lines', ''];
    for (const v of values) {
      const text = `k: ${v}\n`;
      const m = readYamlMapping(text).values;
      assert.ok(m.has('k'), text);
      assert.deepEqual(plain(m.get('k') as YamlValue), parse(text).k, text);
    }
  });

  it('documents of every form, 600 seeds, one and two levels deep: the same values, or passed over where it says', () => {
    for (let seed = 1; seed <= 600; seed++) {
      const levels = seed % 2 ? 1 : 2;
      const doc = yamlDocument(random(seed), levels);
      const where = `seed ${seed}:\n${doc.text}`;
      agree(readYamlMapping(doc.text, { levels }).values, parse(doc.text, { uniqueKeys: false }), doc.expect, where);
    }
  });

  it('every args.yaml / opt.yaml / config.yaml in fixtures/ and ../shared/fixtures', { skip: needsShared }, () => {
    const files = [...yamlFiles(join(REPO, 'fixtures')), ...yamlFiles(SHARED_FIXTURES)];
    assert.ok(files.length >= 5);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const levels = f.endsWith('config.yaml') ? 2 : 1;
      agree(readYamlMapping(text, { levels }).values, parse(text, { uniqueKeys: false }), null, f);
    }
  });

  it('a wandb config.yaml, PyYAML style (2 spaces) and wandb 0.19 style (4 spaces): each key to its value', () => {
    const pyyaml = 'wandb_version: 1\n\n_wandb:\n  desc: null\n  value:\n    cli_version: 0.15.12\n    t:\n      1:\n      - 1\n      - 55\nsave_dir:\n  desc: null\n  value: runs/detect/train\ntask:\n  desc: null\n  value: detect\n';
    const v019 = '_wandb:\n    value:\n        cli_version: 0.19.8\n        m: []\nsave_dir:\n    value: runs/detect/train\n';
    for (const text of [pyyaml, v019]) {
      const m = readYamlMapping(text, { levels: 2 }).values;
      assert.equal((m.get('save_dir') as YamlMap).get('value'), 'runs/detect/train');
      assert.ok((m.get('_wandb') as YamlMap).get('value') instanceof Unread);
    }
  });
});

describe('readYamlMapping: bounded whatever the shape', () => {
  const K = 1024;
  it('a value nested 512 Ki deep (flow), a million deep (block list), 400 Ki deep (flow mappings): passed over, the rest read', () => {
    for (const deep of ['[' .repeat(512 * K) + ']'.repeat(512 * K), '['.repeat(2 * K * K), `\n  ${'- '.repeat(K * K)}x`, '{a: '.repeat(400 * K) + '1' + '}'.repeat(400 * K)]) {
      const m = readYamlMapping(`task: detect\na: ${deep}\nepochs: 3\n`).values;
      assert.equal(m.get('task'), 'detect');
      assert.equal(m.get('epochs'), 3);
      assert.ok(m.get('a') instanceof Unread);
    }
  });

  it('aliases are never expanded: 2 MiB of them, or nine to the power forty, are one unread value each', () => {
    let laughs = 'a0: &a0 [x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 40; i++) laughs += `a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]\n`;
    const heavy = `x: &a [1, 2, 3]\nb: [${'*a, '.repeat(500 * K)}*a]\nc: *a\n`;
    for (const text of [laughs, heavy]) {
      const m = readYamlMapping(`task: detect\n${text}`).values;
      assert.equal(m.get('task'), 'detect');
      for (const [k, v] of m) if (k !== 'task') assert.ok(v instanceof Unread, k);
    }
  });

  it(`keys past ${MAX_KEYS} are counted, not kept; the keys the caller reads are kept wherever they are`, () => {
    const keys = Array.from({ length: 3 * MAX_KEYS }, (_, i) => `k${i}: ${i}`).join('\n');
    const r = readYamlMapping(`${keys}\nepochs: 7\n`, { prefer: new Set(['epochs']) });
    assert.equal(r.values.size, MAX_KEYS + 1);
    assert.equal(r.keysNotKept, 2 * MAX_KEYS);
    assert.equal(r.values.get('epochs'), 7);
  });

  it(`a scalar over ${MAX_SCALAR_CHARS} characters, or one line of 2 MiB, is not read (no pattern runs on it)`, () => {
    const m = readYamlMapping(`name: ${'a: '.repeat(680 * K)}\nsave_dir: ${'x'.repeat(MAX_SCALAR_CHARS + 1)}\nmodel: ${'x'.repeat(MAX_SCALAR_CHARS - 8)}\n`).values;
    assert.match((m.get('name') as Unread).what, /over 4096 characters/);
    assert.ok(m.get('save_dir') instanceof Unread);
    assert.equal((m.get('model') as string).length, MAX_SCALAR_CHARS - 8);
  });

  it('what is no mapping is refused with its line: a list, a scalar, two documents, tabs as indentation, a key indented under nothing', () => {
    const refused: [string, RegExp][] = [
      ['- a\n- b\n', /line 1: a list, not a mapping$/],
      ['just text\n', /line 1: not a mapping$/],
      ['a: 1\n---\nb: 2\n', /line 2: a second YAML document$/],
      ['a: 1\n...\nb: 2\n', /line 3: content after the end of the document/],
      ['\ta: 1\n', /line 1: a tab used as indentation$/],
      ['  a: 1\nb: 2\n', /line 1: indented more than the first key$/],
      ['a: 1\nnot a key\n', /line 2: not a `key: value` line$/],
      ['a: 1\n- b\n', /line 2: a list item where a key belongs$/],
      ['[a, b]\n', /line 1: not a mapping$/],
      [`${'k'.repeat(2000)}: 1\n`, /line 1: not a mapping$/],
      [`"${' '.repeat(300_000)}x": 1\n`, /line 1: not a mapping$/],
    ];
    for (const [text, why] of refused) assert.throws(() => readYamlMapping(text), why, text);
    assert.equal(readYamlMapping('').values.size, 0);
    assert.equal(readYamlMapping('# nothing\n\n').values.size, 0);
  });

  it('a byte-order mark, CRLF, comments between and under keys, a key named __proto__ (a plain key, no prototype)', () => {
    const m = readYamlMapping('\ufeff# head\r\ntask: pose\r\n  # under\r\n__proto__: 1\r\nepochs: 2 # two\r\n').values;
    assert.deepEqual([...m], [['task', 'pose'], ['__proto__', 1], ['epochs', 2]]);
  });
});
