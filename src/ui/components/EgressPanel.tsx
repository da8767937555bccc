import { Box, Text } from 'ink';
import { formatBytes } from '../../model/units.js';
import { egressState, projectedBytes, type EgressState, type EgressStateName } from '../../model/egress.js';
import { cleanText } from '../../model/text.js';

const STATE_COLOR: Record<EgressStateName, string> = { none: 'green', online: 'magenta', finished: 'cyan', offline: 'yellow', synced: 'magenta', killed: 'red' };

const STATE_WORDS: Record<EgressStateName, string> = {
  none: 'no wandb run belongs to this training — nothing leaves this box',
  online: 'uploading to wandb.ai as it is staged',
  finished: 'finished: everything staged was uploaded',
  offline: 'offline: nothing leaves until `wandb sync`',
  synced: 'offline run, then synced: all of it left with `wandb sync`',
  killed: 'killed: no exit record, log idle 10 min; staged files may be partly uploaded',
};

/** Lines the panel takes: 1 with no wandb run, else 3. */
export function egressPanelHeight(s: EgressState | null): number {
  return s?.run ? 3 : 1;
}

export function EgressPanel({ state, now }: { state: EgressState | null; now: number }) {
  const name = state ? egressState(state, now) : 'none';
  if (!state?.run) {
    return <Text color="green" wrap="truncate-end">W&amp;B: {STATE_WORDS.none}</Text>;
  }
  const newest = state.files.reduce<(typeof state.files)[number] | null>((a, f) => (!a || f.firstSeen > a.firstSeen ? f : a), null);
  const cats = Object.entries(state.byCategory).filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]);
  const more = projectedBytes(state);
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold>W&amp;B </Text>
        <Text color={STATE_COLOR[name]} bold>{name}</Text>
        <Text> {formatBytes(state.stagedBytes)} staged in {state.files.length} files</Text>
        {more ? <Text color="yellow"> · about {formatBytes(more)} more at train end</Text> : null}
        {newest ? <Text color="gray"> · newest {cleanText(newest.path.split('/').pop() ?? '')} {formatBytes(newest.bytes)}</Text> : null}
        <Text color="gray"> · run {state.run.id} ({cleanText(state.run.match)}) · {STATE_WORDS[name]}</Text>
      </Text>
      <Text wrap="truncate-end" color="gray">
        {cats.length ? cats.map(([k, v]) => `${k} ${formatBytes(v)}`).join(' · ') : 'nothing staged yet'}
        {` · ${state.statsRecords} system-metrics records, ${state.historyRows} history rows`}
      </Text>
      <Text wrap="truncate-end" color="gray">stop it: AIGP_WANDB=0 · WANDB_MODE=offline · plots=False   (e: file list, p: preview)</Text>
    </Box>
  );
}
