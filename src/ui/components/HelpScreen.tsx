import { Box, Text } from 'ink';
import { KEYS } from '../keys.js';

export function HelpScreen({ height }: { height: number }) {
  return (
    <Box flexDirection="column" height={height} overflowY="hidden">
      <Text bold>Keys</Text>
      {KEYS.map((k) => (
        <Text key={k.action} wrap="truncate-end">
          <Text color="cyan" bold>{k.label.padEnd(5)}</Text> {k.help}
        </Text>
      ))}
      <Text> </Text>
      <Text color="gray" wrap="truncate-end">▲ on an x axis: the best epoch (fitness 0.1·mAP50 + 0.9·mAP50-95).</Text>
    </Box>
  );
}
