// A staged image read for the preview: its bytes and size, or why it is not shown. Read by
// live/fs/read-image.ts, handed to the UI by the command line (the UI reads no files itself).

/** 40 megapixels: decoded as RGBA, about 160 MB; a 20000x20000 image would take 1.6 GB. */
export const MAX_PREVIEW_PIXELS = 40e6;

export type ImageRead = { ok: true; data: Buffer; width: number; height: number } | { ok: false; reason: string };

export type ReadImage = (path: string) => Promise<ImageRead>;
