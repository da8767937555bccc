import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WireWatch } from '../../../src/live/egress/wire-watch.js';
import type { LineStreamHandlers, RunFs } from '../../../src/live/fs/run-fs.js';

/** A file system whose commands are scripted: each streamLines call is kept, to be fed and ended by the test. */
function scriptedFs(): { fs: RunFs; streams: { command: string; args: readonly string[]; h: LineStreamHandlers; stopped: boolean }[] } {
  const streams: { command: string; args: readonly string[]; h: LineStreamHandlers; stopped: boolean }[] = [];
  const fs = {
    host: null,
    streamLines(command: string, args: readonly string[], h: LineStreamHandlers) {
      const s = { command, args, h, stopped: false };
      streams.push(s);
      return { stop: () => void (s.stopped = true) };
    },
  } as unknown as RunFs;
  return { fs, streams };
}

const ended = { code: null, signal: 'SIGTERM', notFound: false, why: '' } as const;

describe('the uploader watch (WireWatch)', () => {
  it('ss missing: the loop that only watches the uploader takes over, and the one it replaced ending is not its end', () => {
    const { fs, streams } = scriptedFs();
    const w = new WireWatch(fs, 4242, 100, () => {});
    w.start(null);
    const first = streams.find((s) => s.command === 'sh')!;
    first.h.line('!ss not found');
    assert.equal(first.stopped, true);
    const second = streams.filter((s) => s.command === 'sh')[1];
    assert.ok(second, 'a loop that watches it live');
    assert.equal(second.args.at(-1), 'alive');
    // The replaced loop's end arrives after (it was killed): the uploader is not gone for that.
    first.h.exit(ended);
    assert.equal(w.ended, false);
    assert.equal(w.state.note, 'ss (iproute2) not found there: bytes on the wire are not counted');
    // Its own loop ending is.
    second.h.line('#gone');
    assert.equal(w.ended, true);
    w.stop();
  });

  it('the live loop ending by itself (not stopped) is taken as the end of the watch, and said', () => {
    const { fs, streams } = scriptedFs();
    const w = new WireWatch(fs, 4242, 100, () => {});
    w.start(null);
    streams.find((s) => s.command === 'sh')!.h.exit({ code: 1, signal: null, notFound: false, why: 'sh: 1: broken' });
    assert.equal(w.ended, true);
    assert.match(w.state.note ?? '', /the watch of its sockets ended \(sh: 1: broken\)/);
    w.stop();
  });
});
