// What nvidia-smi says when it cannot give readings: its exit codes in words (nvidia-smi(1),
// RETURN VALUE; 18 seen with "Failed to initialize NVML: Driver/library version mismatch"), and
// the lines it prints instead of rows. Pure.

const EXIT_MEANINGS: Record<number, string> = {
  2: 'an argument or flag is invalid',
  3: 'the operation is not available on this GPU',
  4: 'no permission for this GPU',
  6: 'no GPU found',
  8: "a GPU's external power cables are not attached",
  9: 'the NVIDIA driver is not loaded',
  10: 'the kernel detected an interrupt issue with a GPU',
  12: 'the NVML library could not be found or loaded',
  13: 'this NVML does not implement the function',
  14: 'the infoROM is corrupted',
  15: 'a GPU has fallen off the bus or is otherwise inaccessible',
  18: 'the driver and the NVML library are of different versions (reboot after a driver update?)',
  255: 'other error or internal driver error',
};

export function exitMeaning(code: number): string | null {
  return EXIT_MEANINGS[code] ?? null;
}

/** "Unable to determine the device handle for GPU0000:02:00.0: Unknown Error": the bus id, else null. */
export function handleFailureBusId(line: string): string | null {
  const m = /Unable to (?:determine|detect) the device handle for GPU\s*([0-9a-f]+:[0-9a-f]{2}:[0-9a-f]{2}\.[0-9a-f])/i.exec(line);
  return m ? m[1] : null;
}

/** The same PCI address whatever the width of its domain (0000:02:00.0 is 00000000:02:00.0). */
export function sameBus(a: string, b: string): boolean {
  const norm = (s: string) => {
    const [domain, ...rest] = s.toLowerCase().split(':');
    return `${parseInt(domain, 16)}:${rest.join(':')}`;
  };
  return norm(a) === norm(b);
}
