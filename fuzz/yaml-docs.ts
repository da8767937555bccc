// Valid YAML documents for the YAML reader's tests and fuzzing, made from a seed: a mapping of
// keys whose values take every form the bounded reader reads (plain, quoted, folded over lines,
// core-schema numbers and words) or passes over (lists, flow collections, block scalars,
// anchors, aliases, tags, mappings below the levels read), with comments and blank lines between.
// Each document comes with what the reader must give for each key: the yaml package's value, or
// "unread".

export type Expect = 'same' | 'unread' | Map<string, Expect>;

export interface YamlDoc {
  text: string;
  /** Per top-level key (the last of a repeated key counts). */
  expect: Map<string, Expect>;
}

const WORDS = ['detect', 'pose', 'train', 'yolo11n-pose.yaml', 'runs/detect/train2', String.raw`C:\Users\me\runs\x`, 'a b  c', 'http://x:80/y', 'a#b', '12:30', '1_000',
  'botsort.yaml', 'ü-utf8', 'x-y.z', 'randaugment', '~/data', 'it\'s', 'say "hi"'];
const NUMBERS = ['0', '-3', '+7', '007', '1.0', '.5', '1.', '-2.5e-3', '1e3', '0x1F', '0o17', '.inf', '-.Inf', '.NaN', '1e400', '123456789012345678901234'];
const WORDISH = ['null', '~', 'Null', 'true', 'False', 'TRUE', 'yes', 'on', 'NO'];

export function yamlDocument(rnd: () => number, levels: 1 | 2): YamlDoc {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const step = rnd() < 0.5 ? 2 : 4;
  const lines: string[] = [];
  const expect = new Map<string, Expect>();
  let anchors = 0;
  const comment = () => (rnd() < 0.15 ? ` # ${pick(WORDS)}` : '');
  const noise = (indent: string) => {
    if (rnd() < 0.1) lines.push('');
    if (rnd() < 0.1) lines.push(`${rnd() < 0.5 ? indent : ''}# ${pick(WORDS)}: [not, read]`);
  };

  /** A value after `key:` at indentation `ind` (spaces); pushes its lines, returns what to expect. */
  const value = (head: string, ind: string, depth: number): Expect => {
    const deeper = ind + ' '.repeat(step);
    const form = Math.floor(rnd() * 16);
    switch (form) {
      case 0: lines.push(`${head} ${pick(NUMBERS)}${comment()}`); return 'same';
      case 1: lines.push(`${head} ${pick(WORDISH)}${comment()}`); return 'same';
      case 2: {
        const w = pick(WORDS);
        lines.push(`${head} ${/^[\w~./\\-]/.test(w) && !w.includes("'") && !w.includes('"') ? w : `'${w.replaceAll("'", "''")}'`}${comment()}`);
        return 'same';
      }
      case 3: lines.push(`${head} '${pick(WORDS).replaceAll("'", "''")}'${comment()}`); return 'same';
      case 4: lines.push(`${head} "${pick(['a\\tb', 'x\\\\y', 'q\\"q', '\\x41\\u00e9', 'line\\nbreak', 'plain', 'C:\\\\runs'])}"${comment()}`); return 'same';
      case 5: lines.push(`${head} ${pick(['foo', 'foo bar'])}`, `${deeper}${pick(['baz', 'baz qux'])}`, ...(rnd() < 0.5 ? ['', `${deeper}end`] : [])); return 'same';
      case 6: lines.push(`${head} "first`, `${deeper}second \\`, `${deeper}third"`); return 'same';
      case 7: lines.push(`${head} 'one`, '', `${deeper}two'`); return 'same';
      case 8: lines.push(`${head}`); return 'same';
      case 9: lines.push(`${head} [${pick(NUMBERS)}, ${pick(WORDISH)}, [x, {y: "]"}]]`); return 'unread';
      case 10: lines.push(`${head} {a: 1,`, `${deeper}b: [2, 3]}`); return 'unread';
      case 11: {
        lines.push(`${head}`);
        const listInd = rnd() < 0.5 ? ind : deeper;
        for (let i = 0; i < 3; i++) lines.push(`${listInd}- ${pick(NUMBERS)}`);
        if (rnd() < 0.5) lines.push(`${listInd}- k: v`, `${listInd}  j: [1]`);
        return 'unread';
      }
      case 12: lines.push(`${head} ${pick(['|', '>', '|-', '>+'])}`, `${deeper}text: [that is not]`, `${deeper}  "read"`, ''); return 'unread';
      case 13: {
        if (anchors && rnd() < 0.5) lines.push(`${head} *a${Math.floor(rnd() * anchors)}`);
        else lines.push(`${head} &a${anchors++} ${pick(NUMBERS)}`);
        return 'unread';
      }
      case 14: lines.push(`${head} !!str ${pick(NUMBERS)}`); return 'unread';
      default: {
        lines.push(`${head}`);
        const inner = new Map<string, Expect>();
        const n = 1 + Math.floor(rnd() * 4);
        for (let i = 0; i < n; i++) {
          noise(deeper);
          const k = pick(['value', 'desc', 'lr0', 'x', '"quoted key"', 'a.b']);
          inner.set(k.replaceAll('"', ''), value(`${deeper}${k}:`, deeper, depth + 1));
        }
        return depth + 1 < levels ? inner : 'unread';
      }
    }
  };

  if (rnd() < 0.2) lines.push(rnd() < 0.5 ? '---' : '# made by hand');
  const n = 1 + Math.floor(rnd() * 12);
  for (let i = 0; i < n; i++) {
    noise('  ');
    const key = pick(['task', 'epochs', 'name', 'save_dir', 'project', 'model', 'plots', 'close_mosaic', `k${i}`, 'lr/pg0', '"quoted key"', "'single'"]);
    expect.set(key.replace(/^["']|["']$/g, ''), value(`${key}:`, '', 0));
  }
  if (rnd() < 0.1) lines.push('...');
  const eol = rnd() < 0.2 ? '\r\n' : '\n';
  return { text: lines.join(eol) + (rnd() < 0.9 ? eol : ''), expect };
}
