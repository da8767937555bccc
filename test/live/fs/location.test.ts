import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLocation } from '../../../src/live/fs/location.js';

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
