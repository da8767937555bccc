import { Box, Text } from 'ink';
import { KEYS, SCOPE_NAMES, type Scope } from '../keys.js';

const SCOPES = [...new Set(KEYS.map((k) => k.scope))] as Scope[];

/** A scope's keys, one line per meaning: keys that say the same (↑ and ↓) share a line. */
function lines(scope: Scope): { label: string; help: string }[] {
  const out: { label: string; help: string }[] = [];
  for (const k of KEYS.filter((x) => x.scope === scope)) {
    const last = out.at(-1);
    if (last?.help === k.help) last.label += `/${k.label}`;
    else out.push({ label: k.label, help: k.help });
  }
  return out;
}

/** Every key of the table, under where it acts. */
export function HelpScreen({ height }: { height: number }) {
  return (
    <Box flexDirection="column" height={height} overflowY="hidden">
      <Text bold>Keys</Text>
      {SCOPES.map((scope) => (
        <Box key={scope} flexDirection="column">
          {scope !== 'global' ? <Text color="gray" wrap="truncate-end">{SCOPE_NAMES[scope]}:</Text> : null}
          {lines(scope).map((k) => (
            <Text key={k.label} wrap="truncate-end">
              <Text color="cyan" bold>{k.label.padEnd(5)}</Text> {k.help}
            </Text>
          ))}
        </Box>
      ))}
      <Text> </Text>
      <Text color="gray" wrap="truncate-end">▲ on an x axis: the best epoch (fitness 0.1·mAP50 + 0.9·mAP50-95).</Text>
    </Box>
  );
}
