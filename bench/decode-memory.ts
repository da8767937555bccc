// Child process of bench/run.ts: decoding throughput with the file already in memory (framing,
// CRCs, Event decoding, the store), i.e. the CPU cost without disk reads.
import { readFileSync } from 'node:fs';
import { TfRecordDecoder } from '../src/sources/tensorboard/tfrecord.js';
import { EventDecoder } from '../src/sources/tensorboard/event.js';
import { TbStore } from '../src/model/tb-store.js';

const bytes = readFileSync(process.argv[2]);
const CHUNK = 4 << 20;
const runs: number[] = [];
let records = 0;
for (let k = 0; k < 3; k++) {
  const store = new TbStore('/bench');
  const frames = new TfRecordDecoder();
  const events = new EventDecoder();
  records = 0;
  const t0 = process.hrtime.bigint();
  store.update(() => {
    for (let i = 0; i < bytes.length; i += CHUNK) {
      frames.push(bytes.subarray(i, i + CHUNK), (b, s, e) => {
        records += 1;
        store.addEvent(events.decode(b, s, e));
      });
    }
  });
  runs.push(Number(process.hrtime.bigint() - t0) / 1e9);
}
const all = [...runs];
runs.sort((a, b) => a - b);
process.stdout.write(JSON.stringify({ bytes: bytes.length, seconds: runs[1], all, records }) + "\n");
