// The --rsh option ('ssh -p 2222', "ssh -F 'my config'") as rsync's -e takes it: words split
// like a shell command line (quotes, backslashes), but no shell runs and nothing is expanded.

export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote === "'") {
      if (c === "'") quote = null;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1])) word += line[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      word ??= '';
    } else if (c === '\\' && i + 1 < line.length) {
      word = (word ?? '') + line[++i];
    } else if (/\s/.test(c)) {
      if (word !== null) words.push(word);
      word = null;
    } else {
      word = (word ?? '') + c;
    }
  }
  if (quote) throw new Error(`unbalanced ${quote} in the ssh command: ${line}`);
  if (word !== null) words.push(word);
  if (words.length === 0 || words[0] === '') throw new Error(`the ssh command is empty (got '${line}'): leave -e out for plain ssh`);
  return words;
}
