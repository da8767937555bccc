import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHARED_FIXTURES = resolve(REPO, '..', 'shared', 'fixtures');
export const SAMPLES = join(REPO, 'fixtures', 'ultralytics', 'samples');
export const CLI = join(REPO, 'bin', 'aigp-watch.js');

/** node:test's `skip` option: false when ../shared is there, else the reason. */
export const needsShared: string | false = existsSync(SHARED_FIXTURES)
  ? false
  : `../shared/fixtures is absent (a fresh clone): real-file tests skipped`;

export function tempDir(t: { after(fn: () => void): void }, prefix = 'aigp-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
