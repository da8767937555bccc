import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { firstFrame } from '../../src/ui/first-frame.js';
import { ENTER } from '../../src/ui/screen.js';

describe('firstFrame', () => {
  it('on the alternate screen, one line a row, clipped above the last row, as one synchronized frame', () => {
    const out = firstFrame(['a', 'b', 'c', 'd', 'e'].join('\n'), 4);
    assert.ok(out.startsWith('\x1b[?2026h' + ENTER));
    assert.ok(out.endsWith('\x1b[?2026l'));
    assert.match(out, /\x1b\[1;1Ha\x1b\[2;1Hb\x1b\[3;1Hc\x1b\[\?7h/);
    assert.doesNotMatch(out, /d|e/);
  });

  it('autowrap is off while it draws: a line wider than the pane cannot scroll the screen', () => {
    const out = firstFrame('x'.repeat(500), 10);
    assert.ok(out.indexOf('\x1b[?7l') < out.indexOf('x') && out.indexOf('\x1b[?7h') > out.lastIndexOf('x'));
  });
});
