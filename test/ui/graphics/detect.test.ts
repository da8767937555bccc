import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectGraphics, parseImagesMode } from '../../../src/ui/graphics/detect.js';

describe('which terminals get pictures', () => {
  const cases: [string, Record<string, string>, 'kitty' | 'iterm2' | null][] = [
    ['kitty', { TERM: 'xterm-kitty' }, 'kitty'],
    ['kitty with another TERM', { TERM: 'xterm-256color', KITTY_WINDOW_ID: '1' }, 'kitty'],
    ['kitty over SSH (TERM travels)', { TERM: 'xterm-kitty', SSH_CONNECTION: 'a 1 b 22' }, 'kitty'],
    ['Ghostty', { TERM: 'xterm-ghostty' }, 'kitty'],
    ['WezTerm', { TERM: 'xterm-256color', TERM_PROGRAM: 'WezTerm' }, 'iterm2'],
    ['iTerm2', { TERM: 'xterm-256color', TERM_PROGRAM: 'iTerm.app' }, 'iterm2'],
    ['iTerm2 over SSH (LC_TERMINAL travels)', { TERM: 'xterm-256color', LC_TERMINAL: 'iTerm2', SSH_TTY: '/dev/pts/1' }, 'iterm2'],
    ['kitty inside tmux', { TERM: 'tmux-256color', TMUX: '/tmp/t,1,0', KITTY_WINDOW_ID: '1' }, null],
    ['iTerm2 inside tmux', { TERM: 'screen-256color', TMUX: '/tmp/t,1,0', LC_TERMINAL: 'iTerm2' }, null],
    ['GNU screen', { TERM: 'screen', STY: '1.pts-0' }, null],
    ['plain xterm over SSH', { TERM: 'xterm-256color', SSH_CONNECTION: 'a 1 b 22' }, null],
    ['the Linux console', { TERM: 'linux' }, null],
    ['nothing at all', {}, null],
  ];
  for (const [name, env, protocol] of cases) {
    it(`${name}: ${protocol ?? 'braille'}`, () => {
      const got = detectGraphics(env, 'auto');
      assert.equal(got.protocol, protocol);
      assert.ok(got.why.length > 10);
    });
  }

  it('says why there are no pictures in words a user can act on', () => {
    assert.match(detectGraphics({ TMUX: 'x', TERM: 'tmux-256color' }, 'auto').why, /inside tmux.*braille/);
    assert.match(detectGraphics({ TERM: 'xterm', SSH_TTY: '/dev/pts/0' }, 'auto').why, /over SSH.*--images on/);
    assert.match(detectGraphics({ TERM: 'xterm-kitty' }, 'off').why, /--images off/);
  });

  it('--images on trusts an unknown terminal with kitty graphics, off turns every terminal off, neither beats tmux', () => {
    assert.equal(detectGraphics({ TERM: 'xterm-256color', SSH_TTY: '/dev/pts/0' }, 'on').protocol, 'kitty');
    assert.equal(detectGraphics({ TERM: 'xterm-256color', TERM_PROGRAM: 'WezTerm' }, 'on').protocol, 'iterm2');
    assert.equal(detectGraphics({ TERM: 'xterm-kitty' }, 'off').protocol, null);
    assert.equal(detectGraphics({ TERM: 'tmux-256color', TMUX: 'x' }, 'on').protocol, null);
  });

  it('parses --images', () => {
    assert.equal(parseImagesMode(undefined), 'auto');
    for (const m of ['auto', 'on', 'off'] as const) assert.equal(parseImagesMode(m), m);
    assert.equal(parseImagesMode('yes'), null);
  });
});
