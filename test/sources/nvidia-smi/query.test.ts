import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORE_COLUMNS, parseAppLine, parseGpuLine, parseGpuRow, throttleReasons } from '../../../src/sources/nvidia-smi/query.js';
import { FieldQuery, GPU_FIELDS, rejectedField } from '../../../src/sources/nvidia-smi/fields.js';
import { parseGpuList } from '../../../src/sources/nvidia-smi/list.js';
import { exitMeaning, handleFailureBusId, sameBus } from '../../../src/sources/nvidia-smi/messages.js';
import { REPO } from '../../helpers/paths.js';

describe('nvidia-smi CSV', () => {
  it('reads a full line with units stripped', () => {
    assert.deepEqual(parseGpuLine('0, GPU-0a1b, NVIDIA A100-SXM4-80GB, 34, 97, 61234, 81920, 301.27, 400.00, 0x0000000000000000, [N/A], 1410, 1593'), {
      index: 0, uuid: 'GPU-0a1b', name: 'NVIDIA A100-SXM4-80GB', temperature_c: 34, utilization_pct: 97, memory_used_mib: 61234,
      memory_total_mib: 81920, power_w: 301.27, power_limit_w: 400, throttle: [], fan_pct: null, clocks_sm_mhz: 1410, clocks_mem_mhz: 1593,
      bus_id: null, mig: null, fault: null,
    });
  });

  it('[N/A] and [Not Supported] are null, never 0', () => {
    const g = parseGpuLine('0, GPU-7, NVIDIA GeForce RTX 3060 Laptop GPU, 52, [N/A], 812, 6144, [N/A], [Not Supported], [Not Supported], 34, 1282, 6000');
    assert.equal(g.utilization_pct, null);
    assert.equal(g.power_w, null);
    assert.equal(g.power_limit_w, null);
    assert.deepEqual(g.throttle, []);
    assert.equal(g.fan_pct, 34);
  });

  it('decodes the throttle bitmask (idle is not a throttle)', () => {
    assert.deepEqual(throttleReasons('0x0000000000000001'), []);
    assert.deepEqual(throttleReasons('0x0000000000000064'), ['sw_power_cap', 'sw_thermal_slowdown', 'hw_thermal_slowdown']);
    assert.deepEqual(throttleReasons('0x0000000000000088'), ['hw_slowdown', 'hw_power_brake_slowdown']);
  });

  it('a name with a comma keeps the fields after it in place', () => {
    const g = parseGpuLine('1, GPU-x, Tesla V100, PCIe, 40, 5, 10, 16160, 25.1, 250.00, 0x0, 0, 135, 877');
    assert.equal(g.name, 'Tesla V100, PCIe');
    assert.equal(g.temperature_c, 40);
    assert.equal(g.clocks_mem_mhz, 877);
  });

  it('garbage is an error with a reason', () => {
    assert.throws(() => parseGpuLine("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver."), /fields/);
    assert.throws(() => parseGpuLine('x, GPU-x, A, 1, 2, 3, 4, 5, 6, 0x0, 7, 8, 9'), /not a number: 'x'/);
    assert.throws(() => parseGpuLine('1.5, GPU-x, A, 1, 2, 3, 4, 5, 6, 0x0, 7, 8, 9'), /GPU index/);
    assert.throws(() => parseGpuLine('0, GPU-x, A, hot, 2, 3, 4, 5, 6, 0x0, 7, 8, 9'), /not a number/);
  });

  it('reads compute processes, names with commas included', () => {
    assert.deepEqual(parseAppLine('GPU-0a1b, 4242, python train.py --a=1,2, 12288'), { gpu_uuid: 'GPU-0a1b', pid: 4242, name: 'python train.py --a=1,2', used_memory_mib: 12288 });
    assert.equal(parseAppLine('GPU-0a1b, 4242, python, [N/A]').used_memory_mib, null);
  });
});

describe('nvidia-smi values that are not numbers', () => {
  const row = (v: string) => parseGpuLine(`0, GPU-0, NVIDIA A100, ${v}, ${v}, ${v}, 81920, ${v}, ${v}, ${v}, ${v}, ${v}, ${v}`);

  it('any bracketed text and a bare N/A are no reading (null), never a parse failure', () => {
    for (const v of ['[N/A]', '[Not Supported]', '[Unknown Error]', '[Insufficient Permissions]', '[Function Not Found]', '[Requested functionality has been deprecated]', 'N/A', '[Something a future driver says]']) {
      const g = row(v);
      assert.equal(g.temperature_c, null, v);
      assert.equal(g.utilization_pct, null, v);
      assert.equal(g.power_w, null, v);
      assert.deepEqual(g.throttle, [], v);
      assert.equal(g.fault, null, `${v}: one reading missing is not the GPU's fault`);
    }
  });

  it('[GPU is lost] and [GPU requires reset] are the GPU in trouble', () => {
    assert.equal(row('[GPU is lost]').fault, 'GPU is lost');
    assert.equal(row('[GPU is lost]').memory_used_mib, null);
    assert.equal(row('[GPU requires reset]').fault, 'GPU requires reset');
  });

  it('a row of nothing but errors, its index too, is placed where the caller says and marked', () => {
    const columns = CORE_COLUMNS;
    const errors = Array(13).fill('[Unknown Error]').join(', ');
    assert.throws(() => parseGpuRow(errors, columns), /GPU index/);
    const g = parseGpuRow(errors, columns, 1);
    assert.equal(g.index, 1);
    assert.equal(g.fault, 'Unknown Error');
    assert.equal(g.name, '');
  });

  it('a row in the columns of an adapted query: fields dropped, and the two added at the end', () => {
    const q = new FieldQuery(GPU_FIELDS);
    q.reject('fan.speed');
    q.reject('clocks_event_reasons.active');
    const g = parseGpuRow('3, GPU-3, NVIDIA H100 80GB HBM3, 41, 0, 0, 81559, 69.85, 700.00, 0x0000000000000001, 345, 2619, 00000000:00:09.0, Enabled', q.columns());
    assert.equal(g.fan_pct, null);
    assert.equal(g.clocks_sm_mhz, 345);
    assert.equal(g.bus_id, '00000000:00:09.0');
    assert.equal(g.mig, true);
  });
});

describe('the query that adapts', () => {
  it('reads the refusal, word for word as drivers print it', () => {
    assert.equal(rejectedField('Field "clocks_event_reasons.active" is not a valid field to query.'), 'clocks_event_reasons.active');
    assert.equal(rejectedField('Field “encoder.stats.sessionCount” is not a valid field to query.'), 'encoder.stats.sessionCount');
    assert.equal(rejectedField('0, GPU-0, A100, 1'), null);
  });

  it('tries the other name first, then drops the field and names the reading; the index cannot go', () => {
    const q = new FieldQuery(GPU_FIELDS);
    assert.ok(q.names().includes('clocks_event_reasons.active'));
    assert.deepEqual(q.reject('clocks_event_reasons.active'), { kind: 'renamed', from: 'clocks_event_reasons.active', to: 'clocks_throttle_reasons.active' });
    assert.ok(q.names().includes('clocks_throttle_reasons.active'));
    assert.deepEqual(q.missing(), []);
    assert.deepEqual(q.reject('clocks_throttle_reasons.active'), { kind: 'dropped', name: 'clocks_throttle_reasons.active', reading: 'throttle reasons' });
    assert.ok(!q.columns().includes('throttle'));
    assert.deepEqual(q.missing(), ['throttle reasons']);
    assert.equal(q.reject('mig.mode.current').kind, 'dropped');
    assert.deepEqual(q.missing(), ['throttle reasons', 'MIG mode']);
    assert.equal(q.reject('index').kind, 'fatal');
    assert.equal(q.reject('no.such.field').kind, 'unknown');
  });
});

describe('nvidia-smi -L and its exit codes', () => {
  it('lists MIG instances under their GPU with the memory their profile names', () => {
    const list = parseGpuList(readFileSync(join(REPO, 'fixtures/nvidia-smi/captures/h100-mig-590.L'), 'utf8'));
    assert.equal(list.length, 1);
    assert.equal(list[0].name, 'NVIDIA H100 80GB HBM3');
    assert.deepEqual(list[0].mig.map((m) => [m.profile, m.device, m.memory_gb]), [['3g.40gb', 0, 40], ['2g.20gb', 1, 20], ['1g.10gb', 2, 10], ['1g.10gb', 3, 10]]);
    assert.deepEqual(parseGpuList(readFileSync(join(REPO, 'fixtures/nvidia-smi/captures/h100-590.L'), 'utf8'))[0].mig, []);
  });

  it('says what an exit code means, and finds the GPU a handle failure names', () => {
    assert.equal(exitMeaning(9), 'the NVIDIA driver is not loaded');
    assert.equal(exitMeaning(6), 'no GPU found');
    assert.match(exitMeaning(15) ?? '', /fallen off the bus/);
    assert.equal(exitMeaning(1), null);
    assert.equal(handleFailureBusId('Unable to determine the device handle for GPU0000:02:00.0: Unknown Error'), '0000:02:00.0');
    assert.equal(handleFailureBusId('Unable to determine the device handle for GPU 0000:0B:00.0: Unknown Error'), '0000:0B:00.0');
    assert.ok(sameBus('0000:0B:00.0', '00000000:0b:00.0'));
    assert.ok(!sameBus('0000:0B:00.0', '00000000:0C:00.0'));
  });
});
