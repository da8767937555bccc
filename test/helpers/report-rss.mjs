// Preloaded into a CLI child (node --import): prints its peak RSS on stderr as it exits.
process.on('exit', () => process.stderr.write(`\nmax-rss-kib ${process.resourceUsage().maxRSS}\n`));
