import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_RUN_ARGS_BYTES, parseRunArgs } from '../../../src/sources/ultralytics/args-yaml.js';
import { MAX_KEYS } from '../../../src/sources/yaml/yaml-mapping.js';

describe('parseRunArgs', () => {
  it('a flat 2 MB mapping (about 100,000 keys, past the key cap): the keys it needs are read wherever they are', () => {
    let source = 'task: pose\nepochs: 300\n';
    for (let i = 0; source.length < 2_000_000; i++) source += `key_${i}: value_${i}\n`;
    source += 'patience: 7\n';
    const args = parseRunArgs(source);
    assert.ok(source.split('\n').length > MAX_KEYS * 5);
    assert.equal(args.task, 'pose');
    assert.equal(args.epochs, 300);
    assert.equal(args.patience, 7);
  });

  it('a repeated key: the last one wins, as in Python', () => {
    assert.equal(parseRunArgs('epochs: 10\nepochs: 20\n').epochs, 20);
    assert.equal(parseRunArgs('epochs: 10\nx: [1]\nepochs: 20\n').epochs, 20);
  });

  it('YOLOv5 opt.yaml: weights for the model, noplots, a nested hyp mapping passed over', () => {
    const args = parseRunArgs('weights: yolov5s.pt\ncfg: ""\nhyp:\n  lr0: 0.01\n  mosaic: 1.0\nepochs: 30\nnoplots: false\nname: exp\n', true);
    assert.deepEqual(
      { task: args.task, model: args.model, epochs: args.epochs, plots: args.plots, name: args.name },
      { task: 'detect', model: 'yolov5s.pt', epochs: 30, plots: true, name: 'exp' },
    );
  });

  it('a value the tool needs in a form it does not read (an alias, a list) is no value; the rest is read', () => {
    const args = parseRunArgs('e: &e 30\nepochs: *e\nname: [a, b]\ntask: detect\n');
    assert.equal(args.epochs, null);
    assert.equal(args.name, null);
    assert.equal(args.task, 'detect');
    assert.deepEqual(args.unread, ['name (a flow collection)', 'epochs (an alias)']);
    assert.equal(parseRunArgs('task: detect\nepochs: 3\n').unread, undefined);
  });

  it('over the cap: refused unparsed; not a mapping: refused with where and why', () => {
    assert.throws(() => parseRunArgs('#'.repeat(MAX_RUN_ARGS_BYTES + 1)), /over the 2097152 cap/);
    assert.throws(() => parseRunArgs('- task\n- detect\n'), /line 1: a list, not a mapping/);
    assert.throws(() => parseRunArgs('task: detect\n---\ntask: pose\n'), /line 2: a second YAML document/);
  });
});
