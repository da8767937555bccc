// Long text in narrow columns, cut where a reader expects it: file names in the middle (their
// stem and their hash end tell files apart), paths at folder boundaries from the front (a run's
// own folder is what tells runs apart), sentences and lists at word boundaries from the end, and
// names made of words by their middle words. A word is cut in two only when it alone is too long.

/** `text` in at most `width` characters, with "…" in place of its middle. */
export function middleEllipsis(text: string, width: number): string {
  if (text.length <= width) return text;
  if (width <= 1) return '…'.slice(0, width);
  const head = Math.ceil((width - 1) / 2);
  return `${text.slice(0, head)}…${text.slice(text.length - (width - 1 - head))}`;
}

/** A path in `width` characters: the folders give way first, then the middle of the file's name. */
export function fitPath(path: string, width: number): string {
  if (path.length <= width) return path;
  const slash = path.lastIndexOf('/');
  const name = path.slice(slash + 1);
  if (slash < 0 || name.length + 2 > width) return middleEllipsis(name, width);
  return `${path.slice(0, width - name.length - 2)}…/${name}`;
}

/** The end of a path in `width`: whole folders dropped from its front ("…/detect/gates"); its last name cut only when it alone is too long. */
export function pathTail(path: string, width: number): string {
  if (path.length <= width) return path;
  if (width <= 1) return '…'.slice(0, Math.max(0, width));
  let at = path.indexOf('/');
  while (at >= 0 && path.length - at + 1 > width) at = path.indexOf('/', at + 1);
  return at >= 0 ? `…${path.slice(at)}` : `…${path.slice(path.length - (width - 1))}`;
}

/** Words in `width`: cut after the last whole word that fits, with "…". */
export function fitWords(text: string, width: number): string {
  if (text.length <= width) return text;
  if (width <= 1) return '…'.slice(0, Math.max(0, width));
  const cut = text.slice(0, width - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > 0 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * A sentence that names paths ("watching /tmp/p/runs (newest run) and …") in `width`: the paths
 * lose their leading folders first, the longest first, down to their last name; then the
 * sentence loses its last words.
 */
export function fitSentence(text: string, width: number): string {
  const tokens = text.split(/(\s+)/);
  const length = () => tokens.reduce((n, t) => n + t.length, 0);
  const shorter = (t: string) => {
    const from = t.startsWith('…/') ? t.indexOf('/', 2) : t.indexOf('/', 1);
    return from > 0 ? `…${t.slice(from)}` : null;
  };
  while (length() > width) {
    let best = -1;
    tokens.forEach((t, i) => {
      if (shorter(t) !== null && (best < 0 || t.length > tokens[best].length)) best = i;
    });
    if (best < 0) break;
    tokens[best] = shorter(tokens[best]) as string;
  }
  return fitWords(tokens.join(''), width);
}

/**
 * A name made of words (`policy_gradient_loss`, `train/value_loss`) in `width`: words from its
 * middle give way to "…" (its first and last words are what it is); when even those two do not
 * fit, its end is cut after its first word.
 */
export function fitName(name: string, width: number): string {
  if (name.length <= width) return name;
  const words = [...name.matchAll(/[^_/\s.-]+/g)].map((m) => ({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length }));
  let best: string | null = null;
  // Drop words i..j (never the first or the last), as few characters as will do.
  for (let i = 1; i < words.length - 1; i++) {
    for (let j = i; j < words.length - 1; j++) {
      const fitted = `${name.slice(0, words[i].start)}…${name.slice(words[j].end)}`;
      if (fitted.length <= width && (best === null || fitted.length >= best.length)) best = fitted;
    }
  }
  if (best !== null) return best;
  // Its first word whole, the rest cut at the end; else its middle.
  return words.length && words[0].end + 1 < width ? `${name.slice(0, width - 1)}…` : middleEllipsis(name, width);
}

/** Facts (" · " apart) in `width`: whole facts, then the first that does not fit by its words when a few of them do. */
export function fitFacts(facts: readonly string[], width: number): string {
  let out = '';
  for (const f of facts) {
    const sep = out ? ' · ' : '';
    if (out.length + sep.length + f.length <= width) {
      out += sep + f;
      continue;
    }
    const room = width - out.length - sep.length;
    if (room >= 10) out += sep + fitWords(f, room);
    break;
  }
  return out;
}

/**
 * A title with numbers in it ("box 0.9831/0.9788/0.9923/0.9294") in `width`: its numbers with
 * fewer digits first, then whole values dropped from its end ("…"); a number is never cut.
 */
export function fitNumbers(text: string, width: number): string {
  if (text.length <= width) return text;
  const NUMBER = /-?\d+\.\d+(?:e-?\d+)?/g;
  for (const digits of [3, 2]) {
    const shorter = text.replace(NUMBER, (n) => String(Number(Number(n).toPrecision(digits))));
    if (shorter.length <= width) return shorter;
  }
  const short = text.replace(NUMBER, (n) => String(Number(Number(n).toPrecision(2))));
  // Cut before a value (at a space or a slash), never inside one.
  const cut = short.slice(0, Math.max(0, width - 1));
  const at = Math.max(cut.lastIndexOf(' '), cut.lastIndexOf('/'));
  return at > 0 ? `${cut.slice(0, at + 1)}…` : fitWords(short, width);
}
