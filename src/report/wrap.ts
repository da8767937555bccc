// Plain text in a width: a line too long is broken at its last " · " or space that fits, the
// rest indented; a line with nowhere to break (a chart is drawn to the width) is left whole.

export function wrapLine(line: string, width: number): string[] {
  const out: string[] = [];
  let rest = line;
  let indent = '';
  while ([...rest].length + indent.length > width) {
    const room = width - indent.length;
    const head = rest.slice(0, room + 1);
    const dot = head.lastIndexOf(' · ');
    const space = head.lastIndexOf(' ');
    const cut = dot > room / 3 ? dot : space > 0 ? space : -1;
    if (cut <= 0) break;
    out.push(indent + rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^ (· )?/, '');
    indent = '  ';
  }
  out.push(indent + rest);
  return out;
}

export function wrapText(text: string, width: number): string {
  return text.split('\n').flatMap((l) => wrapLine(l, width)).join('\n');
}
