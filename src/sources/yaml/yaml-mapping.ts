// YAML read only as far as this tool needs it: the top-level mapping of a file (args.yaml,
// opt.yaml) and, for wandb's config.yaml, one level below each key. In YAML every line that
// continues a key's value is indented more than the key, so a value's extent is found from the
// indentation alone, in one pass over the lines; what the tool does not read (a list, a flow
// collection, a mapping below the levels asked for, an alias, an anchor, a tag, a block scalar, a
// scalar over MAX_SCALAR_CHARS) is passed over without being looked into. Nothing is built for
// it, nothing recurses on it and no regular expression runs on it: a value nested a million deep
// or a file of aliases costs one pass over its text, and memory is the text plus the keys kept.
// Scalars resolve as the yaml package's core schema resolves them (test/sources/yaml checks it).

export type YamlScalar = string | number | boolean | null;

/** A value that is there but was not read, and what it is ("a list", "an alias", …). */
export class Unread {
  constructor(readonly what: string) {}
}

export type YamlValue = YamlScalar | Unread | YamlMap;
export type YamlMap = Map<string, YamlValue>;

export interface YamlMapping {
  values: YamlMap;
  /** Distinct keys past MAX_KEYS (at any level read): counted, not kept. */
  keysNotKept: number;
}

/** Keys kept, all levels together: an args.yaml has about 100, a wandb config a few hundred. */
export const MAX_KEYS = 10_000;
/** A scalar longer than this (a path is at most 4096) is not read; its key is kept. */
export const MAX_SCALAR_CHARS = 4096;
/** A longer key is no key: the line is refused. */
const MAX_KEY_CHARS = 1024;

interface Budget {
  kept: number;
  notKept: number;
  /** Top-level keys kept past MAX_KEYS: the ones the caller reads. */
  prefer: ReadonlySet<string>;
}

export interface ReadOptions {
  /** How deep block mappings are read: 1, the top keys and their scalars; 2, a mapping under a top key too. */
  levels?: number;
  /** Top-level keys the caller reads: kept even past MAX_KEYS. */
  prefer?: ReadonlySet<string>;
}

const SPACE = 32;
const TAB = 9;
const isBlank = (c: number) => c === SPACE || c === TAB;
const isBreakOrBlank = (c: number) => isBlank(c) || c === 10 || c === 13;

/**
 * The mapping at the top of a YAML document, as deep as `levels` says. Throws with a short
 * readable message when the document is not a block mapping (a list, a scalar, several documents,
 * tabs used as indentation). An empty document is an empty mapping.
 */
export function readYamlMapping(text: string, { levels = 1, prefer = new Set() }: ReadOptions = {}): YamlMapping {
  const budget: Budget = { kept: 0, notKept: 0, prefer };
  const from = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const values = readMapping(text, from, text.length, 0, levels, budget, true);
  if (values instanceof Unread) throw new Error(values.what);
  return { values, keysNotKept: budget.notKept };
}

interface Entry {
  key: string;
  /** Where the value begins on the key's line (the line's end when nothing follows the colon). */
  valueStart: number;
  lineEnd: number;
  /** End of the last line of the value (lines indented more, and list items right under it). */
  end: number;
  /** The first line below the key that is not blank or a comment: its start and indentation. */
  childLine: number;
  childIndent: number;
  /** `- ` items at the key's own indentation (PyYAML writes lists so). */
  compactList: boolean;
}

/**
 * The block mapping whose keys sit at indentation `n` in text[from, to). At the top a document
 * that is no mapping throws; below, it is an Unread value.
 */
function readMapping(text: string, from: number, to: number, n: number, levels: number, budget: Budget, top: boolean): YamlMap | Unread {
  const out: YamlMap = new Map();
  let entry: Entry | null = null;
  let lineNo = 0;
  let started = false;
  let ended = false;
  let marked = false;
  const fail = (why: string): Unread => {
    if (top) throw new Error(`line ${lineNo}: ${why}`);
    return new Unread(`not a mapping (${why})`);
  };
  const finish = (e: Entry) => {
    if (!out.has(e.key) && !(top && budget.prefer.has(e.key))) {
      if (budget.kept >= MAX_KEYS) {
        budget.notKept += 1;
        return;
      }
      budget.kept += 1;
    }
    out.set(e.key, valueOf(text, e, levels, budget));
  };
  for (let pos = from; pos < to; ) {
    let next = text.indexOf('\n', pos);
    if (next < 0 || next > to) next = to;
    const lineEnd = next > pos && text.charCodeAt(next - 1) === 13 ? next - 1 : next;
    const start = pos;
    pos = next + 1;
    lineNo += 1;
    let indent = 0;
    while (start + indent < lineEnd && text.charCodeAt(start + indent) === SPACE) indent++;
    let first = start + indent;
    while (first < lineEnd && isBlank(text.charCodeAt(first))) first++;
    if (first === lineEnd) continue;
    const c = text.charCodeAt(first);
    if (ended && c !== 35 /* # */) return fail(text.startsWith('---', first) ? 'a second YAML document' : 'content after the end of the document (...)');
    if (indent > n) {
      if (!entry) {
        if (c === 35 /* # */) continue;
        return fail('indented more than the first key');
      }
      if (entry.childLine < 0 && c !== 35 /* # */) {
        entry.childLine = start;
        entry.childIndent = indent;
      }
      entry.end = lineEnd;
      continue;
    }
    if (c === 35 /* # */) continue;
    if (indent < n) return fail('indented less than the keys above');
    if (first !== start + indent) return fail('a tab used as indentation');
    if (top && n === 0) {
      const marker = text.startsWith('---', first) || text.startsWith('...', first) ? text.slice(first, first + 3) : null;
      if (marker && (first + 3 === lineEnd || isBlank(text.charCodeAt(first + 3)))) {
        if (marker === '---' && (started || marked)) return fail('a second YAML document');
        if (!isCommentOrBlank(text, first + 3, lineEnd)) return fail(`content after ${marker}`);
        if (marker === '...') ended = true;
        marked = true;
        continue;
      }
      if (c === 37 /* % */ && !started) continue;
    }
    if (c === 45 /* - */ && (first + 1 === lineEnd || isBlank(text.charCodeAt(first + 1)))) {
      if (!entry || (!entry.compactList && (entry.valueStart !== entry.lineEnd || entry.childLine >= 0))) return fail(started ? 'a list item where a key belongs' : 'a list, not a mapping');
      entry.compactList = true;
      entry.end = lineEnd;
      continue;
    }
    const key = keyAt(text, first, lineEnd);
    if (!key) return fail(started ? 'not a `key: value` line' : 'not a mapping');
    if (entry) finish(entry);
    started = true;
    entry = { key: key.key, valueStart: key.valueStart, lineEnd, end: lineEnd, childLine: -1, childIndent: 0, compactList: false };
  }
  if (entry) finish(entry);
  return out;
}

function isCommentOrBlank(text: string, from: number, to: number): boolean {
  let i = from;
  while (i < to && isBlank(text.charCodeAt(i))) i++;
  return i === to || text.charCodeAt(i) === 35;
}

/** `key:` at `at` (plain, or quoted on one line), and where its value starts; null when the line is no mapping entry. */
function keyAt(text: string, at: number, lineEnd: number): { key: string; valueStart: number } | null {
  const c = text.charCodeAt(at);
  let key: string;
  let colon: number;
  if (c === 34 /* " */ || c === 39 /* ' */) {
    const close = closingQuote(text, at, Math.min(lineEnd, at + MAX_KEY_CHARS));
    if (close < 0) return null;
    const decoded = decodeQuoted(text.slice(at, close + 1));
    if (typeof decoded !== 'string') return null;
    colon = close + 1;
    while (colon < lineEnd && isBlank(text.charCodeAt(colon))) colon++;
    if (text.charCodeAt(colon) !== 58 /* : */) return null;
    key = decoded;
  } else {
    if (!plainFirst(text, at, lineEnd)) return null;
    colon = -1;
    for (let i = at; i < Math.min(lineEnd, at + MAX_KEY_CHARS); i++) {
      const ch = text.charCodeAt(i);
      if (ch === 35 /* # */ && isBlank(text.charCodeAt(i - 1))) return null;
      if (ch === 58 /* : */ && (i + 1 === lineEnd || isBlank(text.charCodeAt(i + 1)))) {
        colon = i;
        break;
      }
    }
    if (colon < 0) return null;
    let e = colon;
    while (e > at && isBlank(text.charCodeAt(e - 1))) e--;
    key = text.slice(at, e);
  }
  let v = colon + 1;
  while (v < lineEnd && isBlank(text.charCodeAt(v))) v++;
  if (text.charCodeAt(v) === 35 /* # */) v = lineEnd;
  return { key, valueStart: v };
}

/** Where a one-line quoted scalar opened at `at` closes, or -1. */
function closingQuote(text: string, at: number, lineEnd: number): number {
  const q = text.charCodeAt(at);
  for (let i = at + 1; i < lineEnd; i++) {
    const ch = text.charCodeAt(i);
    if (q === 34 && ch === 92 /* \ */) i++;
    else if (ch === q) {
      if (q === 39 && text.charCodeAt(i + 1) === 39) i++;
      else return i;
    }
  }
  return -1;
}

/** A plain scalar may start here: not an indicator, or `-?:` followed by a character that is not a space. */
function plainFirst(text: string, at: number, lineEnd: number): boolean {
  const c = text[at];
  if ('-?:'.includes(c)) return at + 1 < lineEnd && !isBlank(text.charCodeAt(at + 1));
  return !',[]{}#&*!|>\'"%@`'.includes(c);
}

function valueOf(text: string, e: Entry, levels: number, budget: Budget): YamlValue {
  if (e.valueStart < e.lineEnd) return node(text, e.valueStart, e.end, false);
  if (e.compactList) return new Unread('a list');
  if (e.childLine < 0) return null;
  const at = e.childLine + e.childIndent;
  if (text.charCodeAt(at) === 45 && (at + 1 === e.end || isBreakOrBlank(text.charCodeAt(at + 1)))) return new Unread('a list');
  const lineEnd = endOfLine(text, at);
  if (keyAt(text, at, lineEnd)) {
    if (levels <= 1) return new Unread('a mapping');
    return readMapping(text, e.childLine, e.end, e.childIndent, levels - 1, budget, false);
  }
  return node(text, at, e.end, true);
}

function endOfLine(text: string, at: number): number {
  let end = text.indexOf('\n', at);
  if (end < 0) end = text.length;
  return text.charCodeAt(end - 1) === 13 ? end - 1 : end;
}

/** The node that starts at `at` and ends by `end`: a scalar read, or what it is. */
function node(text: string, at: number, end: number, ownLine: boolean): YamlValue {
  const c = text[at];
  if (c === '[' || c === '{') return new Unread('a flow collection');
  if (c === '*') return new Unread('an alias');
  if (c === '&') return new Unread('an anchored value');
  if (c === '!') return new Unread('a tagged value');
  if (c === '|' || c === '>') return new Unread('a block scalar');
  if (end - at > MAX_SCALAR_CHARS) return new Unread(`a value over ${MAX_SCALAR_CHARS} characters`);
  const source = text.slice(at, end).replaceAll('\r\n', '\n');
  if (c === '"' || c === "'") return quotedNode(source);
  if (!plainFirst(source, 0, source.length) || (!ownLine && c === '-' && isBlank(source.charCodeAt(1)))) return new Unread('malformed');
  return plainNode(source);
}

/** A quoted scalar, then nothing but blanks and comments. */
function quotedNode(source: string): YamlValue {
  const q = source.charCodeAt(0);
  let close = -1;
  for (let i = 1; i < source.length; i++) {
    const ch = source.charCodeAt(i);
    if (q === 34 && ch === 92) i++;
    else if (ch === q) {
      if (q === 39 && source.charCodeAt(i + 1) === 39) i++;
      else {
        close = i;
        break;
      }
    }
  }
  if (close < 0) return new Unread('malformed (a quote that does not close)');
  const tail = source.slice(close + 1).split('\n');
  // After the closing quote, the same line may hold a comment only after a blank.
  if (tail[0] !== '' && !(isBlank(tail[0].charCodeAt(0)) && isCommentOrBlank(tail[0], 0, tail[0].length))) return new Unread('malformed');
  for (const line of tail.slice(1)) if (!isCommentOrBlank(line, 0, line.length)) return new Unread('malformed');
  const decoded = decodeQuoted(source.slice(0, close + 1));
  return decoded ?? new Unread('malformed (an escape YAML does not have)');
}

/** Lines of a flow scalar folded as YAML folds them: one break is a space, each further one a newline. */
function fold(lines: string[]): string {
  let out = lines[0];
  let breaks = 0;
  for (let i = 1; i < lines.length; i++) {
    const l = lines[i];
    if (l === '') {
      breaks++;
      continue;
    }
    out += breaks ? '\n'.repeat(breaks) : ' ';
    out += l;
    breaks = 0;
  }
  return breaks ? out + (breaks === 1 ? ' ' : '\n'.repeat(breaks - 1)) : out;
}

/** Blanks (spaces, tabs) off the start and the end, by hand: a pattern like /[ \t]+$/ is quadratic on a long run of blanks. */
function trimBlank(s: string, start = true, end = true): string {
  let a = 0;
  let b = s.length;
  while (start && a < b && isBlank(s.charCodeAt(a))) a++;
  while (end && b > a && isBlank(s.charCodeAt(b - 1))) b--;
  return s.slice(a, b);
}

/** A quoted scalar (whole, with its quotes): its value, or null when an escape is not YAML's. */
export function decodeQuoted(raw: string): string | null {
  const double = raw[0] === '"';
  const body = raw.slice(1, -1);
  if (!double) {
    const lines = body.split('\n').map((l, i, all) => trimBlank(l, i > 0, i < all.length - 1));
    return fold(lines).replaceAll("''", "'");
  }
  let out = '';
  let pending = '';
  let breaks = -1;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '\n') {
      // Trailing blanks before a break go; leading ones after it too.
      pending = '';
      breaks = breaks < 0 ? 1 : breaks + 1;
      while (isBlank(body.charCodeAt(i + 1))) i++;
      continue;
    }
    if (breaks > 0) {
      out += breaks === 1 ? ' ' : '\n'.repeat(breaks - 1);
      breaks = -1;
    }
    if (isBlank(body.charCodeAt(i))) {
      pending += ch;
      continue;
    }
    out += pending;
    pending = '';
    breaks = -1;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const e = body[++i];
    if (e === '\n') {
      // An escaped break: the lines join with nothing between them.
      while (isBlank(body.charCodeAt(i + 1))) i++;
      breaks = 0;
      continue;
    }
    const simple = ESCAPES[e];
    if (simple !== undefined) {
      out += simple;
      continue;
    }
    const width = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    const hex = body.slice(i + 1, i + 1 + width);
    if (!width || hex.length !== width || !/^[0-9a-fA-F]+$/.test(hex)) return null;
    const code = parseInt(hex, 16);
    if (code > 0x10ffff) return null;
    out += String.fromCodePoint(code);
    i += width;
  }
  if (breaks > 0) out += breaks === 1 ? ' ' : '\n'.repeat(breaks - 1);
  return out + pending;
}

const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ', '"': '"', '/': '/', '\\': '\\',
  N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};

/** A plain scalar over one line or several, up to a comment; resolved as the core schema does. */
function plainNode(source: string): YamlValue {
  const lines: string[] = [];
  let commented = false;
  for (const raw of source.split('\n')) {
    const line = trimBlank(raw);
    if (commented || line.startsWith('#')) {
      if (line !== '' && !line.startsWith('#')) return new Unread('malformed (a value goes on after a comment)');
      commented ||= line !== '';
      continue;
    }
    const hash = line.search(/[ \t]#/);
    const text = hash >= 0 ? line.slice(0, hash).trimEnd() : line;
    if (/:([ \t]|$)/.test(text)) return new Unread('malformed (`: ` inside a plain value)');
    lines.push(text);
    if (hash >= 0) commented = true;
  }
  while (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return resolvePlain(fold(lines));
}

/** YAML 1.2 core-schema scalars, as the yaml package resolves them. */
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT = /^[-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const INF = /^[-+]?\.(?:inf|Inf|INF)$/;
const NAN = /^\.(?:nan|NaN|NAN)$/;

export function resolvePlain(v: string): YamlScalar {
  if (NULL.test(v)) return null;
  if (BOOL.test(v)) return v[0] === 't' || v[0] === 'T';
  if (INT.test(v) || FLOAT.test(v)) return Number(v);
  if (/^0x[0-9a-fA-F]+$/.test(v)) return parseInt(v.slice(2), 16);
  if (/^0o[0-7]+$/.test(v)) return parseInt(v.slice(2), 8);
  if (INF.test(v)) return v[0] === '-' ? -Infinity : Infinity;
  if (NAN.test(v)) return NaN;
  return v;
}
