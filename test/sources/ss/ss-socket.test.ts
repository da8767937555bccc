import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { dataAcked, hostOf, isConnectedPeer, isLoopback, parseSsLine } from '../../../src/sources/ss/ss-socket.js';
import { REPO } from '../../helpers/paths.js';

const lines = (name: string) => readFileSync(join(REPO, 'fixtures', 'ss', name), 'utf8').split('\n').filter(Boolean);

describe('ss -tieHO lines (iproute2 6.1, real captures)', () => {
  it('-p: every line a socket, with its cookie, inode, counters and holder', () => {
    const all = lines('ss-tieHOp.txt').map(parseSsLine);
    assert.ok(all.every((s) => s !== null));
    const first = all[0]!;
    assert.deepEqual([first.state, first.local, first.peer, first.cookie, first.ino, first.bytesSent, first.bytesAcked], ['ESTAB', '10.77.0.1:42556', '10.77.0.1:8443', '1f', 170723, 70000, 70001]);
    assert.deepEqual(first.users, [{ name: 'node', pid: 4387, fd: 20 }]);
    assert.equal(dataAcked(first), 70000, 'the SYN is not data');
    assert.deepEqual(all.map((s) => s!.peer), ['10.77.0.1:8443', '127.0.0.1:8443', '[::1]:8443', '[::1]:48514', '[::ffff:127.0.0.1]:49568', '[::ffff:10.77.0.1]:42556']);
  });

  it('without -p: no holder, the same inodes', () => {
    const all = lines('ss-tieHO.txt').map(parseSsLine);
    assert.ok(all.every((s) => s !== null && s.users.length === 0 && s.ino > 0));
  });

  it('-E: closed sockets, UNCONN, inode 0, final counters with SYN and FIN acknowledged', () => {
    const all = lines('ss-tieHOE.txt').map(parseSsLine);
    const out = all.find((s) => s?.cookie === '1f')!;
    assert.deepEqual([out.state, out.ino, out.bytesSent, out.bytesAcked], ['UNCONN', 0, 70000, 70002]);
    assert.equal(dataAcked(out), 70000);
    assert.ok(!isConnectedPeer(all.at(-1)!.peer), 'the listener has no peer');
  });

  it('loopback: 127/8, ::1 and IPv4-mapped 127; not the test address, not a mapped other one', () => {
    for (const a of ['127.0.0.1:8443', '127.3.2.1:1', '[::1]:443', '[::ffff:127.0.0.1]:49568']) assert.ok(isLoopback(a), a);
    for (const a of ['10.77.0.1:8443', '[::ffff:10.77.0.1]:42556', '[2001:db8::1]:443', '35.186.224.25:443']) assert.ok(!isLoopback(a), a);
    assert.equal(hostOf('[fe80::1%eth0]:22'), 'fe80::1');
    assert.equal(hostOf('10.0.0.1%eth0:22'), '10.0.0.1');
  });

  it('hostile or broken input: not a socket line, never a throw; a name with quotes and controls kept raw (sanitised at output)', () => {
    for (const l of ['', 'State Recv-Q Send-Q', 'Cannot open netlink socket: Permission denied', 'ESTAB x y a b', 'ESTAB 0', '\u001b[2J', 'ESTAB 0 0 1.2.3.4:5'.repeat(1)]) assert.equal(parseSsLine(l), null, JSON.stringify(l));
    const s = parseSsLine('ESTAB 0 0 10.0.0.2:5 10.0.0.3:443 users:(("evil\\"\u001b[31m",pid=7,fd=3)) ino:9 sk:a bytes_sent:99999999999999999999 bytes_acked:12');
    assert.equal(s?.users[0]?.pid, 7);
    assert.equal(s?.bytesSent, 0, 'a counter past 2^53 is not taken');
    assert.equal(parseSsLine(`ESTAB 0 0 a:1 b:2 ${'x'.repeat(100_000)} bytes_acked:5`)?.bytesAcked, 5);
  });
});
