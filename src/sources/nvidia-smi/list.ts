// `nvidia-smi -L`: each GPU, and under it its MIG instances with their profile
// (`  MIG 3g.40gb     Device  0: (UUID: MIG-…)`), whose name carries the instance's memory. Pure.

export interface MigInstance {
  /** The GPU instance profile, e.g. "3g.40gb" or "1g.10gb+me". */
  profile: string;
  device: number;
  /** Memory of the instance in GB, from the profile's name; null where it has none. */
  memory_gb: number | null;
}

export interface ListedGpu {
  index: number;
  name: string;
  uuid: string | null;
  mig: MigInstance[];
}

const GPU_LINE = /^GPU (\d+): (.*?)\s*(?:\(UUID: ([^)]*)\))?\s*$/;
const MIG_LINE = /^\s+MIG\s+(\S+)\s+Device\s+(\d+):/;

export function parseGpuList(text: string): ListedGpu[] {
  const out: ListedGpu[] = [];
  for (const line of text.split('\n')) {
    const gpu = GPU_LINE.exec(line);
    if (gpu) {
      out.push({ index: Number(gpu[1]), name: gpu[2], uuid: gpu[3] ?? null, mig: [] });
      continue;
    }
    const mig = MIG_LINE.exec(line);
    const owner = out.at(-1);
    if (mig && owner) {
      const gb = /(\d+(?:\.\d+)?)gb/i.exec(mig[1]);
      owner.mig.push({ profile: mig[1], device: Number(mig[2]), memory_gb: gb ? Number(gb[1]) : null });
    }
  }
  return out;
}
