// The README's pictures (docs/pictures/*.svg) against what the built CLI draws now: each scene
// made again from the fixtures, shot in a real tmux pane as `npm run screenshots` shoots it, and
// compared with the committed picture row by row, text and colours. Scenes made from real runs
// (../shared) are skipped on a fresh clone; the README's first picture (project) is not one.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gridText, parseCapture } from '../../scripts/screenshots/cells.js';
import { normalise } from '../../scripts/screenshots/normalise.js';
import { gpuSettled, pictureName, SCENES } from '../../scripts/screenshots/scenes.js';
import { shoot } from '../../scripts/screenshots/shoot.js';
import { FONT, gridSvg, svgRows } from '../../scripts/screenshots/svg.js';
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

describe('a captured pane, as cells and as a picture', () => {
  it('reads SGR colours and attributes, carries them across rows, and gives a wide character two cells', () => {
    const g = parseCapture('\x1b[1m\x1b[38;2;230;159;0mbox\x1b[0m \x1b[90m│\n⣿中\x1b[7mx\x1b[27m\n', 6, 3);
    assert.equal(gridText(g), 'box │\n⣿中x\n');
    assert.deepEqual([g.cells[0][0].style.bold, g.cells[0][0].style.fg, g.cells[0][3].style.bold], [true, '#e69f00', false]);
    assert.equal(g.cells[0][4].style.fg, 8);
    assert.equal(g.cells[1][0].style.fg, 8, 'the style goes on into the next row, as tmux writes it');
    assert.deepEqual([g.cells[1][1].ch, g.cells[1][2].ch, g.cells[1][3].style.inverse], ['中', '', true]);
    assert.throws(() => parseCapture('\x1b[2Jx', 4, 1), /not SGR/);
    assert.throws(() => parseCapture('abcde', 4, 1), /5 cells in a 4-column pane/);
  });

  it('normalises in place: a shorter text leaves blanks, a longer one only covers blanks', () => {
    const g = parseCapture('GPU ok · CPU 100% · RAM 0.7/23.5 GiB     │x\n 3.2┤⣀⣀\n   └-17s    now', 52, 3);
    const text = gridText(normalise(g)).split('\n');
    assert.equal(text[0], 'GPU ok · CPU 23% · RAM 61.4/251.5 GiB    │x', 'one column longer: one blank fewer, │ where it was');
    assert.equal(text[2], '   └-30s    now');
    const tight = parseCapture('RAM 0.7/1.5 GiB│x', 17, 1);
    assert.throws(() => normalise(tight), /no room/);
  });

  it('places every braille character at its own cell, and reads a row back whole', () => {
    const g = parseCapture('ab  ⣀⣤⣶ 1.5\n', 12, 1);
    const svg = gridSvg(g, 't');
    const braille = /<tspan x="([\d. ]+)"[^>]*>⣀⣤⣶<\/tspan>/.exec(svg);
    assert.ok(braille, svg);
    assert.deepEqual(braille[1].split(' ').map(Number), [4, 5, 6].map((c) => Math.round((FONT.pad + c * FONT.cell) * 100) / 100));
    assert.equal(svgRows(svg)[0].text.trimEnd(), 'ab  ⣀⣤⣶ 1.5');
  });

  it('waits for the GPU panel\'s sparklines to be whole', () => {
    assert.equal(gpuSettled('GPU ok · CPU 3%\n0 90% 66°C 68/80G 601/700W ▄\n'), false);
    assert.equal(gpuSettled('GPU ok · CPU 3%\n0 90% 66°C 68/80G 601/700W ▄▄▄▄ │ 1 89% 67°C ▄▄▄▄\n'), true);
    assert.equal(gpuSettled('GPU ok\n0  H100  util 90%  ▄▄▄▄▄▄▄▄▄  66°C  ▄▄▄▄▄▄▄▄  mem 68.4/79.6 GiB\n'), false);
    assert.equal(gpuSettled('GPU ok\n0  H100  util 90%  ▄▄▄▄▄▄▄▄▄▄▄▄  66°C  ▄▄▄▄▄▄▄▄  mem 68.4/79.6 GiB\n'), false, 'its process not in yet');
    assert.equal(gpuSettled('GPU ok\n0  H100  util 90%  ▄▄▄▄▄▄▄▄▄▄▄▄  66°C  ▄▄▄▄▄▄▄▄  mem 68.4/79.6 GiB  601/700 W  python ppo.py 30.0G\n'), true);
    assert.equal(gpuSettled('GPU waiting for the first sample'), false);
  });
});
