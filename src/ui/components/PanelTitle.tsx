import { Text } from 'ink';
import { formatNumber } from '../../chart/format.js';
import type { Panel } from '../../model/panels.js';

export function PanelTitle({ panel, focused, tags, legend }: { panel: Panel; focused: boolean; tags: string[]; legend: boolean }) {
  return (
    <Text wrap="truncate-end">
      <Text color={focused ? 'cyan' : undefined} bold>{focused ? '▸ ' : '  '}{panel.title}</Text>
      {tags.length ? <Text color="cyan"> [{tags.join(',')}]</Text> : null}
      {panel.styleNote ? <Text color="gray"> {panel.styleNote}</Text> : null}
      {legend && panel.legend.map((e) => (
        <Text key={e.label}>
          {'  '}
          <Text color={e.color}>■</Text> {e.label} <Text color="gray">{e.values.map((v) => formatNumber(v, 6)).join('/')}</Text>
        </Text>
      ))}
    </Text>
  );
}
