import { Text } from 'ink';
import { describeWarning, type Warning } from '../../model/warnings.js';
import { cleanText } from '../../model/text.js';
import { fitSentence } from '../../model/fit-text.js';

/** One line: a notice the user asked for (why `i` shows no picture), else the last warning, else the note. */
export function StatusLine({ warnings, note, notice = null, width }: { warnings: readonly Warning[]; note: string; notice?: string | null; width: number }) {
  if (notice !== null) {
    const also = warnings.length ? ` · ⚠ ${warnings.length} kind${warnings.length > 1 ? 's' : ''} of warning` : '';
    return <Text color="cyan" wrap="truncate-end">{cleanText(notice)}{also}</Text>;
  }
  if (warnings.length === 0) {
    // What is watched and how: the paths give way by their leading folders, never a word cut in two.
    return <Text color="gray" wrap="truncate-end">{fitSentence(cleanText(note), width)}</Text>;
  }
  const last = warnings[warnings.length - 1];
  const more = warnings.length > 1 ? ` · ${warnings.length - 1} more kind${warnings.length > 2 ? 's' : ''} of warning` : '';
  return (
    <Text color="yellow" wrap="truncate-end">⚠ {cleanText(describeWarning(last))}{more}</Text>
  );
}
