import { Text } from 'ink';
import { formatNumber } from '../../chart/format.js';
import { fitLegend } from '../../model/legend-fit.js';
import type { Panel } from '../../model/panels.js';

export function PanelTitle({ panel, focused, tags, legend, width }: { panel: Panel; focused: boolean; tags: string[]; legend: boolean; width: number }) {
  const head = 2 + panel.title.length + (tags.length ? 3 + tags.join(',').length : 0) + (panel.styleNote ? 1 + panel.styleNote.length : 0);
  const fitted = legend ? fitLegend(panel.legend, width - head, (v) => formatNumber(v, 6)) : { entries: [], hidden: 0 };
  return (
    <Text wrap="truncate-end">
      <Text color={focused ? 'cyan' : undefined} bold>{focused ? '▸ ' : '  '}{panel.title}</Text>
      {tags.length ? <Text color="cyan"> [{tags.join(',')}]</Text> : null}
      {panel.styleNote ? <Text color="gray"> {panel.styleNote}</Text> : null}
      {fitted.entries.map(({ entry, values }) => (
        <Text key={entry.label}>
          {'  '}
          <Text color={entry.color}>■</Text> {entry.label}{values ? <Text color="gray"> {values}</Text> : null}
        </Text>
      ))}
      {fitted.hidden ? <Text color="gray">{'  '}+{fitted.hidden}</Text> : null}
    </Text>
  );
}
