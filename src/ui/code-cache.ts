// The launcher (src/launch.ts) keeps the compiled code of a start for the next one: asked once
// the first interactive frame is out, it holds all a start compiles. Nothing when not launched
// from the build (tests, tsx).
export function keepCompiledCode(): void {
  const save = (globalThis as Record<symbol, unknown>)[Symbol.for('aigp-watch.code-cache.save')];
  if (typeof save === 'function') save();
}
