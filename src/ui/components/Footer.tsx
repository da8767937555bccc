import { Text } from 'ink';
import { KEYS, type Action } from '../keys.js';

export function Footer({ active }: { active: ReadonlySet<Action> }) {
  const shown = KEYS.filter((k) => k.short);
  return (
    <Text wrap="truncate-end" color="gray">
      {shown.map((k) => (
        <Text key={k.action}>
          <Text color="white" bold>{k.action === 'widen' ? '←/→' : k.label}</Text>
          <Text color={active.has(k.action) ? 'cyan' : 'gray'}> {k.short}  </Text>
        </Text>
      ))}
    </Text>
  );
}
