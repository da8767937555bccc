// How a GPU tool ended, in one line for the panel, `g` and gpu_status: its exit code, what the
// code means (nvidia-smi's are documented), and its own last words, sanitised and capped.
import { cleanText } from '../model/text.js';
import { exitMeaning } from '../sources/nvidia-smi/messages.js';

/** A tool's own words are kept to this many characters. */
export const SAID_MAX = 240;

export interface ToolEnd {
  code: number | null;
  signal: string | null;
  why: string;
  timedOut?: boolean;
}

/** Its distinct non-empty lines (nvidia-smi prints the same message on stdout and stderr), as one. */
export function ownWords(lines: readonly string[]): string {
  const seen = new Set<string>();
  for (const l of lines) {
    const t = l.trim();
    if (t && !seen.has(t)) seen.add(t);
  }
  const text = cleanText([...seen].join(' / ').replace(/\s+/g, ' '));
  return text.length > SAID_MAX ? `${text.slice(0, SAID_MAX - 1)}…` : text;
}

/** "nvidia-smi exited with code 9 (the NVIDIA driver is not loaded): NVIDIA-SMI has failed …". */
export function describeEnd(tool: string, end: ToolEnd, said: readonly string[]): string {
  if (end.timedOut) return `${tool} ${end.why}`;
  const words = ownWords([...said, end.why]);
  const meaning = tool === 'nvidia-smi' && end.code !== null ? exitMeaning(end.code) : null;
  const how = end.signal ? `was ended by ${end.signal}` : `exited with code ${end.code}`;
  return `${tool} ${how}${meaning ? ` (${meaning})` : ''}${words ? `: ${words}` : ''}`;
}

/** As describeEnd, for a run to its end (its stdout is its words). */
export function toolSaid(tool: string, r: ToolEnd & { lines: readonly string[] }): string {
  return describeEnd(tool, r, r.lines.slice(-4));
}
