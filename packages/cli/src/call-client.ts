import { type ClientOptions, createClient, type ServiceDescriptor } from '@dubbo-mesh/sdk-core';
import type { MeshClient } from '@dubbo-mesh/sdk-fat';
import { createThinClient } from '@dubbo-mesh/sdk-thin';
import type { CallArgs } from './args.js';
import { openFatClient } from './open-fat-client.js';
import { openMeshClient } from './open-mesh-client.js';
import { openTransport } from './open-transport.js';
import type { CliIo } from './output.js';
import { limitRequestSize } from './request-size-limit.js';

/** The typed client of one `call`, the path it takes (`modes` in the load report), and how to let go. */
export interface CallClient {
  readonly client: object;
  /** `direct`, `fat`, `thin`, or `mesh` (whose calls are counted as `thin` and `fat`; cli.md "Load mode"). */
  readonly mode: 'direct' | 'fat' | 'thin' | 'mesh';
  /** The mesh client, for its per-mode counts and switches in load mode. */
  readonly mesh?: MeshClient;
  /** Closes connections and the registry session, so the process can exit. */
  close(): Promise<void>;
}

/**
 * `--direct`: one HTTP/2 transport to the endpoint. `--registry`: a Fat client (registry, `--rules`,
 * balancing, failover) carrying the same typed client. `--sidecar`: a Thin client of the sidecar.
 * `--sidecar --registry --mesh`: the mesh client. Either way the request-size half of
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
  if (target.kind === 'thin') {
    const thin = createThinClient({
      application: args.app,
      ...(target.thin.sidecar !== undefined ? { sidecar: target.thin.sidecar } : {}),
      maxReceiveMessageBytes: target.thin.maxMessageBytes,
    });
    return {
      client: thin.client(limitRequestSize(descriptor, target.thin.maxMessageBytes), options),
      mode: 'thin',
      close: () => thin.close(),
    };
  }
  if (target.kind === 'mesh') {
    const mesh = openMeshClient({ ...target.fat, app: args.app, sidecar: target.thin.sidecar }, io);
    return {
      client: mesh.client(limitRequestSize(descriptor, target.fat.maxMessageBytes), options),
      mode: 'mesh',
      mesh,
      close: () => mesh.close(),
    };
  }
  const fat = openFatClient({ ...target.fat, app: args.app }, io);
  return {
    client: fat.client(limitRequestSize(descriptor, target.fat.maxMessageBytes), options),
    mode: 'fat',
    close: () => fat.close(),
  };
}
