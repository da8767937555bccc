import { Box, Text } from 'ink';
import { cleanText } from '../../model/text.js';
import { STATUS_COLOR } from '../theme.js';

export function Waiting({ what, height }: { what: string; height: number }) {
  return (
    <Box flexDirection="column" height={height} overflowY="hidden">
      <Text wrap="truncate-end">
        <Text bold>aigp-watch</Text>
        <Text color="gray"> │ </Text>
        <Text color={STATUS_COLOR.waiting} bold>● waiting</Text>
      </Text>
      <Box flexDirection="column" flexGrow={1} justifyContent="center" alignItems="center">
        <Text color="gray" wrap="truncate-middle">waiting for {cleanText(what)} …</Text>
        <Text color="gray" wrap="truncate-end">It shows up as soon as training writes args.yaml or results.csv, or its first event file.</Text>
      </Box>
    </Box>
  );
}
