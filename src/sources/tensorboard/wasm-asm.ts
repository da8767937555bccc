// Just enough of WebAssembly's binary format to write small modules in the source, with no build
// step and no binary blob: LEB128 numbers, sections, and structured control flow whose branches
// name their target (the depth an instruction needs is counted here, not by hand).

/** Signed LEB128 (the immediate of i32.const and i64.const). */
export function sleb(n: number): number[] {
  const out: number[] = [];
  n |= 0;
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

export const section = (id: number, bytes: number[]): number[] => [id, ...uleb(bytes.length), ...bytes];
export const name = (s: string): number[] => [s.length, ...Buffer.from(s)];

/** Value types. */
export const I32 = 0x7f;
export const I64 = 0x7e;
export const F64 = 0x7c;

/** The instructions used, by their text names. */
export const op = {
  get: 0x20, set: 0x21, tee: 0x22, call: 0x10, return: 0x0f,
  i32Const: 0x41, i64Const: 0x42, f64Const: 0x44,
  i32Load: 0x28, i64Load: 0x29, f32Load: 0x2a, f64Load: 0x2b, i32Load8u: 0x2d, i32Store: 0x36, f64Store: 0x39,
  i32Eqz: 0x45, i32Eq: 0x46, i32Ne: 0x47, i32LtS: 0x48, i32LtU: 0x49, i32GtS: 0x4a, i32GtU: 0x4b, i32GeS: 0x4e, i32GeU: 0x4f,
  i64Ne: 0x52, f64Gt: 0x64,
  i32Add: 0x6a, i32Sub: 0x6b, i32Mul: 0x6c, i32And: 0x71, i32Xor: 0x73, i32Shl: 0x74, i32ShrS: 0x75, i32ShrU: 0x76,
  i64Sub: 0x7d, i64And: 0x83, i64Xor: 0x85, i64Shl: 0x86,
  f64Add: 0xa0, f64Mul: 0xa2, i64ExtendI32u: 0xad, f64ConvertI32u: 0xb8, f64PromoteF32: 0xbb,
} as const;

/** Code: bytes, with blocks and branches by label inside. */
export type Code = (number | Node | Code)[];
type Node = { block: 0x02 | 0x03 | 0x04; label: string; body: Code } | { branch: 0x0c | 0x0d; label: string };

export const block = (label: string, ...body: Code): Node => ({ block: 0x02, label, body });
/** A branch to a loop's label goes back to its start. */
export const loop = (label: string, ...body: Code): Node => ({ block: 0x03, label, body });
/** Pops an i32: runs the body when it is not 0. */
export const when = (label: string, ...body: Code): Node => ({ block: 0x04, label, body });
export const br = (label: string): Node => ({ branch: 0x0c, label });
/** Pops an i32: branches when it is not 0. */
export const brIf = (label: string): Node => ({ branch: 0x0d, label });

export const i32 = (n: number): number[] => [op.i32Const, ...sleb(n)];
export const f64 = (x: number): number[] => [op.f64Const, ...new Uint8Array(new Float64Array([x]).buffer)];
/** A load or store with its alignment (log2 bytes) and a constant offset. */
export const mem = (instruction: number, align: number, offset = 0): number[] => [instruction, align, ...uleb(offset)];

/** The bytes of code, each branch given the depth of its label among the blocks around it. */
export function assemble(code: Code, labels: string[] = []): number[] {
  const out: number[] = [];
  for (const c of code) {
    if (typeof c === 'number') out.push(c);
    else if (Array.isArray(c)) out.push(...assemble(c, labels));
    else if ('block' in c) out.push(c.block, 0x40, ...assemble(c.body, [...labels, c.label]), 0x0b);
    else {
      const at = labels.lastIndexOf(c.label);
      if (at < 0) throw new Error(`no block ${c.label} around a branch to it`);
      out.push(c.branch, labels.length - 1 - at);
    }
  }
  return out;
}

/** A function body: its locals (type and count, in order after the parameters), then its code. */
export function body(locals: [type: number, count: number][], code: Code): number[] {
  const bytes = [...uleb(locals.length), ...locals.flatMap(([type, count]) => [...uleb(count), type]), ...assemble(code), 0x0b];
  return [...uleb(bytes.length), ...bytes];
}
