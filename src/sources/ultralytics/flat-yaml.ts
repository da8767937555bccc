// The flat YAML files Ultralytics writes (args.yaml, opt.yaml: one `key: scalar` a line) read
// without the yaml package, whose 280 KB of code would be most of the start-up of a first frame.
// Anything beyond that subset returns null, and the caller parses with the yaml package instead.

const LINE = /^([A-Za-z_][\w.-]*):(?: +(.*?))? *$/;
/** YAML 1.2 core-schema scalars (as the yaml package resolves them). Hex, octal, .inf and .nan are left to it. */
const NULL = /^(?:~|[Nn]ull|NULL)$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const NUMBER = /^[-+]?(?:[0-9]+|(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)$/;
const OTHER_NUMBER = /^(?:0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
/** A plain scalar that is a string and nothing else: no indicator first, no comment, no `: ` inside. */
const PLAIN = /^[^-?:,[\]{}#&*!|>'"%@`\s](?:(?!: | #)[^\t])*(?<!:)$/;

function scalar(v: string): { value: unknown } | null {
  if (NULL.test(v)) return { value: null };
  if (BOOL.test(v)) return { value: v[0] === 't' || v[0] === 'T' };
  if (NUMBER.test(v)) return { value: Number(v) };
  if (OTHER_NUMBER.test(v)) return null;
  if (/^'(?:[^']|'')*'$/.test(v)) return { value: v.slice(1, -1).replaceAll("''", "'") };
  if (/^"[^"\\]*"$/.test(v)) return { value: v.slice(1, -1) };
  if (PLAIN.test(v)) return { value: v };
  return null;
}

/** The mapping of a flat YAML text, or null when the text is anything more (nesting, lists, anchors, tags…). */
export function parseFlatYaml(source: string): Record<string, unknown> | null {
  const out: Record<string, unknown> = {};
  for (const raw of source.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '' || line.startsWith('#')) continue;
    const m = LINE.exec(line);
    if (!m || m[2] === undefined || m[1] === '__proto__') return null;
    const v = scalar(m[2]);
    if (!v) return null;
    out[m[1]] = v.value;
  }
  return out;
}
