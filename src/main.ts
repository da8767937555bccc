import { main } from './cli.js';
import { argvWithBytes, cwdWithBytes } from './live/fs/raw-argv.js';
import { cleanLines } from './model/text.js';

main(argvWithBytes(process.argv.slice(2)), { stdout: process.stdout, stderr: process.stderr, stdinIsTTY: Boolean(process.stdin.isTTY), cwd: cwdWithBytes() }).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`aigp-watch: ${cleanLines(err instanceof Error ? err.message : String(err))}\n`);
    process.exitCode = 1;
  },
);
