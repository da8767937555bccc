import { Box, Text } from 'ink';
import { cleanText } from '../../model/text.js';

export function Waiting({ what, height }: { what: string; height: number }) {
  return (
    <Box flexDirection="column" height={height} justifyContent="center" alignItems="center" overflow="hidden">
      <Text color="gray" wrap="truncate-middle">waiting for {cleanText(what)} …</Text>
      <Text color="gray" wrap="truncate-end">It shows up here as soon as training writes args.yaml or results.csv.</Text>
    </Box>
  );
}
