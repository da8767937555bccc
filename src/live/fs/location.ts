// Where a PATH lives: on this machine, or on a host as scp and rsync write it ([user@]host:PATH).
// A colon before the first slash makes the part before it a host; a local path with such a colon
// is written ./a:b. An IPv6 address is bracketed: [::1]:runs.

export type Location = { host: null; path: string } | { host: string; path: string };

const HOST = /^(?:[^@\s/:[\]]+@)?(?:[A-Za-z0-9_.-]+|\[[0-9A-Fa-f:.]+\])$/;

export function parseLocation(arg: string): Location {
  const slash = arg.indexOf('/');
  const head = slash === -1 ? arg : arg.slice(0, slash);
  // The colon that ends the host is the last one before the first slash outside brackets.
  const colon = head.startsWith('[') || head.includes('@[') ? head.indexOf(':', head.indexOf(']')) : head.indexOf(':');
  if (colon <= 0) return { host: null, path: arg };
  const host = arg.slice(0, colon);
  if (!HOST.test(host) || host.startsWith('-')) return { host: null, path: arg };
  return { host, path: arg.slice(colon + 1) };
}
