#!/usr/bin/env node
// A fake `-e` host: run as the ssh command (`aigp-watch -e 'node fake-host.mjs' box:PATH`), it
// gets ssh's arguments (the last is the bootstrap, which names the program's length), reads the
// program from stdin and then answers as a host would, or as a broken or hostile one. Plain
// JavaScript, so that a login costs one node start.
//
// FAKE_HOST picks what it does:
//   real          runs the real program here with sh (a well-behaved host on this machine)
//   silent        takes the connection and never says a byte (a hung login shell, an NFS home)
//   chatter       prints a login banner and never starts the program
//   mute          answers hello, then never answers a request
//   trickle       answers hello, then every request one byte a second, without end
//   huge-header   answers hello, then a reply header claiming more than 64 MiB
//   close-mid     answers hello, then half a reply, and hangs up
//   huge-cwd      answers hello with a login folder of FAKE_HOST_CWD_MB MB (default 32)
//   huge-listing  a real host whose folder listings grow by FAKE_HOST_LISTING_MB MB of entries
//   mutate        a real host whose stdout is mutated from seed FAKE_HOST_SEED (the fuzzer's)
// FAKE_HOST_LOG: a file that gets one line per login.
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { random } from '../../fuzz/random.mjs';

const mode = process.env.FAKE_HOST ?? 'real';
const bootstrap = process.argv.at(-1) ?? '';
const programLength = Number(/count=(\d+)/.exec(bootstrap)?.[1] ?? 0);
if (process.env.FAKE_HOST_LOG) appendFileSync(process.env.FAKE_HOST_LOG, `${Date.now()} ${mode}\n`);

const MAGIC = 'AIGP-WATCH-1\n';
const frame = (id, type, payload) => Buffer.concat([Buffer.from(`${id} ${type} ${Buffer.byteLength(payload)}\n`), Buffer.from(payload)]);
const hello = (cwd = process.cwd()) => Buffer.concat([Buffer.from(MAGIC), frame(0, 'O', Buffer.concat([Buffer.from('gnu '), Buffer.from(cwd)]))]);
const out = (b) => process.stdout.write(b);

/** Calls `onRequest(id, words)` for each request line after the program's bytes. */
function requests(onRequest) {
  let seen = 0;
  let pending = '';
  process.stdin.on('data', (d) => {
    let chunk = d;
    if (seen < programLength) {
      const take = Math.min(programLength - seen, chunk.length);
      seen += take;
      chunk = chunk.subarray(take);
    }
    pending += chunk.toString('latin1');
    for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n')) {
      const [id, ...words] = pending.slice(0, nl).split(' ');
      pending = pending.slice(nl + 1);
      onRequest(Number(id), words);
    }
  });
  process.stdin.on('end', () => process.exit(0));
}

/** The real program, run by sh here; `filter` sees (and may change) what it writes on stdout. */
function real(filter) {
  const sh = spawn('sh', ['-c', bootstrap], { stdio: ['pipe', filter ? 'pipe' : 'inherit', 'inherit'] });
  process.stdin.pipe(sh.stdin);
  sh.stdin.on('error', () => {});
  if (filter) filter(sh.stdout);
  sh.on('exit', (code) => process.exit(code ?? 1));
}

const NASTY = ['\x1b[2J', '\x1b]52;c;aGk=\x07', '\xc2\x9b31m', '\n', '0 O 999999999\n', '1 D 67108865\n', '!more\n', '-3 abc\n', '\x00', '\xff\xfe', '9'.repeat(40)];

/** Mutates a chunk of the program's stdout (after the magic line, which is left whole). */
function mutator(seed) {
  const rnd = random(seed);
  let passed = 0;
  return (chunk) => {
    let b = Buffer.from(chunk);
    const start = Math.max(0, MAGIC.length - passed);
    const early = passed < 256;
    passed += b.length;
    // The first reply is mostly left whole, so that most cases go past the hello.
    if (start >= b.length || rnd() < (early ? 0.8 : 0.5)) return b;
    const p = start + Math.floor(rnd() * (b.length - start));
    const kind = Math.floor(rnd() * 5);
    if (kind === 0) b[p] ^= 1 << Math.floor(rnd() * 8);
    else if (kind === 1) b = b.subarray(0, p);
    else if (kind === 2) b = Buffer.concat([b.subarray(0, p), Buffer.from(NASTY[Math.floor(rnd() * NASTY.length)], 'latin1'), b.subarray(p)]);
    else if (kind === 3) b = Buffer.concat([b.subarray(0, p), b.subarray(p + 1 + Math.floor(rnd() * 32))]);
    else b = Buffer.concat([b.subarray(0, p), b.subarray(start, start + Math.floor(rnd() * 64)), b.subarray(p)]);
    return b;
  };
}

switch (mode) {
  case 'real':
    real(null);
    break;
  case 'silent':
    process.stdin.resume();
    break;
  case 'chatter':
    out('Welcome to the cluster. Your home folder is on NFS.\n');
    process.stdin.resume();
    break;
  case 'mute':
    out(hello());
    requests(() => {});
    break;
  case 'trickle': {
    out(hello());
    let first = true;
    requests((id) => {
      if (!first) return;
      first = false;
      // A reply (a stat's, under its cap) that takes 20 minutes, one byte a second.
      const bytes = Buffer.concat([Buffer.from(`${id} O 1200\n`), Buffer.alloc(1200, 0x61)]);
      let at = 0;
      setInterval(() => out(bytes.subarray(at, ++at)), 1000);
    });
    break;
  }
  case 'huge-header':
    out(hello());
    requests((id) => out(`${id} O ${64 * 1024 * 1024 + 1}\n`));
    break;
  case 'close-mid':
    out(hello());
    requests((id) => {
      out(`${id} O 100\nhalf`);
      setTimeout(() => process.exit(0), 10);
    });
    break;
  case 'huge-cwd': {
    const mb = Number(process.env.FAKE_HOST_CWD_MB ?? 32);
    out(hello(`/${'a'.repeat(mb * 1024 * 1024)}`));
    requests((id) => out(frame(id, 'N', '')));
    break;
  }
  case 'huge-listing': {
    const extra = Number(process.env.FAKE_HOST_LISTING_MB ?? 40) * 1024 * 1024;
    // The requests for listings (D, P), by id: their replies are the ones padded.
    const listings = new Set();
    requests((id, words) => {
      if (words[0] === 'D' || words[0] === 'P') listings.add(String(id));
    });
    real((stdout) => {
      // Frames are passed on as they come; a listing's (type O after a D request, or L) is padded.
      let buf = Buffer.alloc(0);
      let synced = false;
      stdout.on('data', (d) => {
        buf = Buffer.concat([buf, d]);
        if (!synced) {
          const at = buf.indexOf(MAGIC);
          if (at < 0) return;
          out(buf.subarray(0, at + MAGIC.length));
          buf = buf.subarray(at + MAGIC.length);
          synced = true;
        }
        for (;;) {
          const nl = buf.indexOf(0x0a);
          if (nl < 0) return;
          const [id, type, len] = buf.subarray(0, nl).toString('latin1').split(' ');
          const n = Number(len);
          if (buf.length < nl + 1 + n) return;
          let payload = buf.subarray(nl + 1, nl + 1 + n);
          buf = buf.subarray(nl + 1 + n);
          if (listings.has(id) && (type === 'L' || type === 'O')) {
            const line = (i) => `23 pad-${String(i).padStart(19, "0")} 0 0 1 regular empty file\n`;
            const lines = [];
            for (let i = 0, size = 0; size < extra; i++) {
              lines.push(line(i));
              size += lines.at(-1).length;
            }
            payload = Buffer.concat([payload, Buffer.from(lines.join(''))]);
          }
          out(frame(id, type, payload));
        }
      });
    });
    break;
  }
  case 'mutate': {
    const mutate = mutator(Number(process.env.FAKE_HOST_SEED ?? 1));
    real((stdout) => stdout.on('data', (d) => out(mutate(d))));
    break;
  }
  default:
    process.stderr.write(`fake-host: unknown FAKE_HOST ${mode}\n`);
    process.exit(255);
}
