/**
 * TensorBoard's smoothing: an exponential moving average debiased by 1 - w^n, where n counts
 * the finite points so far. Non-finite points pass through unchanged and do not feed the average.
 */
export function debiasedEma(values: ArrayLike<number>, weight = 0.6): Float64Array {
  const out = new Float64Array(values.length);
  let last = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      out[i] = v;
      continue;
    }
    last = last * weight + (1 - weight) * v;
    n += 1;
    out[i] = weight === 0 ? v : last / (1 - weight ** n);
  }
  return out;
}
