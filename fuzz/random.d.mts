/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export function random(seed: number): () => number;
