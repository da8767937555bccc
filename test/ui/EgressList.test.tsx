import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { render } from 'ink-testing-library';
import { EgressList, listColumns } from '../../src/ui/components/EgressList.js';
import { stagedName } from '../../src/model/staged-name.js';
import type { StagedFile } from '../../src/model/egress.js';
import { resize } from '../helpers/ink.js';

const T = Date.UTC(2026, 0, 1, 12);
const file = (patch: Partial<StagedFile>): StagedFile => ({ path: 'x', bytes: 0, kind: 'file', target: null, category: 'other', firstSeen: T, step: null, source: null, ...patch });

const FILES: StagedFile[] = [
  file({ path: 'media/images/train_batch0_1_0123456789abcdef0123.jpg', bytes: 5_645_885, category: 'training mosaics', step: 1, source: 'train_batch0.jpg' }),
  file({ path: 'runs/e9756yo0/PPO_1/events.out.tfevents.1741596857.box.1.0', bytes: 2426, kind: 'symlink', target: '/home/me/runs/PPO_1/events.out.tfevents.1741596857.box.1.0', category: 'other' }),
  file({ path: 'bad\\xff\\xfename.txt', bytes: 17, category: 'other' }),
  file({ path: 'pipe', kind: 'special', category: 'other' }),
  file({ path: 'output.log', bytes: 250_000, category: 'console log' }),
];

async function frameAt(columns: number, files = FILES, now = T): Promise<string[]> {
  const r = render(<EgressList files={files} sort="bytes" selected={0} width={columns} height={10} now={now} />);
  resize(r, columns);
  await sleep(50);
  const lines = (r.lastFrame() ?? '').split('\n');
  r.unmount();
  return lines;
}

describe('the staged-file list (e)', () => {
  it('at 200 columns: exact bytes with separators, links with their target, special files marked, escaped names as given', async () => {
    const lines = await frameAt(200);
    assert.match(lines[0], /staged for upload: 5 files, 5,898,328 B \(5\.9 MB\), sorted by size/);
    assert.match(lines[1], /^ {2}file +bytes category +step +seen +source$/);
    assert.match(lines[2], /^▸ media\/images\/train_batch0_1_0123456789abcdef0123\.jpg +5,645,885 training mosaics +1 \d\d:\d\d:\d\d {2}train_batch0\.jpg$/);
    assert.match(lines[3], /^ {2}output\.log +250,000 console log/);
    assert.ok(lines.some((l) => /runs\/e9756yo0\/PPO_1\/events\.out\.tfevents\.1741596857\.box\.1\.0 → \/home\/me\/runs\/PPO_1\/events\.out\.tfevents\.1741596857\.box\.1\.0 +2,426 other/.test(l)));
    assert.ok(lines.some((l) => /bad\\xff\\xfename\.txt +17 other/.test(l)));
    assert.ok(lines.some((l) => /pipe \[special\] +0 other/.test(l)));
  });

  it('at 80 columns every line fits, the bytes stay whole and long names keep stem and hash end', async () => {
    const lines = await frameAt(80);
    for (const l of lines) assert.ok(l.length <= 80, `${l.length}: ${l}`);
    assert.match(lines[2], /^▸ train_batch0_1_0\S*…\S*abcdef0123\.jpg 5,645,885 training mosaics +1 \d\d:\d\d:\d\d$/);
    assert.ok(lines.some((l) => / → .* +2,426 other/.test(l)), 'the link and its target');
  });

  it('columns are sized to what they hold', () => {
    const c = listColumns([file({ path: 'a.txt', bytes: 12 })], 200, T);
    assert.deepEqual(c, { mark: 0, name: 5, bytes: 5, category: 8, step: 4, seen: 8, source: 0 });
    assert.equal(listColumns(FILES, 200, T).bytes, '5,645,885'.length);
    assert.equal(listColumns(FILES, 200, T).category, 'training mosaics'.length);
  });

  it('files from another day carry their date; this year’s without the year', async () => {
    const now = Date.UTC(2026, 5, 15, 12);
    const yesterday = now - 86_400_000;
    const files = [file({ path: 'old.jpg', bytes: 1, firstSeen: yesterday }), file({ path: 'new.jpg', bytes: 2, firstSeen: now - 60_000 }), file({ path: 'last-year.jpg', bytes: 3, firstSeen: Date.UTC(2025, 5, 1, 12) })];
    const lines = await frameAt(100, files, now);
    const d = new Date(yesterday);
    const day = `${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    assert.ok(lines.some((l) => new RegExp(`old\\.jpg +1 other +${day} \\d\\d:\\d\\d$`).test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => /new\.jpg +2 other +\d\d:\d\d:\d\d$/.test(l)));
    assert.ok(lines.some((l) => /last-year\.jpg +3 other +2025-0[56]-\d\d \d\d:\d\d$/.test(l)));
  });

  it('a link that does not fit shares the room between its name and its target', () => {
    const link = FILES[1];
    const cell = stagedName(link, 40);
    assert.equal(cell.length, 40);
    assert.match(cell, /^.+ → .+$/);
    assert.match(cell, /box\.1\.0$/);
  });
});
