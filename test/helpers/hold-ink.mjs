// Preloaded with --import: the TUI's module (Ink, React and the app's components, one chunk of
// the build) is not loaded until the file $AIGP_HOLD_INK exists, so a test can type, quit or
// signal while the first frame is up and Ink is not. The file saying `fail` fails that load.
import { register } from 'node:module';

if (process.env.AIGP_HOLD_INK) register('./hold-ink-hooks.mjs', import.meta.url, { data: { file: process.env.AIGP_HOLD_INK } });
