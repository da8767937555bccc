// npm run screenshots [-- NAME ...]: the README's pictures, drawn by the built CLI in a real tmux
// pane, written to docs/pictures/<scene>-<cols>x<rows>.svg. test/e2e/screenshots.test.ts checks
// that they still match what the CLI draws.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { needsShared, REPO } from '../../test/helpers/paths.js';
import { gridText } from './cells.js';
import { pictureName, SCENES } from './scenes.js';
import { inTurn, shoot } from './shoot.js';

export const PICTURES = join(REPO, 'docs', 'pictures');

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !SCENES.some((s) => s.name === w));
if (unknown.length) {
  process.stderr.write(`no scene ${unknown.join(', ')}; the scenes: ${SCENES.map((s) => s.name).join(', ')}\n`);
  process.exit(2);
}
mkdirSync(PICTURES, { recursive: true });
const scenes = SCENES.filter((s) => !wanted.length || wanted.includes(s.name));
for (const scene of scenes.filter((s) => s.shared && needsShared)) process.stderr.write(`${scene.name}: skipped, ${needsShared}\n`);
const shots = scenes.filter((s) => !(s.shared && needsShared)).flatMap((scene) => scene.sizes.map(([cols, rows]) => ({ scene, cols, rows })));
// Each shot waits out the GPU panel's 20-s beat, mostly idle: several at once.
await inTurn(shots, Number(process.env.PICTURES_JOBS ?? 6), async ({ scene, cols, rows }) => {
  const picture = await shoot(scene, cols, rows);
  const file = join(PICTURES, pictureName(scene, cols, rows));
  writeFileSync(file, picture.svg);
  process.stdout.write(`wrote ${file}\n${process.env.SHOW ? `${gridText(picture.grid)}\n` : ''}`);
});
if (scenes.some((s) => s.shared && needsShared)) process.exitCode = 1;
