import { Box, Text } from 'ink';
import { fitWords } from '../../model/fit-text.js';
import { KEYS, SCOPE_NAMES } from '../keys.js';

interface Line { label: string; where: string; help: string }

/** The key table, one line per meaning: keys that say the same (↑ and ↓) share a line. */
const LINES: readonly Line[] = KEYS.reduce<Line[]>((out, k) => {
  const last = out.at(-1);
  if (last?.help === k.help) last.label += `/${k.label}`;
  else out.push({ label: k.label, where: SCOPE_NAMES[k.scope], help: k.help });
  return out;
}, []);

const NOTE = '▲ on an x axis: the best epoch (fitness 0.1·mAP50 + 0.9·mAP50-95).';

/** Every key of the table and where it acts, in `height` lines; each line cut at a word. */
export function HelpScreen({ height, width }: { height: number; width: number }) {
  const room = Math.max(0, height - 1);
  const all = [...LINES, null];
  const cut = all.length > room;
  const shown = cut ? all.slice(0, Math.max(0, room - 1)) : all;
  return (
    <Box flexDirection="column" height={height} overflowY="hidden">
      <Text bold>Keys <Text color="gray" bold={false}>(anywhere, unless it says where)</Text></Text>
      {shown.map((l, i) => (l === null
        ? <Text key={i} color="gray">{fitWords(NOTE, width)}</Text>
        : (
          <Text key={i} wrap="truncate-end">
            <Text color="cyan" bold>{l.label.padEnd(5)}</Text> {l.where ? <Text color="gray">{l.where}: </Text> : null}
            {fitWords(l.help, width - 6 - (l.where ? l.where.length + 2 : 0))}
          </Text>
        )))}
      {cut ? <Text color="gray">{fitWords(`… ${all.length - shown.length} more: a taller pane shows them`, width)}</Text> : null}
    </Box>
  );
}
