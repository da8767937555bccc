import { useEffect, useState } from 'react';
import { Box, Text } from 'ink';
import { cleanText } from '../../model/text.js';

/**
 * A staged image drawn in the pane. terminal-image is loaded only now (it brings an image
 * decoder), and always with preferNativeRender off: in kitty mode it would write straight to the
 * terminal, behind Ink's back. Inside tmux it draws half blocks.
 */
export function ImagePreview({ path, width, height }: { path: string; width: number; height: number }) {
  const [lines, setLines] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setLines(null);
    setError(null);
    import('terminal-image')
      .then(({ default: terminalImage }) => terminalImage.file(path, { width, height: Math.max(1, height - 1), preserveAspectRatio: true, preferNativeRender: false }))
      .then((text) => live && setLines(text.split('\n').slice(0, Math.max(0, height - 1))))
      .catch((err: Error) => live && setError(err.message));
    return () => {
      live = false;
    };
  }, [path, width, height]);
  return (
    <Box flexDirection="column" height={height} overflowY="hidden">
      <Text bold wrap="truncate-end">{cleanText(path)} (p: back to the list)</Text>
      {error ? <Text color="red" wrap="truncate-end">cannot preview: {cleanText(error)}</Text> : null}
      {!error && !lines ? <Text color="gray">decoding…</Text> : null}
      {lines?.map((l, i) => <Text key={i} wrap="truncate-end">{l}</Text>)}
    </Box>
  );
}
