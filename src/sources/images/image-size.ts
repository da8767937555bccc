// An image's pixel size from its first bytes, before anything decodes it: a staged 20000x20000
// PNG is refused on its header, not after 2 GB of decoding. PNG, JPEG, GIF, BMP and WebP.

export interface ImageSize {
  format: 'png' | 'jpeg' | 'gif' | 'bmp' | 'webp';
  width: number;
  height: number;
}

const ascii = (b: Uint8Array, at: number, s: string) => s.split('').every((c, i) => b[at + i] === c.charCodeAt(0));

export function imageSize(b: Uint8Array): ImageSize | null {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (b.length >= 24 && b[0] === 0x89 && ascii(b, 1, 'PNG') && ascii(b, 12, 'IHDR')) return { format: 'png', width: v.getUint32(16), height: v.getUint32(20) };
  if (b.length >= 10 && (ascii(b, 0, 'GIF87a') || ascii(b, 0, 'GIF89a'))) return { format: 'gif', width: v.getUint16(6, true), height: v.getUint16(8, true) };
  if (b.length >= 26 && ascii(b, 0, 'BM')) return { format: 'bmp', width: Math.abs(v.getInt32(18, true)), height: Math.abs(v.getInt32(22, true)) };
  if (b.length >= 30 && ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP')) return webpSize(b, v);
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) return jpegSize(b, v);
  return null;
}

function webpSize(b: Uint8Array, v: DataView): ImageSize | null {
  if (ascii(b, 12, 'VP8X')) return { format: 'webp', width: 1 + (v.getUint32(24, true) & 0xffffff), height: 1 + (v.getUint32(27, true) & 0xffffff) };
  if (ascii(b, 12, 'VP8L')) {
    const bits = v.getUint32(21, true);
    return { format: 'webp', width: 1 + (bits & 0x3fff), height: 1 + ((bits >>> 14) & 0x3fff) };
  }
  if (ascii(b, 12, 'VP8 ')) return { format: 'webp', width: v.getUint16(26, true) & 0x3fff, height: v.getUint16(28, true) & 0x3fff };
  return null;
}

/** The frame header (SOF0-SOF15 but DHT, JPG and DAC) carries the size; segments before it are skipped by length. */
function jpegSize(b: Uint8Array, v: DataView): ImageSize | null {
  let at = 2;
  while (at + 9 < b.length) {
    if (b[at] !== 0xff) return null;
    const marker = b[at + 1];
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { format: 'jpeg', width: v.getUint16(at + 7), height: v.getUint16(at + 5) };
    }
    at += 2 + v.getUint16(at + 2);
  }
  return null;
}
