import { Box, Text } from 'ink';
import { candidateLabel } from '../../model/egress-attribution.js';
import type { WandbCandidate } from '../../model/egress.js';
import { cleanText } from '../../model/text.js';
import { windowStart } from '../scroll.js';

/**
 * Key c: the wandb runs of the same time as the training, none of which names it. Enter says
 * "this one is it"; with a run picked before, the last row takes the pick back.
 */
export function CandidateList({ candidates, picked, selected, canPick, height }: {
  candidates: readonly WandbCandidate[];
  /** The run picked before, if any: a row to take the pick back. */
  picked: string | null;
  selected: number;
  canPick: boolean;
  height: number;
}) {
  const rows = [...candidates.map((c) => `${candidateLabel(c)}  ${cleanText(c.dir)}`), ...(picked ? [`none of these (take back the pick of ${cleanText(picked)})`] : [])];
  const room = Math.max(1, height - 2);
  const start = windowStart(selected, rows.length, room);
  return (
    <Box flexDirection="column" height={height} overflowY="hidden">
      <Text bold wrap="truncate-end">W&amp;B runs of the same time as this training; none of them names it</Text>
      <Text color="gray" wrap="truncate-end">{canPick ? '↑/↓ select · Enter: this one is the training’s · c/Esc close' : 'picking is not available here · c/Esc close'}</Text>
      {rows.slice(start, start + room).map((row, i) => (
        <Text key={row} inverse={start + i === selected} wrap="truncate-end">{start + i === selected ? '▸ ' : '  '}{row}</Text>
      ))}
    </Box>
  );
}
