import { Box, Text } from 'ink';
import { egressAdvice } from '../../model/egress-advice.js';
import { candidateLabel, type AttributedState } from '../../model/egress-attribution.js';
import { artifactBytes, egressState, projectedBytes, stagedFileCount, type EgressState } from '../../model/egress.js';
import { egressQueue, hasQueue, type QueueState } from '../../model/egress-queue.js';
import { cleanText } from '../../model/text.js';
import { formatBytes, formatSize } from '../../model/units.js';

const STATE_COLOR: Record<AttributedState, string> = { none: 'green', unconfirmed: 'yellow', online: 'magenta', finished: 'cyan', offline: 'yellow', synced: 'magenta', killed: 'red' };

const QUEUE_COLOR: Record<QueueState, string> = { none: 'green', offline: 'yellow', synced: 'magenta', uploading: 'magenta', done: 'green', gone: 'red', unknown: 'yellow' };

/** Its height is layout.ts's egressPanelHeight: keep the two together. */
/** The queue, and who uploads: "uploading · sent … of ~… · 0.8 MB/s · ~9s left · wandb-core pid 4242". */
function QueueLine({ state, now }: { state: EgressState; now: number }) {
  const q = egressQueue(state, now);
  const u = state.uploader;
  return (
    <Text wrap="truncate-end">
      <Text color={QUEUE_COLOR[q.state]}>{q.line}</Text>
      {u ? <Text color="gray"> · {cleanText(u.name)} pid {u.pid}</Text> : null}
    </Text>
  );
}

export function EgressPanel({ state, now }: { state: EgressState | null; now: number }) {
  const run = state?.run ?? null;
  if (!state || !run) {
    const candidates = state?.candidates ?? [];
    if (!candidates.length) return <Text color="green" wrap="truncate-end">W&amp;B: no wandb run belongs to this training — nothing leaves this box</Text>;
    return (
      <Box flexDirection="column">
        <Text wrap="truncate-end">
          <Text bold>W&amp;B </Text>
          <Text color={STATE_COLOR.unconfirmed} bold>unconfirmed</Text>
          <Text> — {candidates.length} candidate{candidates.length > 1 ? 's' : ''} (same time; none names this training)</Text>
          <Text color="gray"> · c: pick</Text>
        </Text>
        <Text wrap="truncate-end" color="gray">{candidates.map(candidateLabel).join(' · ')}</Text>
      </Box>
    );
  }
  const newest = state.files.reduce<(typeof state.files)[number] | null>((a, f) => (!a || f.firstSeen > a.firstSeen ? f : a), null);
  const cats = Object.entries(state.byCategory).filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]);
  const more = projectedBytes(state);
  const name = egressState(state, now);
  const artifacts = artifactBytes(state);
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold>W&amp;B </Text>
        <Text color={STATE_COLOR[name]} bold>{name}</Text>
        <Text> {formatSize(state.stagedBytes)} staged in {stagedFileCount(state)} file{stagedFileCount(state) === 1 ? '' : 's'}</Text>
        {state.unlisted ? <Text color="yellow"> ({state.unlisted.files} past the {state.unlisted.cap}-file list, counted)</Text> : null}
        {more ? <Text color="yellow"> · about {formatBytes(more)} more at train end</Text> : null}
        {newest ? <Text color="gray"> · newest {cleanText(newest.path.split('/').pop() ?? '')} {formatBytes(newest.bytes)}</Text> : null}
        <Text color="gray"> · run {run.id} ({cleanText(run.match)})</Text>
      </Text>
      {hasQueue(state) ? <QueueLine state={state} now={now} /> : null}
      <Text wrap="truncate-end" color="gray">
        {cats.length ? cats.map(([k, v]) => `${k} ${formatBytes(v)}`).join(' · ') : 'nothing staged yet'}
        {artifacts ? ` · ${state.artifacts.length === 1 ? 'artifact' : `${state.artifacts.length} artifacts`} ${formatBytes(artifacts)}` : ''}
        {` · ${state.statsRecords} system-metrics records, ${state.historyRows} history rows`}
      </Text>
      <Text wrap="truncate-end" color="gray">{egressAdvice(name, run.trainer, state.stagedBytes)}   (e: file list, p: preview)</Text>
    </Box>
  );
}
