import { main } from './cli.js';
import { cleanLines } from './model/text.js';

main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdinIsTTY: Boolean(process.stdin.isTTY), cwd: process.cwd() }).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`aigp-watch: ${cleanLines(err instanceof Error ? err.message : String(err))}\n`);
    process.exitCode = 1;
  },
);
