/**
 * Java's glob (`UrlUtils.isMatchGlobPattern`): `*` matches all; otherwise one `*` at the end,
 * start or middle (prefix*, *suffix, a*b, judged by the last `*`), or equality.
 */
export function matchesGlob(pattern: string, value: string | undefined): boolean {
  if (pattern === '*') return true;
  if (pattern === '' && (value === undefined || value === '')) return true;
  if (pattern === '' || value === undefined || value === '') return false;
  const last = pattern.lastIndexOf('*');
  if (last < 0) return value === pattern;
  if (last === pattern.length - 1) return value.startsWith(pattern.slice(0, last));
  if (last === 0) return value.endsWith(pattern.slice(1));
  return value.startsWith(pattern.slice(0, pattern.indexOf('*'))) && value.endsWith(pattern.slice(last + 1));
}

function ipv4(host: string): number[] | undefined {
  const parts = host.split('.');
  if (parts.length !== 4 || parts.some((part) => !/^\d{1,3}$/.test(part) || Number(part) > 255))
    return undefined;
  return parts.map(Number);
}

/**
 * Java's `NetUtils.matchIpExpression` for IPv4: CIDR (`10.0.0.0/8`), or four segments each a
 * number, `*` or a range `a-b` (`10.1.*.1-100`). An address that is not IPv4 never matches.
 */
export function matchesIpExpression(pattern: string, host: string): boolean {
  const address = ipv4(host);
  if (!address) return false;
  const slash = pattern.indexOf('/');
  if (slash >= 0) {
    const network = ipv4(pattern.slice(0, slash));
    const bits = Number(pattern.slice(slash + 1));
    if (!network || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
    const toNumber = (octets: number[]): number => octets.reduce((sum, octet) => sum * 256 + octet, 0);
    const size = 2 ** (32 - bits);
    return Math.floor(toNumber(address) / size) === Math.floor(toNumber(network) / size);
  }
  const segments = pattern.split('.');
  if (segments.length !== 4) return false;
  return segments.every((segment, index) => {
    const octet = address[index]!;
    if (segment === '*') return true;
    const range = /^(\d{1,3})-(\d{1,3})$/.exec(segment);
    if (range) return octet >= Number(range[1]) && octet <= Number(range[2]);
    return /^\d{1,3}$/.test(segment) && Number(segment) === octet;
  });
}
