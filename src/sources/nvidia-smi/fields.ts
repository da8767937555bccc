// The fields aigp-watch asks nvidia-smi for, each with the names drivers know it by, and the
// query that adapts when a driver rejects one (`Field "x" is not a valid field to query.`): the
// field's other name is tried, else the field is dropped and its reading named as one this driver
// does not give. Pure: the state is the list of names in use.

export interface QueryField<K extends string> {
  key: K;
  /** The names drivers accept, the one tried first first. */
  names: readonly string[];
  /** What the panel lacks without it, in words. */
  reading: string;
  /** Without it the query is no use (the GPU index). */
  required?: boolean;
}

export type GpuKey =
  | 'index' | 'uuid' | 'name' | 'temperature' | 'utilization' | 'memoryUsed' | 'memoryTotal' | 'power' | 'powerLimit'
  | 'throttle' | 'fan' | 'clocksSm' | 'clocksMem' | 'busId' | 'mig';

/**
 * The GPU query. `clocks_event_reasons.*` is the name since driver 535 and the one headers print;
 * `clocks_throttle_reasons.*` is what drivers up to 530 know, kept as an alias up to 610 at least.
 */
export const GPU_FIELDS: readonly QueryField<GpuKey>[] = [
  { key: 'index', names: ['index'], reading: 'GPU index', required: true },
  { key: 'uuid', names: ['uuid', 'gpu_uuid'], reading: 'GPU UUID (processes per GPU)' },
  { key: 'name', names: ['name', 'gpu_name'], reading: 'GPU name' },
  { key: 'temperature', names: ['temperature.gpu'], reading: 'temperature' },
  { key: 'utilization', names: ['utilization.gpu'], reading: 'utilisation' },
  { key: 'memoryUsed', names: ['memory.used'], reading: 'memory used' },
  { key: 'memoryTotal', names: ['memory.total'], reading: 'memory total' },
  { key: 'power', names: ['power.draw'], reading: 'power draw' },
  { key: 'powerLimit', names: ['power.limit', 'enforced.power.limit'], reading: 'power limit' },
  { key: 'throttle', names: ['clocks_event_reasons.active', 'clocks_throttle_reasons.active'], reading: 'throttle reasons' },
  { key: 'fan', names: ['fan.speed'], reading: 'fan speed' },
  { key: 'clocksSm', names: ['clocks.sm', 'clocks.current.sm'], reading: 'SM clock' },
  { key: 'clocksMem', names: ['clocks.mem', 'clocks.current.memory'], reading: 'memory clock' },
  { key: 'busId', names: ['pci.bus_id', 'gpu_bus_id'], reading: 'PCI bus id' },
  { key: 'mig', names: ['mig.mode.current'], reading: 'MIG mode' },
];

export type AppKey = 'gpuUuid' | 'pid' | 'processName' | 'usedMemory';

export const APP_FIELDS: readonly QueryField<AppKey>[] = [
  { key: 'gpuUuid', names: ['gpu_uuid'], reading: 'GPU of each process', required: true },
  { key: 'pid', names: ['pid'], reading: 'process id', required: true },
  { key: 'processName', names: ['process_name', 'name'], reading: 'process name' },
  { key: 'usedMemory', names: ['used_memory', 'used_gpu_memory'], reading: 'process memory' },
];

/** `Field "x" is not a valid field to query.`: the field's name, else null. */
export function rejectedField(line: string): string | null {
  const m = /^\s*Field\s+["“](.+?)["”]\s+is not a valid field to query\.?\s*$/.exec(line);
  return m ? m[1] : null;
}

export type Rejection =
  | { kind: 'renamed'; from: string; to: string }
  | { kind: 'dropped'; name: string; reading: string }
  | { kind: 'fatal'; name: string; reading: string }
  | { kind: 'unknown'; name: string };

/** The fields of one query and the name each goes by on this driver (null: dropped). */
export class FieldQuery<K extends string> {
  /** Per field, the index of the name in use, or -1 once dropped. */
  private readonly tried: number[];

  constructor(private readonly fields: readonly QueryField<K>[]) {
    this.tried = fields.map(() => 0);
  }

  /** The names to put after --query-…=. */
  names(): string[] {
    return this.fields.flatMap((f, i) => (this.tried[i] < 0 ? [] : [f.names[this.tried[i]]]));
  }

  /** The columns of a row, in order. */
  columns(): K[] {
    return this.fields.flatMap((f, i) => (this.tried[i] < 0 ? [] : [f.key]));
  }

  has(key: K): boolean {
    const i = this.fields.findIndex((f) => f.key === key);
    return i >= 0 && this.tried[i] >= 0;
  }

  /** What the driver does not give, in words (the dropped fields). */
  missing(): string[] {
    return this.fields.flatMap((f, i) => (this.tried[i] < 0 ? [f.reading] : []));
  }

  /** The driver rejected `name`: its next name, else drop it (a required field cannot be dropped). */
  reject(name: string): Rejection {
    const i = this.fields.findIndex((f, j) => this.tried[j] >= 0 && f.names[this.tried[j]] === name);
    if (i < 0) return { kind: 'unknown', name };
    const f = this.fields[i];
    if (this.tried[i] + 1 < f.names.length) {
      this.tried[i] += 1;
      return { kind: 'renamed', from: name, to: f.names[this.tried[i]] };
    }
    if (f.required) return { kind: 'fatal', name, reading: f.reading };
    this.tried[i] = -1;
    return { kind: 'dropped', name, reading: f.reading };
  }
}
