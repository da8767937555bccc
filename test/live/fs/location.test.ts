import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LocationError, parseLocation } from '../../../src/live/fs/location.js';

test('scp forms name a host; local paths stay local', () => {
  const cases: [string, string | null, string][] = [
    ['gpubox:runs/detect/a', 'gpubox', 'runs/detect/a'],
    ['me@gpubox:/data/runs', 'me@gpubox', '/data/runs'],
    ['gpubox:', 'gpubox', ''],
    ['box.lab.example:runs', 'box.lab.example', 'runs'],
    ['[::1]:runs/a', '[::1]', 'runs/a'],
    ['me@[fe80::1]:x', 'me@[fe80::1]', 'x'],
    ['runs/detect/a', null, 'runs/detect/a'],
    ['./a:b', null, './a:b'],
    ['/abs/a:b', null, '/abs/a:b'],
    ['runs/a:b', null, 'runs/a:b'],
    [':x', null, ':x'],
    ['-oProxyCommand=x:y', null, '-oProxyCommand=x:y'],
    ['a b:c', null, 'a b:c'],
    ['.', null, '.'],
  ];
  for (const [arg, host, path] of cases) assert.deepEqual(parseLocation(arg), { host, path }, arg);
});

test("a user name ssh would refuse (OpenSSH's ssh_valid_ruser, and $ and whitespace) is an error, not a local path", () => {
  for (const arg of ['a;b@box:x', "it's@box:x", '`id`@box:x', '$(id)@box:x', 'a b@box:x', '-l@box:x', 'a\\@box:x', '@box:x', 'a{b}@box:x']) {
    assert.throws(() => parseLocation(arg), LocationError, arg);
  }
  // What OpenSSH takes stays a host: dots, dashes, digits, '@' in the user (an e-mail login), '+'.
  assert.deepEqual(parseLocation('first.last@box:x'), { host: 'first.last@box', path: 'x' });
  assert.deepEqual(parseLocation('me@corp.example@box:x'), { host: 'me@corp.example@box', path: 'x' });
  assert.deepEqual(parseLocation('svc-ml+gpu_1@box:/data'), { host: 'svc-ml+gpu_1@box', path: '/data' });
});
