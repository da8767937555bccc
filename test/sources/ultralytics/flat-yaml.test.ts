// The small flat reader agrees with the yaml package wherever it answers, and answers for the
// args.yaml / opt.yaml files Ultralytics writes.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { parseFlatYaml } from '../../../src/sources/ultralytics/flat-yaml.js';
import { needsShared, REPO, SHARED_FIXTURES } from '../../helpers/paths.js';

const same = (text: string) => {
  const flat = parseFlatYaml(text);
  if (flat !== null) assert.deepEqual(flat, parse(text, { uniqueKeys: false }), text);
  return flat;
};

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /^(args|opt|config)\.yaml$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

describe('parseFlatYaml', () => {
  it('scalars as the core schema resolves them', () => {
    const values = ['null', '~', 'Null', 'true', 'False', 'TRUE', '0', '-3', '+7', '007', '1.0', '.5', '1.', '-2.5e-3', '1e3', 'yolo11n-pose.yaml',
      String.raw`runs\pose\train`, 'C:/data/x', 'a#b', 'http://x:80/y', "'it''s'", '"quoted"', "''", 'randaugment', 'a b  c', '1_000', '12:30'];
    for (const v of values) assert.ok(same(`k: ${v}\n`), v);
  });

  it('anything more is left to the yaml package', () => {
    const more = ['k: [1, 2]', 'k:\n  a: 1', 'k: - a', 'k: &a 1', 'k: *a', 'k: !!str 1', 'k: |\n  x', 'k: a # c', 'k: a: b', 'k: 0x1F', 'k: 0o17', 'k: .inf',
      'k: .nan', '"k": 1', '--- \nk: 1', 'k: "a\\tb"', 'k: a:', '__proto__: 1', '- a', 'k:', '\uFEFFk: 1'];
    for (const text of more) assert.equal(parseFlatYaml(text), null, text);
  });

  it('comments, blank lines, CRLF and a repeated key', () => {
    assert.deepEqual(same('# made by hand\r\n\r\nepochs: 10\r\nepochs: 20\r\nname: a\r\n'), { epochs: 20, name: 'a' });
  });

  it('every args.yaml / opt.yaml in fixtures/ is read by it, as yaml reads it', () => {
    const files = yamlFiles(join(REPO, 'fixtures'));
    assert.ok(files.length > 0);
    for (const f of files) assert.ok(same(readFileSync(f, 'utf8')), f);
  });

  it('every args.yaml / opt.yaml / config.yaml in ../shared/fixtures: the same values, or left to yaml', { skip: needsShared }, () => {
    const files = yamlFiles(SHARED_FIXTURES);
    assert.ok(files.length > 0);
    for (const f of files) {
      const flat = same(readFileSync(f, 'utf8'));
      if (!f.endsWith('config.yaml')) assert.ok(flat, f);
    }
  });
});
