import { memo } from 'react';
import { Text } from 'ink';
import chalk from 'chalk';
import type { ChartLine } from '../../chart/braille.js';

type Painter = (text: string) => string;
const painters = new Map<string, Painter>();

/** An Ink colour name or a #hex, as chalk does it (Ink's <Text color> accepts the same). */
function painter(color: string): Painter {
  let p = painters.get(color);
  if (!p) {
    const named = (chalk as unknown as Record<string, Painter | undefined>)[color];
    p = color.startsWith('#') ? chalk.hex(color) : typeof named === 'function' ? named : (t: string) => t;
    painters.set(color, p);
  }
  return p;
}

export function paintLine(line: ChartLine): string {
  let out = '';
  for (const seg of line) out += seg.color ? painter(seg.color)(seg.text) : seg.text;
  return out;
}

/**
 * One Ink <Text> per chart line, coloured with escape codes: a 200x60 screen of nested
 * <Text> per colour run is thousands of nodes for Ink to lay out on every frame.
 */
export const ChartLines = memo(function ChartLines({ lines }: { lines: readonly ChartLine[] }) {
  return (
    <>
      {lines.map((line, i) => (
        <Text key={i} wrap="truncate-end">{paintLine(line)}</Text>
      ))}
    </>
  );
});
