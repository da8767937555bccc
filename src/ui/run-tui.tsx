// Runs the Ink app on the alternate screen, and gives the terminal back on every way out:
// q, Ctrl-C, SIGTERM, SIGHUP, an uncaught error.
import { render } from 'ink';
import * as yoga from 'yoga-layout';
import { cleanLines } from '../model/text.js';
import { App, type AppOptions, type SessionLike } from './App.js';
import type { GraphicsSupport } from './graphics/detect.js';
import { PictureLayer } from './graphics/picture-layer.js';
import { PictureRenderer } from './graphics/picture-renderer.js';
import { renderPicture } from './graphics/render-picture.js';
import type { ReadImage } from '../model/image-read.js';
import { BEGIN_FRAME, ENTER, screenRestorer } from './screen.js';
import { keepCompiledCode } from './code-cache.js';

/** Ink draws at most this many frames a second (a burst of updates is one frame). */
const MAX_FPS = 10;

/** After the first interactive frame, when the start-up's compiled code is kept (launch.ts): an idle moment, all of start-up compiled. */
const KEEP_CODE_AFTER_MS = 1000;

export async function runTui(sessions: readonly SessionLike[], options: Omit<AppOptions, 'pictures'>, support: GraphicsSupport, readImage: ReadImage): Promise<number> {
  // Built as scripts (dist/, the SEA), Yoga's WebAssembly comes with a promise, not a top-level
  // await: it must be there before the first layout.
  await (yoga as { yogaReady?: Promise<void> }).yogaReady;
  // A picture waits for the frame of the commit that asked for it: up to one frame interval and a half.
  const layer = support.protocol ? new PictureLayer(process.stdout, support.protocol, process.pid, 1500 / MAX_FPS) : null;
  const renderer = layer ? new PictureRenderer(layer, renderPicture(readImage)) : null;
  const restore = screenRestorer(() => layer?.cleanup() ?? '');
  // Cleared and drawn as one frame (Ink ends it): a first frame drawn before Ink does not blink.
  process.stdout.write(BEGIN_FRAME + ENTER);
  process.on('exit', restore);
  const instance = render(<App sessions={sessions} options={{ ...options, pictures: { support, renderer, readImage } }} />, {
    stdout: layer?.stdout ?? process.stdout,
    exitOnCtrlC: true,
    patchConsole: false,
    maxFps: MAX_FPS,
  });
  setTimeout(keepCompiledCode, KEEP_CODE_AFTER_MS).unref();
  const exitWith = (code: number) => {
    instance.unmount();
    restore();
    process.exit(code);
  };
  const onTerm = () => exitWith(143);
  const onHup = () => exitWith(129);
  const onCrash = (err: unknown) => {
    instance.unmount();
    restore();
    process.stderr.write(`aigp-watch: ${cleanLines(err instanceof Error ? err.stack ?? err.message : String(err))}\n`);
    process.exit(1);
  };
  process.on('SIGTERM', onTerm);
  process.on('SIGHUP', onHup);
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  const resize = () => instance.clear();
  process.stdout.on('resize', resize);
  try {
    await instance.waitUntilExit();
  } finally {
    process.stdout.off('resize', resize);
    restore();
  }
  return 0;
}
