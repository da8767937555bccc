// amd-smi and rocm-smi JSON, on the real outputs in fixtures/amd-smi and fixtures/rocm-smi.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gpuEntries, parseAmdMetric, parseAmdProcesses, parseAmdStatic } from '../../../src/sources/amd-smi/json.js';
import { parseRocmSmi } from '../../../src/sources/rocm-smi/json.js';
import { REPO } from '../../helpers/paths.js';

const amd = (name: string) => readFileSync(join(REPO, 'fixtures', 'amd-smi', 'captures', name), 'utf8');
const rocm = (name: string) => readFileSync(join(REPO, 'fixtures', 'rocm-smi', name), 'utf8');

describe('amd-smi JSON', () => {
  it('the {"gpu_data": [...]} shape (ROCm 6.4+): utilisation, hotspot temperature, VRAM in MiB, socket power', () => {
    const [g] = parseAmdMetric(amd('rx7800xt.metric.json'));
    assert.equal(g.index, 0);
    assert.equal(g.utilization_pct, 2);
    assert.equal(g.temperature_c, 41, 'hotspot, the hottest point, before edge');
    assert.equal(g.memory_used_mib, 14569);
    assert.equal(g.memory_total_mib, 16368);
    assert.equal(g.power_w, 9);
    assert.equal(g.power_limit_w, null, 'the limit comes from static');
    assert.equal(g.name, 'AMD GPU 0');
    assert.equal(g.uuid, 'amd:0');
  });

  it('the older bare-list shape (ROCm 6.x) with usage only: the rest is no reading, not 0', () => {
    const [g] = parseAmdMetric(amd('w7700.metric-u.json'));
    assert.equal(g.utilization_pct, 42);
    assert.equal(g.temperature_c, null);
    assert.equal(g.memory_used_mib, null);
    assert.equal(g.power_w, null);
    const [p] = parseAmdMetric(amd('changelog-6.1.metric-p.json'));
    assert.equal(p.power_w, 10);
  });

  it('static gives names and the power cap (limit.ppt0 in 7.x), which fill in the metrics', () => {
    const statics = parseAmdStatic(amd('mi300x-8.static.json'));
    assert.equal(statics.size, 8);
    assert.deepEqual(statics.get(3), { name: 'AMD Instinct MI300X', power_limit_w: 750, bus_id: '0000:5c:00.0' });
    assert.equal(parseAmdStatic(amd('changelog-7.1.static-limit.json')).get(0)?.power_limit_w, 100);
    const gpus = parseAmdMetric(amd('mi300x-8.metric.json'), statics);
    assert.equal(gpus.length, 8);
    assert.deepEqual([gpus[0].name, gpus[0].utilization_pct, gpus[0].temperature_c, gpus[0].power_w, gpus[0].power_limit_w, gpus[0].memory_used_mib, gpus[0].memory_total_mib], ['AMD Instinct MI300X', 98, 60, 734, 750, 4976, 196592]);
  });

  it('processes: a list even where metric is gpu_data; VRAM from bytes; tied to their GPU by its id', () => {
    const procs = parseAmdProcesses(amd('r9700.process.json'));
    assert.equal(procs.length, 8);
    const big = procs.find((p) => p.pid === 213952 && p.gpu_uuid === 'amd:1');
    assert.ok(big);
    assert.equal(big.name, '/usr/bin/python3.12');
    assert.ok(Math.abs((big.used_memory_mib ?? 0) - 21008920000 / 2 ** 20) < 1e-6);
    assert.deepEqual(parseAmdProcesses('[{"gpu": 0, "process_list": [{"process_info": "No running processes detected"}]}]'), []);
  });

  it('what is not amd-smi JSON is an error with a reason', () => {
    assert.throws(() => gpuEntries('AMDSMI_STATUS_INIT_ERROR'), /not JSON/);
    assert.throws(() => gpuEntries('{"gpu": 0}'), /no list of GPUs/);
    assert.deepEqual(gpuEntries('[{"gpu": "zero"}, 3, null]'), []);
  });
});

describe('rocm-smi JSON', () => {
  it('every value a string: use, junction temperature, VRAM bytes, average power and its maximum, the card series', () => {
    const [g] = parseRocmSmi(rocm('rx7900xt.merged.json'));
    assert.equal(g.name, 'Radeon RX 7900 XT');
    assert.equal(g.utilization_pct, 0);
    assert.equal(g.temperature_c, 47);
    assert.equal(g.memory_total_mib, 21458059264 / 2 ** 20);
    assert.equal(g.memory_used_mib, 27856896 / 2 ** 20);
    assert.equal(g.power_w, 55);
    assert.equal(g.power_limit_w, 265);
    assert.equal(g.bus_id, '0000:0B:00.0');
  });

  it('a card that says less: what it lacks is no reading', () => {
    const [g] = parseRocmSmi(rocm('rx7900xt.use-mem-name.json'));
    assert.equal(g.temperature_c, null);
    assert.equal(g.power_w, null);
    assert.equal(g.memory_used_mib, 27856896 / 2 ** 20);
    assert.throws(() => parseRocmSmi('[1]'), /not an object of cards/);
  });
});

describe('amd-smi and rocm-smi output that is not what it should be', () => {
  it('truncated, empty or hostile: an error with a reason, or names kept as bytes for the sanitiser, never a crash', () => {
    const whole = amd('mi300x-8.metric.json');
    assert.throws(() => parseAmdMetric(whole.slice(0, whole.length / 2)), /not JSON/);
    assert.throws(() => parseAmdMetric(''), /not JSON/);
    assert.throws(() => parseRocmSmi('{"card0": {"GPU use (%)": "1"'), /not JSON/);
    const hostile = parseAmdStatic('{"gpu_data": [{"gpu": 0, "asic": {"market_name": "MI\\u001b]0;owned\\u0007300X\\u202e"}, "limit": {"ppt0": {"socket_power_limit": {"value": "lots", "unit": "W"}}}}]}');
    assert.equal(hostile.get(0)?.name, 'MI\x1b]0;owned\x07300X\u202e', 'kept as it is: every output passes cleanText');
    assert.equal(hostile.get(0)?.power_limit_w, null);
    const [g] = parseAmdMetric('[{"gpu": 0, "usage": {"gfx_activity": {"value": 1e999, "unit": "%"}}, "mem_usage": {"used_vram": {"value": 5, "unit": "parsecs"}}}]');
    assert.equal(g.utilization_pct, null, 'not finite: no reading');
    assert.equal(g.memory_used_mib, null, 'a unit it does not know: no reading');
  });
});
