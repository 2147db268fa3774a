import { readFileSync } from 'node:fs';
import { createHttp2Transport, type Http2Transport, type TlsOptions } from '@dubbo-mesh/sdk-core';
import type { ConnectArgs } from './args.js';
import { UsageError } from './usage-error.js';

/**
 * The HTTP/2 transport to the endpoint of `--direct` or `health`, with the `--ca`/`--cert`/`--key` files
 * read (an unreadable one is a usage error naming the flag and file) and `--max-message-bytes` as the
 * receive limit. The caller closes it: an open session would keep the process alive.
 */
export function openTransport(connect: ConnectArgs): Http2Transport {
  const tls: TlsOptions = {};
  if (connect.ca !== undefined) tls.ca = readFlagFile('--ca', connect.ca);
  if (connect.cert !== undefined) tls.cert = readFlagFile('--cert', connect.cert);
  if (connect.key !== undefined) tls.key = readFlagFile('--key', connect.key);
  return createHttp2Transport(connect.endpoint, {
    ...(Object.keys(tls).length > 0 ? { tls } : {}),
    maxReceiveMessageBytes: connect.maxMessageBytes,
  });
}

/** The bytes of a file a flag names; an unreadable one is a usage error naming the flag and file. */
export function readFlagFile(flag: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new UsageError(
      `${flag} ${path}: cannot read the file (${typeof code === 'string' ? code : String(error)})`,
      {
        cause: error,
      },
    );
  }
}
