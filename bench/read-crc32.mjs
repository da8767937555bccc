// The reference of the decoding figure: a bare node reading the file and taking zlib.crc32 over it,
// i.e. what node needs to read the bytes and look at each once.
import { readFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';

process.stdout.write(`${crc32(readFileSync(process.argv[2]))}\n`);
