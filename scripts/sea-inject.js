// Puts Node's SEA blob into a copy of the node binary as postject would: an ELF note named
// NODE_SEA_BLOB in a PT_NOTE segment, and the SEA fuse set. The program header table has no room
// to grow where it is, so a copy of it with the two new entries moves to the end of the file,
// beside the note, in a new PT_LOAD segment whose address is the base plus its file offset: where
// every kernel (before and after Linux 5.18) puts AT_PHDR.
import { readFileSync, writeFileSync } from 'node:fs';

const PT_LOAD = 1;
const PT_NOTE = 4;
const PT_PHDR = 6;
const PAGE = 0x1000;
const FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2:';
const NAME = 'NODE_SEA_BLOB\0';

const up = (n, to) => Math.ceil(n / to) * to;

function phdr(type, flags, offset, vaddr, size, align) {
  const h = Buffer.alloc(56);
  h.writeUInt32LE(type, 0);
  h.writeUInt32LE(flags, 4);
  h.writeBigUInt64LE(BigInt(offset), 8);
  h.writeBigUInt64LE(BigInt(vaddr), 16);
  h.writeBigUInt64LE(BigInt(vaddr), 24);
  h.writeBigUInt64LE(BigInt(size), 32);
  h.writeBigUInt64LE(BigInt(size), 40);
  h.writeBigUInt64LE(BigInt(align), 48);
  return h;
}

export function injectSeaBlob(exePath, blobPath) {
  const elf = readFileSync(exePath);
  const blob = readFileSync(blobPath);
  if (elf.readUInt32BE(0) !== 0x7f454c46 || elf[4] !== 2 || elf[5] !== 1) throw new Error('sea-inject: not a 64-bit little-endian ELF file');
  const fuse = elf.indexOf(`${FUSE}0`);
  if (fuse < 0) throw new Error('sea-inject: this node has no unset SEA fuse (not a node binary, or already injected)');
  elf.write('1', fuse + FUSE.length);

  const phoff = Number(elf.readBigUInt64LE(32));
  const phnum = elf.readUInt16LE(56);
  if (elf.readUInt16LE(54) !== 56) throw new Error('sea-inject: unexpected program header size');
  const headers = Array.from({ length: phnum }, (_, i) => Buffer.from(elf.subarray(phoff + i * 56, phoff + (i + 1) * 56)));
  const field = (h, at) => Number(h.readBigUInt64LE(at));
  const loads = headers.filter((h) => h.readUInt32LE(0) === PT_LOAD);
  const base = Math.min(...loads.map((h) => field(h, 16) - field(h, 8)));
  const end = Math.max(...loads.map((h) => field(h, 16) + field(h, 40)));
  let offset = up(elf.length, PAGE);
  while (base + offset < end) offset += PAGE;
  const vaddr = base + offset;

  const tableSize = (phnum + 2) * 56;
  const note = Buffer.alloc(12 + up(NAME.length, 4) + up(blob.length, 4));
  note.writeUInt32LE(NAME.length, 0);
  note.writeUInt32LE(blob.length, 4);
  note.write(NAME, 12);
  blob.copy(note, 12 + up(NAME.length, 4));
  const regionSize = tableSize + note.length;

  for (const h of headers) {
    if (h.readUInt32LE(0) !== PT_PHDR) continue;
    h.writeBigUInt64LE(BigInt(offset), 8);
    h.writeBigUInt64LE(BigInt(vaddr), 16);
    h.writeBigUInt64LE(BigInt(vaddr), 24);
    h.writeBigUInt64LE(BigInt(tableSize), 32);
    h.writeBigUInt64LE(BigInt(tableSize), 40);
  }
  // Loads stay sorted by address: the new one, the highest, after the last.
  const lastLoad = headers.lastIndexOf(loads.at(-1));
  headers.splice(lastLoad + 1, 0, phdr(PT_LOAD, 4, offset, vaddr, regionSize, PAGE));
  headers.push(phdr(PT_NOTE, 4, offset + tableSize, vaddr + tableSize, note.length, 4));

  elf.writeBigUInt64LE(BigInt(offset), 32);
  elf.writeUInt16LE(phnum + 2, 56);
  writeFileSync(exePath, Buffer.concat([elf, Buffer.alloc(offset - elf.length), ...headers, note]));
}
