// Module hooks of hold-ink.mjs (they run on the loader's own thread: the app goes on meanwhile).
import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

let file;

export function initialize(data) {
  file = data.file;
}

export async function load(url, context, next) {
  if (/\/run-tui(-[A-Z0-9]+)?\.js$/.test(url)) {
    while (!existsSync(file)) await sleep(20);
    if (readFileSync(file, 'utf8').trim() === 'fail') throw new Error('the TUI could not be loaded (a test made it fail)');
  }
  return next(url, context);
}
