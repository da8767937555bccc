// protobufjs reads floats byte by byte into a scratch array; a DataView over the record's buffer
// is several times faster. One view per underlying buffer, reused (records come from a few chunks).
let viewBuf: Uint8Array | null = null;
let viewOf: DataView = new DataView(new ArrayBuffer(0));

export function view(buf: Uint8Array): DataView {
  if (buf !== viewBuf) {
    viewBuf = buf;
    viewOf = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  return viewOf;
}
