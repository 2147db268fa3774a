import { type ClientOptions, createClient, type ServiceDescriptor } from '@dubbo-mesh/sdk-core';
import type { CallArgs } from './args.js';
import { openFatClient } from './open-fat-client.js';
import { openTransport } from './open-transport.js';
import type { CliIo } from './output.js';
import { limitRequestSize } from './request-size-limit.js';

/** The typed client of one `call`, the path it takes (`modes` in the load report), and how to let go. */
export interface CallClient {
  readonly client: object;
  /** `direct` or `fat` (cli.md "Load mode"). */
  readonly mode: 'direct' | 'fat';
  /** Closes connections and the registry session, so the process can exit. */
  close(): Promise<void>;
}

/**
 * `--direct`: one HTTP/2 transport to the endpoint. `--registry`: a Fat client (registry, `--rules`,
 * balancing, failover) carrying the same typed client. Either way the request-size half of
 * `--max-message-bytes` is checked before sending.
 */
export function openCallClient(args: CallArgs, descriptor: ServiceDescriptor, io: CliIo): CallClient {
  const options: Omit<ClientOptions, 'application'> = {
    defaults: { timeoutMs: args.timeoutMs, attachments: args.attachments },
  };
  const { target } = args;
  if (target.kind === 'direct') {
    const transport = openTransport(target.connect);
    const limited = limitRequestSize(descriptor, target.connect.maxMessageBytes);
    return {
      client: createClient(limited, transport, { ...options, application: args.app }),
      mode: 'direct',
      close: () => transport.close(),
    };
  }
  const fat = openFatClient({ ...target.fat, app: args.app }, io);
  return {
    client: fat.client(limitRequestSize(descriptor, target.fat.maxMessageBytes), options),
    mode: 'fat',
    close: () => fat.close(),
  };
}
