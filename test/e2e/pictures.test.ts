// `i` in a real pseudo-terminal, as kitty and WezTerm would receive it: the picture's escape
// sequences are checked against the protocols, replayed into a headless xterm to see that the
// picture lands on the blank cells of the focused chart and that Ink's frame around it is whole.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { loadImage } from '@napi-rs/canvas';
import { DETECT_COLUMNS, resultsCsv } from '../../fixtures/ultralytics/results-writer.js';
import { CLI, REPO, tempDir } from '../helpers/paths.js';
import { needsScript, Pty, replay, type Placed } from '../helpers/pty.js';
import { waitFor } from '../helpers/wait.js';

const FORBID = pathToFileURL(join(REPO, 'test', 'helpers', 'forbid-network.mjs')).href;
const BSU = '\x1b[?2026h';
const ESU = '\x1b[?2026l';
const LEAVE = '\x1b[H\x1b[2J\x1b[?25h\x1b[?1049l';
const COLS = 100;
const ROWS = 30;

/** A clean environment for one kind of terminal: nothing of the one running the tests leaks in. */
function terminalEnv(extra: Record<string, string>, netLog: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: `--import ${FORBID}`, AIGP_NETWORK_LOG: netLog, ...extra };
  for (const k of ['CI', 'TMUX', 'STY', 'TERM_PROGRAM', 'LC_TERMINAL', 'KITTY_WINDOW_ID', 'WEZTERM_PANE', 'SSH_CONNECTION', 'SSH_TTY']) {
    if (!(k in extra)) delete env[k];
  }
  return env;
}

function runDir(t: { after(fn: () => void): void }): { dir: string; netLog: string } {
  const base = tempDir(t);
  const dir = join(base, 'runs', 'detect', 'apex_yolo11n');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'results.csv'), resultsCsv('v8.3', DETECT_COLUMNS, 12));
  return { dir, netLog: join(base, 'net.log') };
}

/** The keys of the last kitty graphics command in the stream ('' when none). */
function lastKitty(raw: string): string {
  const at = raw.lastIndexOf('\x1b_G');
  return at < 0 ? '' : raw.slice(at + 3, raw.indexOf(';', at) >>> 0).split('\x1b')[0];
}

function keyOf(keys: string, name: string): number {
  const m = new RegExp(`(?:^|[,;])${name}=(\\d+)`).exec(keys);
  assert.ok(m, `${name}= in ${keys}`);
  return Number(m[1]);
}

/** What the PNG says of itself, and how much of it is drawn. */
async function pngFacts(base64: string): Promise<{ width: number; height: number; drawn: number }> {
  const bytes = Buffer.from(base64, 'base64');
  assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG', 'a PNG');
  const img = await loadImage(bytes);
  const { createCanvas } = await import('@napi-rs/canvas');
  const c = createCanvas(img.width, img.height);
  const ctx = c.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const data = ctx.getImageData(0, 0, img.width, img.height).data;
  let drawn = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] > 0) drawn += 1;
  return { width: img.width, height: img.height, drawn: drawn / (img.width * img.height) };
}

/** The picture's cells are blank in the text, the focused title is just above, the footer below. */
function assertFramed(p: Placed, cols: number, rows: number): void {
  assert.equal(p.col, 0, 'the picture starts at the pane\'s left edge');
  assert.match(p.screen[p.row - 1], /▸ Losses.*\[picture/, 'the focused chart\'s title line is right above the picture');
  for (let r = p.row; r < p.row + rows; r++) {
    assert.equal(p.screen[r].slice(p.col, p.col + cols).trim(), '', `row ${r} under the picture is blank text`);
  }
  const footer = p.screen.findIndex((l) => l.includes('q quit'));
  assert.ok(footer >= p.row + rows, 'the footer is below the picture, where Ink put it');
  assert.match(p.screen[0], /^aigp-watch/, 'the header is intact');
}

/** Start-up on a loaded 2-core machine can take seconds: not a speed test. */
function firstFrame(pty: Pty): Promise<unknown> {
  return waitFor(async () => (await pty.screen()).some((l) => l.includes('q quit')), 'the first frame', 30_000);
}

/** A frame after a key, in a full test run beside other work on 2 cores: seconds, not a speed test. */
const FRAME_MS = 20_000;

describe('pictures in a graphics terminal (pty)', { skip: needsScript }, () => {
  const ptys: Pty[] = [];
  after(() => ptys.forEach((p) => p.kill()));

  it('kitty: `i` sends the focused chart once, re-places it inside each frame, deletes it on `i` and on quit', async (t) => {
    const { dir, netLog } = runDir(t);
    const pty = new Pty(`'${process.execPath}' '${CLI}' --no-gpu '${dir}'`, terminalEnv({ TERM: 'xterm-kitty' }, netLog), COLS, ROWS);
    ptys.push(pty);
    await firstFrame(pty);
    assert.doesNotMatch(pty.raw, /\x1b_G/, 'no picture before `i`');
    pty.keys('i');
    await waitFor(() => /\x1b_G(?:a=T[^;]*)?m=0;/.test(pty.raw), 'the whole picture sent', FRAME_MS);
    const sentAt = pty.raw.length;
    // `s` changes the chart: the next frame places the picture up now again, and a new picture
    // (the other id) may follow once rendered; either may come first on a busy machine.
    pty.keys('s');
    await waitFor(() => pty.raw.slice(sentAt).includes('a=p,'), 'the picture placed again after the next frame', FRAME_MS);
    pty.keys('i');
    await waitFor(async () => (await pty.screen()).some((l) => /▸ Losses/.test(l) && !/\[picture/.test(l)), 'the title without the picture mark', FRAME_MS);
    await waitFor(() => lastKitty(pty.raw).startsWith('a=d,d=I'), 'the picture deleted', FRAME_MS);
    await waitFor(async () => (await pty.screen()).some((l) => /[\u2801-\u28ff]/.test(l)), 'braille back in its place', FRAME_MS);
    const beforeQuit = pty.raw.length;
    pty.keys('q');
    assert.equal(await pty.exited, 0);

    const raw = pty.raw;
    const { placed } = await replay(raw, COLS, ROWS);
    const first = placed.findIndex((p) => p.keys.startsWith('a=T'));
    const transmit = placed[first];
    assert.match(transmit.keys, /f=100/, 'PNG data');
    assert.match(transmit.keys, /q=2/, 'no replies: they would arrive as key presses');
    assert.match(transmit.keys, /C=1/, 'the cursor stays');
    const cols = keyOf(transmit.keys, 'c');
    const rows = keyOf(transmit.keys, 'r');
    assert.equal(cols, COLS);
    assert.ok(rows >= 3 && rows < ROWS - 4, `rows ${rows}`);
    assertFramed(transmit, cols, rows);

    const chunks = [transmit];
    for (let i = first + 1; !chunks.at(-1)?.keys.endsWith('m=0'); i++) chunks.push(placed[i]);
    assert.ok(chunks.slice(0, -1).every((c) => c.payload.length === 4096 && /m=1$/.test(c.keys)), 'full 4096-byte chunks, m=1 on all but the last');
    const png = await pngFacts(chunks.map((c) => c.payload).join(''));
    assert.deepEqual([png.width, png.height], [cols * 10, rows * 20]);
    assert.ok(png.drawn > 0.02, `the picture is drawn on (${(png.drawn * 100).toFixed(1)} % of pixels)`);

    /** The id of the picture the terminal holds at a point of the stream: the last one sent before it. */
    const sentBefore = (offset: number) => keyOf(placed.filter((p) => p.offset < offset && p.keys.startsWith('a=T')).at(-1)?.keys ?? '', 'i');
    const again = placed.find((p) => p.offset > sentAt && p.keys.startsWith('a=p'));
    assert.ok(again);
    assert.equal(keyOf(again.keys, 'i'), sentBefore(again.offset), 'the picture up now is placed, not another');
    assert.deepEqual([again.row, again.col], [transmit.row, transmit.col], 'placed on the same cells');
    assert.ok(raw.lastIndexOf(BSU, again.offset) > raw.lastIndexOf(ESU, again.offset), 'inside the frame\'s synchronized update');
    assertFramed(again, cols, rows);
    for (const p of placed.filter((q) => q.keys.startsWith('a=p'))) assert.equal(keyOf(p.keys, 'i'), sentBefore(p.offset), 'every placement names the picture last sent');

    const shown = placed.filter((p) => p.offset < beforeQuit && p.keys.startsWith('a=T')).map((p) => keyOf(p.keys, 'i'));
    const lastShown = shown.at(-1) as number;
    assert.match(lastKitty(raw.slice(0, beforeQuit)), new RegExp(`^a=d,d=I,i=${lastShown},`), '`i` deletes the picture up, and nothing is placed after');
    const leave = raw.lastIndexOf(LEAVE);
    const tail = raw.slice(beforeQuit, leave);
    for (const id of new Set([...shown, lastShown % 2 ? lastShown - 1 : lastShown + 1])) {
      assert.match(tail, new RegExp(`a=d,d=I,i=${id},`), `quitting frees picture ${id} in the terminal (and the other id used for replacements)`);
    }
    assert.equal(existsSync(netLog), false, 'no socket was tried');
  });

  it('kitty, resized: the old picture goes at once, a new one of the new size takes its place', async (t) => {
    const { dir, netLog } = runDir(t);
    const pty = new Pty(`'${process.execPath}' '${CLI}' --no-gpu '${dir}'`, terminalEnv({ TERM: 'xterm-kitty' }, netLog), COLS, ROWS);
    ptys.push(pty);
    await firstFrame(pty);
    pty.keys('i');
    await waitFor(() => /\x1b_G(?:a=T[^;]*)?m=0;/.test(pty.raw), 'the whole picture sent', FRAME_MS);
    const before = pty.raw.length;
    pty.resize(80, 24);
    await waitFor(() => {
      const since = pty.raw.slice(before);
      return /a=T[^;]*c=80,/.test(since) && since.lastIndexOf('m=0;') > since.lastIndexOf('a=T');
    }, 'a whole picture 80 columns wide');
    pty.keys('q');
    assert.equal(await pty.exited, 0);
    const { placed } = await replay(pty.raw.slice(0, pty.raw.lastIndexOf(LEAVE)), 80, 24);
    const after = placed.filter((p) => p.offset > before);
    const first = placed.find((p) => p.keys.startsWith('a=T')) as Placed;
    const oldId = keyOf(first.keys, 'i');
    const deleted = after.findIndex((p) => p.keys.startsWith(`a=d,d=I,i=${oldId},`));
    const sent = after.findIndex((p) => p.keys.startsWith('a=T'));
    assert.ok(deleted >= 0 && deleted < sent, 'the picture of the old size is deleted before the new one is sent');
    const fresh = after[sent];
    const rows = keyOf(fresh.keys, 'r');
    assert.ok(fresh.row + rows < 24, 'the new picture fits the smaller screen');
    assert.ok(after.slice(sent).filter((p) => p.keys.startsWith('a=')).every((p) => !p.keys.includes(`c=${COLS},`)), 'nothing placed at the old width after');
    const { screen } = await replay(pty.raw.slice(0, after.at(-1)?.offset), 80, 24);
    assert.match(screen[fresh.row - 1], /▸ Losses.*\[picture/, 'the title right above it, at the new size');
  });

  it('WezTerm (iTerm2 protocol): the picture drawn over the chart\'s cells after every frame', async (t) => {
    const { dir, netLog } = runDir(t);
    const pty = new Pty(`'${process.execPath}' '${CLI}' --no-gpu '${dir}'`, terminalEnv({ TERM: 'xterm-256color', TERM_PROGRAM: 'WezTerm' }, netLog), COLS, ROWS);
    ptys.push(pty);
    await firstFrame(pty);
    pty.keys('i');
    await waitFor(() => pty.raw.includes('\x1b]1337;File='), 'the picture');
    const sentAt = pty.raw.length;
    pty.keys('s');
    await waitFor(() => pty.raw.slice(sentAt).includes('\x1b]1337;File='), 'the picture drawn again after the next frame');
    pty.keys('q');
    assert.equal(await pty.exited, 0);

    const { placed } = await replay(pty.raw, COLS, ROWS);
    assert.ok(placed.length >= 2);
    const args = placed[0].keys;
    assert.match(args, /inline=1/);
    assert.match(args, /preserveAspectRatio=0/);
    const cols = keyOf(args, 'width');
    const rows = keyOf(args, 'height');
    assert.equal(keyOf(args, 'size'), Buffer.from(placed[0].payload, 'base64').length, 'size= is the PNG\'s byte count');
    for (const p of placed) assertFramed(p, cols, rows);
    const png = await pngFacts(placed[0].payload);
    assert.deepEqual([png.width, png.height], [cols * 10, rows * 20]);
    const inFrame = (p: Placed) => pty.raw.lastIndexOf(BSU, p.offset) > pty.raw.lastIndexOf(ESU, p.offset);
    assert.ok(placed.some((p) => p.offset > sentAt && inFrame(p)), 'drawn again inside the next frame\'s synchronized update');
  });

  it('inside tmux (and in terminals not known) `i` keeps braille and says why', async (t) => {
    const { dir, netLog } = runDir(t);
    for (const [env, why] of [
      [{ TERM: 'xterm-kitty', TMUX: '/tmp/tmux-0/default,1,0' }, /inside tmux/],
      [{ TERM: 'xterm-256color', SSH_CONNECTION: '10.0.0.1 5 10.0.0.2 22' }, /over SSH.*--images on/],
    ] as const) {
      const pty = new Pty(`'${process.execPath}' '${CLI}' --no-gpu '${dir}'`, terminalEnv(env, netLog), COLS, ROWS);
      ptys.push(pty);
      await firstFrame(pty);
      pty.keys('i');
      await waitFor(async () => (await pty.screen()).some((l) => why.test(l)), `the reason on the status line (${why})`);
      pty.keys('q');
      assert.equal(await pty.exited, 0);
      const { placed, screen } = await replay(pty.raw.slice(0, pty.raw.lastIndexOf(LEAVE)), COLS, ROWS);
      assert.equal(placed.length, 0, 'no picture sequences at all');
      assert.ok(screen.some((l) => /[\u2801-\u28ff]/.test(l)), 'the charts are braille');
    }
  });
});
