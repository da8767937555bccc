// Where a PATH lives: on this machine, or on a host as scp and rsync write it ([user@]host:PATH).
// A colon before the first slash makes the part before it a host; a local path with such a colon
// is written ./a:b. An IPv6 address is bracketed: [::1]:runs.

export type Location = { host: null; path: string } | { host: string; path: string };

/** A PATH that names a host in a way ssh would refuse, or could be fooled by. */
export class LocationError extends Error {}

const HOST = /^(?:[A-Za-z0-9_.-]+|\[[0-9A-Fa-f:.]+\])$/;
/**
 * Characters refused in the user part: OpenSSH's own check (ssh_valid_ruser in readconf.c:
 * control characters, ' ` " ; & < > | ( ) { }, a leading '-', a trailing backslash), and here
 * also whitespace and '$' (which its host check refuses): nothing a shell could read as code if
 * a ProxyCommand or Match exec line expands the user (%r), as OpenSSH before 9.6 did unchecked.
 */
const BAD_USER = /[\x00-\x1f\x7f'`";&<>|(){}$\s]|^-|\\$/;

export function parseLocation(arg: string): Location {
  const slash = arg.indexOf('/');
  const head = slash === -1 ? arg : arg.slice(0, slash);
  // The colon that ends the host is the last one before the first slash outside brackets.
  const colon = head.startsWith('[') || head.includes('@[') ? head.indexOf(':', head.indexOf(']')) : head.indexOf(':');
  if (colon <= 0) return { host: null, path: arg };
  const host = arg.slice(0, colon);
  const at = host.lastIndexOf('@');
  const name = host.slice(at + 1);
  if (!HOST.test(name) || name.startsWith('-')) return { host: null, path: arg };
  if (at >= 0) {
    const user = host.slice(0, at);
    if (user === '' || BAD_USER.test(user)) {
      throw new LocationError(`${arg}: the user name before '@' is empty or has characters ssh refuses (a quote, \` $ ; & | < > ( ) { }, a space, a control character, a leading '-'); a local path with a colon is written ./${arg}`);
    }
  }
  return { host, path: arg.slice(colon + 1) };
}
