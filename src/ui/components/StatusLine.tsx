import { Text } from 'ink';
import { describeWarning, type Warning } from '../../model/warnings.js';
import { cleanText } from '../../model/text.js';

export function StatusLine({ warnings, note }: { warnings: readonly Warning[]; note: string }) {
  if (warnings.length === 0) {
    return <Text color="gray" wrap="truncate-end">{cleanText(note)}</Text>;
  }
  const last = warnings[warnings.length - 1];
  const more = warnings.length > 1 ? ` · ${warnings.length - 1} more kind${warnings.length > 2 ? 's' : ''} of warning` : '';
  return (
    <Text color="yellow" wrap="truncate-end">⚠ {cleanText(describeWarning(last))}{more}</Text>
  );
}
