// The bundle widens string-width's fast path (scripts/dependency-patches.js): every character it
// then counts as one column without asking must be one column to string-width itself.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import stringWidth from 'string-width';
import { AMBIGUOUS_NARROW, NARROW } from '../scripts/dependency-patches.js';

const narrow = new RegExp(`^[${NARROW}]$`);
const narrowIfAmbiguousNarrow = new RegExp(`^[${NARROW}${AMBIGUOUS_NARROW}]$`);

describe("string-width's widened fast path", () => {
  it('counts no character one column that string-width would not', () => {
    let checked = 0;
    for (let cp = 0; cp <= 0xffff; cp++) {
      const ch = String.fromCodePoint(cp);
      if (narrowIfAmbiguousNarrow.test(ch)) {
        assert.equal(stringWidth(ch), 1, `U+${cp.toString(16)}`);
        checked += 1;
      }
      if (narrow.test(ch)) assert.equal(stringWidth(ch, { ambiguousIsNarrow: false }), 1, `U+${cp.toString(16)} with wide ambiguous`);
    }
    assert.ok(checked > 600, `${checked} characters`);
  });

  it('covers the characters of a chart line', () => {
    assert.ok(narrowIfAmbiguousNarrow.test('⣿'));
    for (const ch of '0.5┤│└━┅█░·…←') assert.ok(narrowIfAmbiguousNarrow.test(ch), ch);
    // A header's symbols: ● status, ⚠ alert (with its emoji selector it is two columns: not in the set).
    for (const ch of '●⚠▸■') assert.ok(narrowIfAmbiguousNarrow.test(ch), ch);
    assert.ok(!new RegExp(`^[${NARROW}${AMBIGUOUS_NARROW}]*$`).test('⚠\ufe0f'));
    for (const ch of ['◽', '✅', '中', '\u00ad', '\u200b']) assert.ok(!narrowIfAmbiguousNarrow.test(ch), `${ch} is not in the fast path`);
  });
});
