// The README's pictures (docs/pictures/*.svg) against what the built CLI draws now: each scene
// made again from the fixtures, shot in a real tmux pane as `npm run screenshots` shoots it, and
// compared with the committed picture row by row, text and colours. Scenes made from real runs
// (../shared) are skipped on a fresh clone; the README's first picture (project) is not one.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pictureName, SCENES } from '../../scripts/screenshots/scenes.js';
import { shoot } from '../../scripts/screenshots/shoot.js';
import { svgRows } from '../../scripts/screenshots/svg.js';
import { needsShared, REPO } from '../helpers/paths.js';
import { needsTmux } from '../helpers/tmux.js';

const PICTURES = join(REPO, 'docs', 'pictures');
const REDRAW = 'run `npm run screenshots` to draw the pictures again (and look at them before committing)';

/** Where the committed picture and the one drawn now part, in words; null when they are the same. */
export function firstDifference(committed: string, now: string): string | null {
  if (committed === now) return null;
  const a = svgRows(committed);
  const b = svgRows(now);
  for (let r = 0; r < Math.max(a.length, b.length); r++) {
    if (a[r]?.line === b[r]?.line) continue;
    if (!a[r] || !b[r]) return `it has ${a.length} rows, the CLI draws ${b.length}`;
    const same = a[r].text.trimEnd() === b[r].text.trimEnd();
    return `row ${r + 1} ${same ? 'has the same text in other colours or attributes' : 'differs'}:\n  picture: ${a[r].text.trimEnd()}\n  now:     ${b[r].text.trimEnd()}`;
  }
  return 'its size or title differs';
}

describe('the README pictures still show what the CLI draws', { skip: needsTmux, concurrency: true }, () => {
  for (const scene of SCENES) {
    for (const [cols, rows] of scene.sizes) {
      const name = pictureName(scene, cols, rows);
      it(name, { skip: scene.shared ? needsShared : false }, async () => {
        const file = join(PICTURES, name);
        assert.ok(existsSync(file), `docs/pictures/${name} is missing: ${REDRAW}`);
        const picture = await shoot(scene, cols, rows);
        const diff = firstDifference(readFileSync(file, 'utf8'), picture.svg);
        assert.equal(diff, null, `docs/pictures/${name} (${scene.title}): ${diff}\n${REDRAW}`);
      });
    }
  }
});

describe('firstDifference', () => {
  it('names the first row that differs, with both texts, and says when only colours do', () => {
    const svg = (rows: string[]) => ['<svg>', ...rows.map((r) => `<g><text y="1"><tspan x="12" fill="#fff">${r}</tspan></text></g>`), '</svg>'].join('\n');
    assert.equal(firstDifference(svg(['a', 'b']), svg(['a', 'b'])), null);
    assert.match(firstDifference(svg(['a', 'b', 'c']), svg(['a', 'x', 'c']))!, /^row 2 differs:\n {2}picture: b\n {2}now: {5}x$/);
    assert.match(firstDifference(svg(['a']), svg(['a']).replace('#fff', '#000'))!, /^row 1 has the same text in other colours/);
    assert.match(firstDifference(svg(['a']), svg(['a', 'b']))!, /1 rows, the CLI draws 2/);
  });
});
