// TFRecord's checksum: CRC-32C (Castagnoli), masked so that a CRC stored inside data does not
// look like a CRC of it.
import crc32cModule from 'crc-32/crc32c';

const crc32c = crc32cModule as unknown as { buf(data: Uint8Array, seed?: number): number };

export function maskedCrc32c(data: Uint8Array): number {
  const c = crc32c.buf(data) >>> 0;
  return ((((c >>> 15) | (c << 17)) >>> 0) + 0xa282ead8) >>> 0;
}
