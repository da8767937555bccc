// Long names in narrow columns, shortened in the middle so that what tells files apart stays:
// the start of a file's name (its stem) and its end (a media file's hash and extension).

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
