// The first frame, drawn before Ink is loaded: Ink's module compile and first render take a few
// hundred milliseconds on a cold start, while the text snapshot of what has been read is ready at
// once. Ink's first frame replaces it. Until Ink holds the terminal, a signal still gives it back.
import { BEGIN_FRAME, END_FRAME, ENTER, screenRestorer } from './screen.js';

/** The text clipped to the pane (autowrap off, so a wide line cannot scroll it), on the alternate screen. */
export function firstFrame(text: string, rows: number): string {
  const lines = text.split('\n').slice(0, Math.max(1, rows - 1));
  return `${BEGIN_FRAME}${ENTER}\x1b[?7l${lines.map((l, i) => `\x1b[${i + 1};1H${l}`).join('')}\x1b[?7h${END_FRAME}`;
}

/** The alternate screen held until Ink takes it (handOn) or the app ends before Ink (giveBack). */
export interface HeldScreen {
  /** Ink's own handlers take over from here. */
  handOn(): void;
  /** Leaves the alternate screen now (quit before Ink). */
  giveBack(): void;
}

/** Holds the alternate screen: a signal or an exit before Ink takes over gives it back. */
export function holdScreen(): HeldScreen {
  const restore = screenRestorer();
  const signals = [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const;
  const handlers = signals.map(([signal, code]) => {
    const handler = () => {
      restore();
      process.exit(code);
    };
    process.once(signal, handler);
    return [signal, handler] as const;
  });
  process.on('exit', restore);
  const handOn = () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
    process.off('exit', restore);
  };
  return {
    handOn,
    giveBack: () => {
      handOn();
      restore();
    },
  };
}
