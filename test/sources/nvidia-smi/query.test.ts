import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAppLine, parseGpuLine, throttleReasons } from '../../../src/sources/nvidia-smi/query.js';

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
