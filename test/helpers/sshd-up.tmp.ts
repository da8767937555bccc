import { startSshd } from './sshd.js';
const s = await startSshd(process.argv[2] ? { config: [process.argv[2]] } : {});
console.log(JSON.stringify({ cfg: s.configPath, host: s.host }));
process.on('SIGTERM', async () => { await s.stop(); process.exit(0); });
setInterval(() => {}, 1 << 30);
