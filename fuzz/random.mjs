// The fuzzers' random numbers, plain JavaScript: the fake ssh host (a plain node script) draws
// from the same generator as the harness. mulberry32: small, fast, the same sequence for the
// same seed everywhere.

/** @param {number} seed */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
