import { Text } from 'ink';
import { KEYS, type Action } from '../keys.js';

const SHOWN = KEYS.filter((k) => k.short);
const label = (k: (typeof KEYS)[number]) => k.footer ?? k.label;
const FULL = SHOWN.reduce((n, k) => n + label(k).length + 1 + k.short.length, 0);

/** The keys and what they do; one space apart instead of two when that is what fits (80 columns). */
export function Footer({ active, width }: { active: ReadonlySet<Action>; width: number }) {
  const gap = FULL + 2 * (SHOWN.length - 1) <= width ? '  ' : ' ';
  return (
    <Text wrap="truncate-end" color="gray">
      {SHOWN.map((k, i) => (
        <Text key={k.action}>
          {i ? gap : ''}
          <Text color="white" bold>{label(k)}</Text>
          <Text color={active.has(k.action) ? 'cyan' : 'gray'}> {k.short}</Text>
        </Text>
      ))}
    </Text>
  );
}
