import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WireLedger } from '../../src/model/wire-ledger.js';
import { parseSsLine, type SsSocket } from '../../src/sources/ss/ss-socket.js';

/** A socket that sent `sent` data bytes, all acknowledged (with the SYN; and the FIN once closed). */
const sock = (cookie: string, peer: string, sent: number, state = 'ESTAB'): SsSocket =>
  parseSsLine(`${state} 0 0 10.0.0.2:40000 ${peer} ino:${state === 'UNCONN' ? 0 : 5} sk:${cookie} bytes_sent:${sent} bytes_acked:${sent + (state === 'UNCONN' ? 2 : 1)}`) as SsSocket;
const API = '35.186.224.25:443';
const GCS = '142.250.74.59:443';

describe('the wire ledger', () => {
  it('open sockets count what they sent so far; a close event brings their last bytes', () => {
    const w = new WireLedger();
    w.sample([sock('a', API, 1_000), sock('b', GCS, 5_000)], 0);
    assert.equal(w.total, 6000);
    w.sample([sock('a', API, 2_000), sock('b', GCS, 5_000)], 2000);
    assert.equal(w.total, 7000);
    w.destroyed(sock('b', GCS, 9_000, 'UNCONN'));
    assert.equal(w.total, 2000 + 9000, 'b ended at 9000 B (SYN and FIN not data)');
    w.sample([sock('a', API, 2_000)], 4000);
    assert.equal(w.total, 11_000);
    assert.equal(w.openSockets, 1);
  });

  it('a connection that opened and closed between two samples counts, by the peer the uploader talks to', () => {
    const w = new WireLedger();
    w.sample([sock('a', API, 100)], 0);
    w.destroyed(sock('5e01', API, 1_500, 'UNCONN'));
    assert.equal(w.total, 100 + 1500);
    assert.equal(w.shortConnections, 1);
    w.destroyed(sock('0e7', '93.184.216.34:443', 50_000, 'UNCONN'));
    assert.equal(w.total, 1600, 'a peer the uploader never talked to is another process');
    w.destroyed(sock('5e01', API, 1_500, 'UNCONN'));
    assert.equal(w.total, 1600, 'an event twice counts once');
  });

  it('loopback never counts: not sampled, not closed', () => {
    const w = new WireLedger();
    w.sample([sock('1c', '127.0.0.1:39123', 1_000_000), sock('1c6', '[::1]:39123', 1_000_000), sock('f00', '[::ffff:127.0.0.1]:4', 500)], 0);
    w.destroyed(sock('1c', '127.0.0.1:39123', 2_000_000, 'UNCONN'));
    assert.equal(w.total, 0);
  });

  it('a socket gone from the listing keeps its bytes; its late close event adds only what came after', () => {
    const w = new WireLedger();
    w.sample([sock('a', API, 1_000)], 0);
    w.sample([], 2000);
    assert.equal(w.total, 1000);
    w.destroyed(sock('a', API, 1_300, 'UNCONN'));
    assert.equal(w.total, 1300);
    w.destroyed(sock('a', API, 1_300, 'UNCONN'));
    assert.equal(w.total, 1300);
  });

  it('counters only grow for a socket; the rate is over the last samples', () => {
    const w = new WireLedger();
    assert.equal(w.rate, null);
    w.sample([sock('a', API, 0)], 0);
    w.sample([sock('a', API, 1_000_000)], 2000);
    assert.equal(w.rate, 500_000);
    w.sample([sock('a', API, 1_000_000)], 4000);
    assert.equal(w.rate, 250_000);
    for (let t = 6000; t <= 30_000; t += 2000) w.sample([sock('a', API, 1_000_000)], t);
    assert.equal(w.rate, 0, 'idle for longer than the window: 0 B/s');
  });
});
