// An independent count of what an event file holds, for checking the streams: TFRecord framing
// and the few protobuf fields of a `simple_value` scalar, read here without src/.
import { appendFileSync, closeSync, openSync, readSync, writeFileSync } from 'node:fs';
import { fileVersionRecord, sb3Dump } from '../../fixtures/tensorboard/event-writer.js';

export interface Scalar {
  tag: string;
  step: number;
  value: number;
}

function varint(b: Buffer, at: { pos: number }): number {
  let n = 0;
  let scale = 1;
  for (;;) {
    const byte = b[at.pos++];
    n += (byte & 0x7f) * scale;
    if (byte < 0x80) return n;
    scale *= 128;
  }
}

/** Calls `each` for every field of a message: its number, wire type and where its bytes are. */
function fields(b: Buffer, start: number, end: number, each: (field: number, wire: number, from: number, to: number) => void): void {
  const at = { pos: start };
  while (at.pos < end) {
    const key = varint(b, at);
    const wire = key & 7;
    let from = at.pos;
    if (wire === 0) varint(b, at);
    else if (wire === 1) at.pos += 8;
    else if (wire === 5) at.pos += 4;
    else if (wire === 2) {
      const n = varint(b, at);
      from = at.pos;
      at.pos += n;
    } else throw new Error(`wire type ${wire}`);
    each(key >>> 3, wire, from, at.pos);
  }
}

/** Every simple_value scalar of one event record's bytes. */
function eventScalars(b: Buffer, start: number, end: number, out: (s: Scalar) => void): void {
  let step = 0;
  const values: [number, number][] = [];
  fields(b, start, end, (field, wire, from, to) => {
    if (field === 2 && wire === 0) step = varint(b, { pos: from });
    if (field === 5 && wire === 2) fields(b, from, to, (f, w, vf, vt) => f === 1 && w === 2 && values.push([vf, vt]));
  });
  for (const [from, to] of values) {
    let tag = '';
    let value: number | null = null;
    fields(b, from, to, (f, w, a, z) => {
      if (f === 1 && w === 2) tag = b.toString('utf8', a, z);
      if (f === 2 && w === 5) value = b.readFloatLE(a);
    });
    if (value !== null) out({ tag, step, value });
  }
}

/** Every simple_value scalar in an event file, in file order, read 8 MB at a time. */
export function forEachScalar(path: string, out: (s: Scalar) => void): void {
  const fd = openSync(path, 'r');
  try {
    let rest = Buffer.alloc(0);
    const chunk = Buffer.alloc(8 << 20);
    for (let n; (n = readSync(fd, chunk, 0, chunk.length, null)) > 0; ) {
      const b = Buffer.concat([rest, chunk.subarray(0, n)]);
      let pos = 0;
      while (b.length - pos >= 12) {
        const length = Number(b.readBigUInt64LE(pos));
        if (b.length - pos < 16 + length) break;
        eventScalars(b, pos + 12, pos + 12 + length, out);
        pos += 16 + length;
      }
      rest = Buffer.from(b.subarray(pos));
    }
  } finally {
    closeSync(fd);
  }
}

export function countByTag(paths: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const p of paths) forEachScalar(p, (s) => (counts[s.tag] = (counts[s.tag] ?? 0) + 1));
  return counts;
}

/** An SB3 PPO event file of `dumps` dumps, written a thousand dumps at a time. */
export function writeSb3File(path: string, dumps: number): void {
  writeFileSync(path, fileVersionRecord(1_700_000_000));
  for (let d = 0; d < dumps; d += 1000) {
    const parts: Buffer[] = [];
    for (let i = d; i < Math.min(dumps, d + 1000); i++) parts.push(...sb3Dump(i, 2048, 1_700_000_000));
    appendFileSync(path, Buffer.concat(parts));
  }
}
