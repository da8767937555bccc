import { Text } from 'ink';
import type { ChartLine } from '../../chart/braille.js';

export function ChartLines({ lines }: { lines: readonly ChartLine[] }) {
  return (
    <>
      {lines.map((line, i) => (
        <Text key={i} wrap="truncate-end">
          {line.map((seg, j) => (
            <Text key={j} color={seg.color}>{seg.text}</Text>
          ))}
        </Text>
      ))}
    </>
  );
}
