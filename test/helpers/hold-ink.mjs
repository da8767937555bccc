// Preloaded with --import: the TUI's chunk (Ink, React and the app's components) is not read
// until the file $AIGP_HOLD_INK exists, so a test can type, quit or signal while the first frame
// is up and Ink is not. The launcher reads a chunk it imports with fs/promises' readFile (the app
// goes on meanwhile): that read waits here. The file saying `fail` fails it.
import { existsSync, readFileSync } from 'node:fs';
import fsp from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

const hold = process.env.AIGP_HOLD_INK;
if (hold) {
  const readFile = fsp.readFile;
  fsp.readFile = async function (path, ...rest) {
    if (/\/run-tui-[A-Z0-9]+\.cjs$/.test(String(path))) {
      while (!existsSync(hold)) await sleep(20);
      if (readFileSync(hold, 'utf8').trim() === 'fail') throw new Error('the TUI could not be loaded (a test made it fail)');
    }
    return readFile.call(this, path, ...rest);
  };
}
