import { networkInterfaces } from 'node:os';

/**
 * This machine's first non-internal IPv4 address, else loopback: the consumer `host` that condition
 * rules match (the sidecar runs on the caller's machine, so its address is the caller's).
 */
export function localHost(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) {
      if (address.family === 'IPv4' && !address.internal) return address.address;
    }
  }
  return '127.0.0.1';
}
