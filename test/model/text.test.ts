import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cleanLines, cleanText, safeJson } from '../../src/model/text.js';

/** What must never reach a terminal: C0 (but a line break between lines), DEL, C1, bidi and zero-width. */
const UNSAFE = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/u;

describe('cleanText', () => {
  it('shows escape sequences, bells and C1 controls as \\xHH, keeps emoji', () => {
    assert.equal(cleanText('a\x1b[2Jb\x07c\x9bd😀'), 'a\\x1b[2Jb\\x07c\\x9bd😀');
    assert.equal(cleanText('\x1b]0;owned\x07'), '\\x1b]0;owned\\x07');
    assert.equal(cleanText('\x1b]52;c;aGk=\x1b\\'), '\\x1b]52;c;aGk=\\x1b\\');
    assert.equal(cleanText('a\nb\tc\x7f'), 'a\\x0ab\\x09c\\x7f');
    assert.equal(cleanText('train/box_loss'), 'train/box_loss');
  });

  it('shows bidi and zero-width characters as <U+XXXX>: a reversed extension cannot hide', () => {
    assert.equal(cleanText('safe\u202egnp.exe'), 'safe<U+202E>gnp.exe');
    assert.equal(cleanText('\u2066a\u2069\u200bb\u200d\ufeff\u2028'), '<U+2066>a<U+2069><U+200B>b<U+200D><U+FEFF><U+2028>');
    assert.equal(cleanText('tag\u{e0041}'), 'tag<U+E0041>');
  });

  it('turns a lone surrogate into U+FFFD, keeps a pair', () => {
    assert.equal(cleanText('a\ud800b\udfffc😀'), 'a\ufffdb\ufffdc😀');
  });

  it('is idempotent, and leaves nothing unsafe', () => {
    const hostile = 'x\x1b[31m\x9b\u202e\u2067\u200b\x00\x07y';
    assert.equal(cleanText(cleanText(hostile)), cleanText(hostile));
    assert.doesNotMatch(cleanText(hostile), UNSAFE);
  });
});

describe('cleanLines', () => {
  it('keeps the line breaks of a block and cleans the rest', () => {
    assert.equal(cleanLines('one \x1b[2J\ntwo \u202e\n'), 'one \\x1b[2J\ntwo <U+202E>\n');
  });
});

describe('safeJson', () => {
  it('escapes DEL, C1, bidi, zero-width and separators as \\uXXXX; parses back to the same value', () => {
    const value = { name: 'a\x7f\x9b\u202e\u2066\u200b\u2028\x1b\ud800\u{e0041}😀"\\', n: [1, null] };
    const text = safeJson(value);
    assert.doesNotMatch(text, UNSAFE);
    assert.match(text, /\\u009b\\u202e\\u2066\\u200b\\u2028\\u001b\\ud800\\udb40\\udc41😀/);
    assert.deepEqual(JSON.parse(text), value);
  });

  it('is JSON.stringify for plain values', () => {
    const value = { a: 'mAP50-95(B)', b: 0.5, c: ['é', '📈'] };
    assert.equal(safeJson(value), JSON.stringify(value));
  });
});
