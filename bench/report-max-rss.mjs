// Preloaded (--import) into a process the bench measures: its peak RSS, on stderr, at exit.
import { writeSync } from 'node:fs';

process.on('exit', () => writeSync(2, `\nAIGP_MAX_RSS_KB ${process.resourceUsage().maxRSS}\n`));
