import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { MAX_COLUMNS, MAX_LINE, parseCell, ResultsCsvDecoder, type CsvEvent } from '../../../src/sources/ultralytics/results-csv.js';
import { SAMPLES } from '../../helpers/paths.js';

const enc = (s: string) => Buffer.from(s, 'utf8');
const rows = (events: CsvEvent[]) => events.filter((e) => e.type === 'row');

function decodeAll(text: string | Buffer): CsvEvent[] {
  const d = new ResultsCsvDecoder();
  return [...d.push(typeof text === 'string' ? enc(text) : text), ...d.flush()];
}

describe('parseCell', () => {
  it('reads padded numbers, exponents, inf and nan', () => {
    assert.equal(parseCell('              0.00023708'), 0.00023708);
    assert.equal(parseCell('9.08133e-05'), 9.08133e-5);
    assert.equal(parseCell('   inf'), Infinity);
    assert.equal(parseCell('-inf'), -Infinity);
    assert.ok(Number.isNaN(parseCell('nan') as number));
    assert.ok(Number.isNaN(parseCell('  ') as number), 'an empty cell is a missing value');
    assert.equal(parseCell('1.2.3'), undefined);
    assert.equal(parseCell('0x10'), undefined);
  });
});

describe('ResultsCsvDecoder on our samples of each era', () => {
  const cases: [string, number, number, string[]][] = [
    ['v8.0_detect_padded_epoch0.csv', 6, 0, ['epoch', 'train/box_loss']],
    ['v8.1_classify_padded_epoch1.csv', 5, 1, ['epoch', 'train/loss', 'metrics/accuracy_top1']],
    ['v8.4_pose_time.csv', 4, 1, ['epoch', 'time', 'train/box_loss']],
    ['yolov5_detect.csv', 5, 0, ['epoch', 'train/box_loss', 'train/obj_loss']],
  ];
  for (const [file, n, base, head] of cases) {
    it(file, () => {
      const events = decodeAll(readFileSync(join(SAMPLES, file)));
      const header = events[0];
      assert.equal(header.type, 'header');
      if (header.type === 'header') assert.deepEqual(header.columns.slice(0, head.length), head);
      const r = rows(events);
      assert.equal(r.length, n);
      assert.equal(r[0].type === 'row' && r[0].epoch, base);
      assert.equal(events.filter((e) => e.type === 'bad-line').length, 0);
    });
  }

  it('YOLOv5 keeps its unpadded mAP_0.5:0.95 column', () => {
    const header = decodeAll(readFileSync(join(SAMPLES, 'yolov5_detect.csv')))[0];
    assert.ok(header.type === 'header' && header.columns.includes('metrics/mAP_0.5:0.95'));
  });

  it('CRLF lines with inf and nan', () => {
    const r = rows(decodeAll(readFileSync(join(SAMPLES, 'v8.1_detect_crlf_inf_nan.csv'))));
    assert.equal(r.length, 3);
    const second = r[1];
    assert.ok(second.type === 'row');
    assert.equal(second.values[1], Infinity);
    assert.ok(Number.isNaN(second.values[9]), "val/cls_loss is nan");
    assert.equal(second.values[13], 1.25, 'the last cell loses its \\r');
  });
});

describe('ResultsCsvDecoder faults', () => {
  const header = 'epoch,time,train/box_loss,metrics/mAP50(B)\n';

  it('keeps a half-written last line until its newline comes', () => {
    const d = new ResultsCsvDecoder();
    assert.equal(rows(d.push(enc(header + '1,10,0.5,0.1\n2,20,0.4'))).length, 1);
    assert.ok(d.pendingLength > 0);
    const more = d.push(enc('5,0.2\n'));
    assert.deepEqual(rows(more).map((e) => e.type === 'row' && e.values), [[2, 20, 0.45, 0.2]]);
  });

  it('flush takes an unterminated line only when it has every field', () => {
    const d = new ResultsCsvDecoder();
    d.push(enc(header + '1,10,0.5'));
    assert.deepEqual(d.flush(), [], 'missing fields: still pending');
    assert.ok(d.pendingLength > 0);
    d.push(enc(',0.1'));
    assert.equal(rows(d.flush()).length, 1);
  });

  it('a UTF-8 character split across chunks is decoded whole', () => {
    const bytes = enc('epoch,train/box_loss,métrics/x\n1,2,3\n');
    const d = new ResultsCsvDecoder();
    const split = bytes.indexOf(0xc3) + 1;
    const events = [...d.push(bytes.subarray(0, split)), ...d.push(bytes.subarray(split))];
    assert.ok(events[0].type === 'header' && events[0].columns[2] === 'métrics/x');
  });

  it('skips and reports garbage lines, then goes on', () => {
    const events = decodeAll(header + '1,10,0.5,0.1\nthis is not csv\n2,20,abc,0.2\n3,30\n4,40,0.3,0.3\n');
    assert.deepEqual(rows(events).map((e) => e.type === 'row' && e.epoch), [1, 4]);
    const bad = events.filter((e) => e.type === 'bad-line');
    assert.deepEqual(bad.map((e) => e.line), [3, 4, 5]);
  });

  it('a row before any header is reported, not guessed', () => {
    const events = decodeAll('1,2,3\n');
    assert.equal(events[0].type, 'bad-line');
  });

  it('a fractional or negative epoch is a bad line', () => {
    const events = decodeAll(header + '1.5,10,0.5,0.1\n-1,10,0.5,0.1\n');
    assert.equal(events.filter((e) => e.type === 'bad-line').length, 2);
  });

  it('control characters in a header are kept as data (the UI cleans them)', () => {
    const events = decodeAll('epoch,\x1b[31mtrain/box_loss\x07\n1,2\n');
    assert.ok(events[0].type === 'header');
    assert.equal(events[0].type === 'header' && events[0].columns[1], '\x1b[31mtrain/box_loss\x07');
    assert.equal(rows(events).length, 1);
  });

  it('a header that changes mid-file is a new header event', () => {
    const events = decodeAll(header + '1,10,0.5,0.1\nepoch,train/loss\n1,0.9\n');
    assert.deepEqual(events.map((e) => e.type), ['header', 'row', 'header', 'row']);
  });

  it('a repeated identical header is ignored', () => {
    const events = decodeAll(header + '1,10,0.5,0.1\n' + header + '2,20,0.5,0.1\n');
    assert.deepEqual(events.map((e) => e.type), ['header', 'row', 'row']);
  });

  it('an endless line is dropped, not buffered without bound', () => {
    const d = new ResultsCsvDecoder();
    d.push(enc(header));
    const chunk = enc('9'.repeat(1 << 16));
    const events: CsvEvent[] = [];
    for (let i = 0; i < (MAX_LINE >> 16) + 2; i++) events.push(...d.push(chunk));
    assert.ok(d.pendingLength <= MAX_LINE);
    assert.equal(events.filter((e) => e.type === 'bad-line').length, 1);
    events.push(...d.push(enc('\n2,20,0.4,0.2\n')));
    assert.deepEqual(rows(events).map((e) => e.type === 'row' && e.epoch), [2]);
  });

  it('empty input gives nothing', () => {
    assert.deepEqual(decodeAll(''), []);
    assert.deepEqual(decodeAll('\n\r\n'), []);
  });
});

describe('implausible rows are bad lines', () => {
  it('an epoch of 1e308 or a negative or infinite time does not count as a row', () => {
    const events = decodeAll('epoch,time,train/box_loss\n1,60,1.5\n1e308,120,1.4\n2,-5,1.3\n3,inf,1.2\n4,240,1.1\n');
    assert.deepEqual(rows(events).map((e) => e.type === 'row' && e.epoch), [1, 4]);
    assert.deepEqual(events.filter((e) => e.type === 'bad-line').map((e) => e.type === 'bad-line' && e.reason), [
      'epoch 1e+308 is implausible', 'time -5 is implausible', 'time Infinity is implausible',
    ]);
  });
});

describe('times no training takes are bad lines', () => {
  it('nan, 1e13 s, 1.8e308 (inf as a double) and -0.5 in the time column are skipped and counted', () => {
    const events = decodeAll('epoch,time,train/box_loss\n1,60,1.5\n2,nan,1.4\n3,1e13,1.3\n4,1.8e308,1.2\n5,-0.5,1.1\n6,360,1.0\n');
    assert.deepEqual(rows(events).map((e) => e.type === 'row' && e.epoch), [1, 6]);
    assert.equal(events.filter((e) => e.type === 'bad-line').length, 4);
  });
});

describe('a wide CSV is read in its first columns', () => {
  const wide = (n: number, epochAt = 0) => {
    const names = Array.from({ length: n }, (_, i) => (i === epochAt ? 'epoch' : `c${i}`));
    const row = (e: number) => names.map((_, i) => (i === epochAt ? e : i / 10)).join(',');
    return `${names.join(',')}\n${row(1)}\n${row(2)}\n`;
  };

  it('100,000 columns: the first MAX_COLUMNS are read, the header says how many there are, every row kept', () => {
    const events = decodeAll(wide(100_000));
    const h = events[0];
    assert.ok(h.type === 'header');
    assert.equal(h.total, 100_000);
    assert.equal(h.columns.length, MAX_COLUMNS);
    const r = rows(events);
    assert.deepEqual(r.map((e) => e.type === 'row' && e.epoch), [1, 2]);
    assert.ok(r[0].type === 'row' && r[0].values.length === MAX_COLUMNS && r[0].values[MAX_COLUMNS - 1] === (MAX_COLUMNS - 1) / 10);
  });

  it('an epoch column past the cap is read all the same', () => {
    const events = decodeAll(wide(MAX_COLUMNS + 10, MAX_COLUMNS + 5));
    assert.ok(events[0].type === 'header' && events[0].columns.at(-1) === 'epoch' && events[0].columns.length === MAX_COLUMNS);
    assert.deepEqual(rows(events).map((e) => e.type === 'row' && e.epoch), [1, 2]);
  });

  it('a wide row with a field too few is still a bad line', () => {
    const text = wide(1000).split('\n');
    const events = decodeAll(`${text[0]}\n${text[1].slice(0, text[1].lastIndexOf(','))}\n${text[2]}\n`);
    assert.deepEqual(events.filter((e) => e.type === 'bad-line').map((e) => e.type === 'bad-line' && e.reason), ['999 fields, header has 1000']);
  });
});
