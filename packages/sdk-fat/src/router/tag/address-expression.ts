/**
 * One entry of a tag's `addresses` (governance.md §3.5), as Java's TagStateRouter checks it with
 * NetUtils.matchIpExpression plus the `0.0.0.0:<port>` form: `*`, an IPv4 pattern whose segments
 * are numbers, `*` or ranges `a-b` (`10.0.0.*`, `10.0.1-9.*`), optionally `:port`; a CIDR
 * (`10.0.0.0/24`, `fd00::/8`); an IPv6 literal (`[::1]:50051`); `0.0.0.0:<port>` = any host on
 * that port. A host name is compared as written (Java would resolve it through DNS).
 */
export interface AddressExpression {
  readonly text: string;
  matches(host: string, port: number): boolean;
}

/** Compiles an address expression, or returns why it is not one. */
export function parseAddressExpression(text: string): AddressExpression | string {
  const pattern = text.trim();
  if (pattern === '') return 'empty address';
  if (pattern === '*' || pattern === '*.*.*.*') return { text, matches: () => true };
  if (pattern.includes('/')) return parseCidr(text, pattern);
  const split = splitPort(pattern);
  if (typeof split === 'string') return split;
  const { host, port } = split;
  const portMatches = (actual: number) => port === undefined || actual === port;
  if (host === '0.0.0.0' && port !== undefined) return { text, matches: (_host, actual) => actual === port };
  const ipv4 = parseIpv4Pattern(host);
  if (ipv4 !== undefined) {
    return {
      text,
      matches: (actualHost, actualPort) => {
        const segments = actualHost.split('.');
        return (
          portMatches(actualPort) &&
          segments.length === 4 &&
          segments.every((segment, i) => /^\d{1,3}$/.test(segment) && ipv4[i]!(Number(segment)))
        );
      },
    };
  }
  if (/^[\d.*-]+$/.test(host)) return `not an IPv4 pattern: ${JSON.stringify(text)}`;
  const ipv6 = parseIpv6(host);
  if (ipv6 !== undefined) {
    return {
      text,
      matches: (actualHost, actualPort) => portMatches(actualPort) && parseIpv6(actualHost) === ipv6,
    };
  }
  if (/^[A-Za-z0-9_]([A-Za-z0-9_.-]*)$/.test(host)) {
    const name = host.toLowerCase();
    return {
      text,
      matches: (actualHost, actualPort) => portMatches(actualPort) && actualHost.toLowerCase() === name,
    };
  }
  return `not an address expression: ${JSON.stringify(text)}`;
}

function splitPort(pattern: string): { host: string; port: number | undefined } | string {
  let host = pattern;
  let rawPort: string | undefined;
  if (pattern.startsWith('[')) {
    const match = /^\[([^\]]+)\](?::([^:]*))?$/.exec(pattern);
    if (!match) return `not an address expression: ${JSON.stringify(pattern)}`;
    host = match[1]!;
    rawPort = match[2];
  } else if (pattern.indexOf(':') >= 0 && pattern.indexOf(':') === pattern.lastIndexOf(':')) {
    [host, rawPort] = pattern.split(':') as [string, string];
  }
  if (rawPort === undefined) return { host, port: undefined };
  if (!/^\d{1,5}$/.test(rawPort) || Number(rawPort) > 65535)
    return `invalid port in ${JSON.stringify(pattern)}`;
  return { host, port: Number(rawPort) };
}

/** Per-segment tests of an IPv4 pattern, or undefined when `host` is not one. */
function parseIpv4Pattern(host: string): ((segment: number) => boolean)[] | undefined {
  const segments = host.split('.');
  if (segments.length !== 4) return undefined;
  const tests: ((segment: number) => boolean)[] = [];
  for (const segment of segments) {
    if (segment === '*') {
      tests.push(() => true);
      continue;
    }
    const range = /^(\d{1,3})-(\d{1,3})$/.exec(segment);
    if (range) {
      const [min, max] = [Number(range[1]), Number(range[2])];
      if (max > 255 || min > max) return undefined;
      tests.push((value) => value >= min && value <= max);
    } else if (/^\d{1,3}$/.test(segment) && Number(segment) <= 255) {
      const exact = Number(segment);
      tests.push((value) => value === exact);
    } else {
      return undefined;
    }
  }
  return tests;
}

function parseCidr(text: string, pattern: string): AddressExpression | string {
  const [network = '', rawBits = ''] = pattern.split('/');
  const bits = /^\d{1,3}$/.test(rawBits) ? Number(rawBits) : -1;
  const v4 = parseIpv4(network);
  if (v4 !== undefined && bits >= 0 && bits <= 32) {
    const shift = BigInt(32 - bits);
    return { text, matches: (host) => inNetwork(parseIpv4(host), BigInt(v4), shift) };
  }
  const v6 = parseIpv6(network);
  if (v6 !== undefined && bits >= 0 && bits <= 128) {
    const shift = BigInt(128 - bits);
    return { text, matches: (host) => inNetwork(parseIpv6(host), v6, shift) };
  }
  return `not a CIDR block: ${JSON.stringify(text)}`;
}

function inNetwork(address: number | bigint | undefined, network: bigint, shift: bigint): boolean {
  return address !== undefined && BigInt(address) >> shift === network >> shift;
}

/** A dotted-quad IPv4 address as an unsigned 32-bit number. */
function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255))
    return undefined;
  return parts.reduce((value, part) => value * 256 + Number(part), 0);
}

/** An IPv6 address (with `::`, an embedded IPv4 tail or a `%zone`) as a 128-bit number. */
export function parseIpv6(text: string): bigint | undefined {
  let address = text.replace(/%.*$/, '');
  const lastColon = address.lastIndexOf(':');
  if (lastColon < 0) return undefined;
  const tail = address.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = parseIpv4(tail);
    if (v4 === undefined) return undefined;
    address = `${address.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] === '' ? [] : halves[0]!.split(':');
  const rest = halves.length === 2 && halves[1] !== '' ? halves[1]!.split(':') : [];
  if (halves.length === 2 && head.length + rest.length > 7) return undefined;
  const groups =
    halves.length === 2
      ? [...head, ...new Array<string>(8 - head.length - rest.length).fill('0'), ...rest]
      : head;
  if (groups.length !== 8) return undefined;
  let value = 0n;
  for (const group of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
    value = (value << 16n) | BigInt(Number.parseInt(group, 16));
  }
  return value;
}
