import { createClient, createHttp2Transport, type ProtoMessage, protoService } from '@dubbo-mesh/sdk-core';
import protobuf from 'protobufjs';

/**
 * Java's `metadata_service_v2.proto` (dubbo-metadata-api), the part a consumer calls. Providers
 * with `meta-v=2.0.0` serve it over Triple, version 2.0.0, in the group named after their
 * application (governance.md §2.3, §11.6). Older copies name the request `RevisionV2 {value}`:
 * the same bytes on the wire.
 */
const METADATA_SERVICE_V2_PROTO = `
syntax = "proto3";
package org.apache.dubbo.metadata;
service MetadataServiceV2 {
  rpc GetMetadataInfo(MetadataRequest) returns (MetadataInfoV2);
}
message MetadataRequest { string revision = 1; }
message MetadataInfoV2 {
  string app = 1;
  string version = 2;
  map<string, ServiceInfoV2> services = 3;
}
message ServiceInfoV2 {
  string name = 1;
  string group = 2;
  string version = 3;
  string protocol = 4;
  int32 port = 5;
  string path = 6;
  map<string, string> params = 7;
}
`;

export const METADATA_SERVICE_V2 = 'org.apache.dubbo.metadata.MetadataServiceV2';

let root: protobuf.Root | undefined;

function metadataRoot(): protobuf.Root {
  root ??= protobuf.parse(METADATA_SERVICE_V2_PROTO, { keepCase: true }).root;
  return root;
}

export interface MetadataCallOptions {
  /** Default 5000 ms (`dubbo.application.metadata.proxy.delay`'s default, governance.md §2.3). */
  readonly timeoutMs?: number;
  /** Sent as `tri-consumer-appname`. */
  readonly application?: string;
}

/**
 * Calls `GetMetadataInfo(revision)` on one instance over Triple (h2c) and resolves with the decoded
 * `MetadataInfoV2` message. One short-lived connection per call: metadata is fetched once per
 * revision, and keeping a channel per instance would hold sockets to every provider.
 */
export async function fetchMetadataInfoV2(
  endpoint: string,
  app: string,
  revision: string,
  options: MetadataCallOptions = {},
): Promise<ProtoMessage> {
  const descriptor = protoService(metadataRoot(), METADATA_SERVICE_V2, { version: '2.0.0', group: app });
  const transport = createHttp2Transport(endpoint);
  try {
    const client = createClient(descriptor, transport, { application: options.application });
    return await client.getMetadataInfo({ revision }, { timeoutMs: options.timeoutMs ?? 5_000 });
  } finally {
    await transport.close();
  }
}
