import { Text } from 'ink';
import { formatNumber } from '../../chart/format.js';
import { fitLegend, type PackedLegend } from '../../model/legend-fit.js';
import type { LegendEntry, Panel } from '../../model/panels.js';
import { titleWidth } from '../layout.js';

function Entries({ entries }: { entries: readonly { entry: LegendEntry; values: string }[] }) {
  return (
    <>
      {entries.map(({ entry, values }) => (
        <Text key={entry.label}>
          {'  '}
          <Text color={entry.color}>■</Text> {entry.label}{values ? <Text color="gray"> {values}</Text> : null}
        </Text>
      ))}
    </>
  );
}

/**
 * The panel's title line; then, when the legend carries the values (a single chart, or a panel
 * with no room for its chart), its further lines. `key`: the colour key beside small multiples.
 */
export function PanelTitle({ panel, focused, tags, legend, keyBeside, width }: { panel: Panel; focused: boolean; tags: string[]; legend: PackedLegend | null; keyBeside: boolean; width: number }) {
  const key = keyBeside ? fitLegend(panel.legend, width - titleWidth(panel, tags), (v) => formatNumber(v, 6)) : null;
  const lines = legend?.lines ?? [[]];
  const more = (i: number) => (legend?.hidden && i === lines.length - 1 ? <Text color="gray">{'  '}+{legend.hidden}</Text> : null);
  return (
    <>
      <Text wrap="truncate-end">
        <Text color={focused ? 'cyan' : undefined} bold>{focused ? '▸ ' : '  '}{panel.title}</Text>
        {tags.length ? <Text color="cyan"> [{tags.join(',')}]</Text> : null}
        {panel.styleNote ? <Text color="gray"> {panel.styleNote}</Text> : null}
        {key ? <Entries entries={key.entries} /> : <Entries entries={lines[0]} />}
        {key?.hidden ? <Text color="gray">{'  '}+{key.hidden}</Text> : more(0)}
      </Text>
      {lines.slice(1).map((entries, i) => (
        <Text key={i} wrap="truncate-end"><Entries entries={entries} />{more(i + 1)}</Text>
      ))}
    </>
  );
}
