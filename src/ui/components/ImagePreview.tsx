import { useContext, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { Box, Text } from 'ink';
import { cleanText } from '../../model/text.js';
import type { PictureRequest } from '../graphics/picture-renderer.js';
import { usePicture } from '../hooks/usePicture.js';
import { PicturesContext } from '../pictures-context.js';

interface Props {
  path: string;
  width: number;
  height: number;
}

/**
 * A staged image drawn in the pane: as itself where the terminal shows pictures (kitty, iTerm2,
 * WezTerm), else in half blocks (tmux, SSH).
 */
export function ImagePreview(p: Props) {
  const pictures = useContext(PicturesContext);
  return (
    <Box flexDirection="column" height={p.height} overflowY="hidden">
      <Text bold wrap="truncate-end">{cleanText(p.path)} (p: back to the list)</Text>
      {pictures.available ? <AsPicture {...p} /> : <AsHalfBlocks {...p} />}
    </Box>
  );
}

/** Blank cells the picture is drawn over (see ChartPanel); half blocks if the file will not decode. */
function AsPicture(p: Props) {
  const { renderer } = useContext(PicturesContext);
  const rows = Math.max(1, p.height - 1);
  const failed = useSyncExternalStore(renderer?.subscribe ?? NO_SUBSCRIBE, () => renderer?.fileFailure(p.path) ?? null);
  const request = useMemo<PictureRequest | null>(
    () => (failed === null ? { kind: 'file', path: p.path, cols: p.width, rows } : null),
    [failed, p.path, p.width, rows],
  );
  const area = usePicture(request);
  return failed !== null ? <AsHalfBlocks {...p} /> : <Box ref={area} width={p.width} height={rows} />;
}

const NO_SUBSCRIBE = () => () => {};

/**
 * terminal-image is loaded only now (it brings an image decoder), and always with
 * preferNativeRender off: in kitty mode it would write straight to the terminal, behind Ink's back.
 */
function AsHalfBlocks({ path, width, height }: Props) {
  const { readImage } = useContext(PicturesContext);
  const [lines, setLines] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setLines(null);
    setError(null);
    Promise.all([readImage(path), import('terminal-image')])
      .then(([read, { default: terminalImage }]) => {
        if (!read.ok) throw new Error(read.reason);
        return terminalImage.buffer(read.data, { width, height: Math.max(1, height - 1), preserveAspectRatio: true, preferNativeRender: false });
      })
      .then((text) => live && setLines(text.split('\n').slice(0, Math.max(0, height - 1))))
      .catch((err: Error) => live && setError(err.message));
    return () => {
      live = false;
    };
  }, [path, width, height, readImage]);
  if (error) return <Text color="red" wrap="truncate-end">cannot preview: {cleanText(error)}</Text>;
  if (!lines) return <Text color="gray">decoding…</Text>;
  return <>{lines.map((l, i) => <Text key={i} wrap="truncate-end">{l}</Text>)}</>;
}
