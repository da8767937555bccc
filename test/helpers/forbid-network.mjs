// Preloaded with --import: every way to open a socket throws, and the attempt is recorded in
// $AIGP_NETWORK_LOG so a test can prove the tool never tried.
import { appendFileSync } from 'node:fs';
import dgram from 'node:dgram';
import dns from 'node:dns';
import net from 'node:net';

const log = process.env.AIGP_NETWORK_LOG;
function forbid(what) {
  return function () {
    if (log) appendFileSync(log, `${what}\n`);
    throw new Error(`network use forbidden in this test: ${what}`);
  };
}
net.Socket.prototype.connect = forbid('net.Socket.connect');
net.Server.prototype.listen = forbid('net.Server.listen');
dgram.Socket.prototype.bind = forbid('dgram.bind');
dgram.Socket.prototype.send = forbid('dgram.send');
dns.lookup = forbid('dns.lookup');
dns.promises.lookup = forbid('dns.promises.lookup');
