import { Server, ServerCredentials, type ServerUnaryCall, type sendUnaryData } from '@grpc/grpc-js';
import protobuf from 'protobufjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchMetadataInfoV2 } from '../../../packages/sdk-fat/src/registry/application/metadata-service-v2.js';
import { ZooKeeperConnection } from '../../../packages/sdk-fat/src/registry/zookeeper/zookeeper-connection.js';
import { ZooKeeperRegistry } from '../../../packages/sdk-fat/src/registry/zookeeper/zookeeper-registry.js';
import { startZooKeeper, type ZooKeeperPeer } from '../../peers/zookeeper.js';
import { Notifications } from './notifications.js';
import { JavaProviderNodes } from './zookeeper-nodes.js';

/** The provider side of Java's metadata_service_v2.proto, as a Java 3.3 provider serves it over Triple. */
const PROTO = `
syntax = "proto3";
package org.apache.dubbo.metadata;
message MetadataRequest { string revision = 1; }
message MetadataInfoV2 { string app = 1; string version = 2; map<string, ServiceInfoV2> services = 3; }
message ServiceInfoV2 {
  string name = 1; string group = 2; string version = 3; string protocol = 4;
  int32 port = 5; string path = 6; map<string, string> params = 7;
}
`;
const root = protobuf.parse(PROTO, { keepCase: true }).root;
const Request = root.lookupType('org.apache.dubbo.metadata.MetadataRequest');
const Info = root.lookupType('org.apache.dubbo.metadata.MetadataInfoV2');

const APP = 'greeter-provider';
const REVISION = 'a1b2c3';
const IFACE = 'org.demo.V2Greeter';

interface Served {
  server: Server;
  port: number;
  calls: { revision: string; group: string | undefined; version: string | undefined }[];
}

async function serveMetadata(): Promise<Served> {
  const calls: Served['calls'] = [];
  const server = new Server();
  server.addService(
    {
      GetMetadataInfo: {
        path: '/org.apache.dubbo.metadata.MetadataServiceV2/GetMetadataInfo',
        requestStream: false,
        responseStream: false,
        requestSerialize: (value: Record<string, unknown>) =>
          Buffer.from(Request.encode(Request.fromObject(value)).finish()),
        requestDeserialize: (bytes: Buffer) => Request.toObject(Request.decode(bytes)),
        responseSerialize: (value: Record<string, unknown>) =>
          Buffer.from(Info.encode(Info.fromObject(value)).finish()),
        responseDeserialize: (bytes: Buffer) => Info.toObject(Info.decode(bytes)),
      },
    },
    {
      GetMetadataInfo: (
        call: ServerUnaryCall<{ revision?: string }, unknown>,
        callback: sendUnaryData<unknown>,
      ) => {
        const metadata = call.metadata.getMap();
        calls.push({
          revision: call.request.revision ?? '',
          group: metadata['tri-service-group']?.toString(),
          version: metadata['tri-service-version']?.toString(),
        });
        callback(null, {
          app: APP,
          version: call.request.revision,
          services: {
            [`${IFACE}:tri`]: {
              name: IFACE,
              protocol: 'tri',
              port: 0,
              path: IFACE,
              params: { methods: 'greet', side: 'provider', application: APP },
            },
          },
        });
      },
    },
  );
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return { server, port, calls };
}

describe('MetadataServiceV2 over Triple (meta-v 2.0.0, local storage)', () => {
  let served: Served;
  let zk: ZooKeeperPeer;
  let writer: ZooKeeperConnection;

  beforeAll(async () => {
    served = await serveMetadata();
    zk = await startZooKeeper();
    writer = new ZooKeeperConnection({ connectString: zk.connectString });
    await writer.waitConnected(10_000);
  });

  afterAll(async () => {
    served?.server.forceShutdown();
    await writer?.close();
    await zk?.close();
  });

  it('calls GetMetadataInfo with the revision, group = provider app and version 2.0.0', async () => {
    const info = await fetchMetadataInfoV2(`127.0.0.1:${served.port}`, APP, REVISION);
    expect(info).toMatchObject({
      app: APP,
      services: { [`${IFACE}:tri`]: { name: IFACE, protocol: 'tri' } },
    });
    expect(served.calls.at(-1)).toEqual({ revision: REVISION, group: APP, version: '2.0.0' });
  });

  it('builds providers from instances whose metadata is only on the instance', async () => {
    const nodes = new JavaProviderNodes(writer);
    await nodes.setMapping(IFACE, APP);
    // The MetadataService params say tri on the grpc-js port; the service itself is on 50051.
    await nodes.addInstance(APP, '127.0.0.1', 50051, {
      'dubbo.metadata.revision': REVISION,
      'dubbo.metadata.storage-type': 'local',
      'dubbo.endpoints': JSON.stringify([{ port: 50051, protocol: 'tri' }]),
      'dubbo.metadata-service.url-params': JSON.stringify({
        version: '2.0.0',
        side: 'provider',
        port: String(served.port),
        protocol: 'tri',
      }),
      'meta-v': '2.0.0',
      timestamp: '1717000000000',
    });
    const registry = new ZooKeeperRegistry(`zookeeper://${zk.connectString}`, {
      application: 'shop-web',
      host: '10.1.0.9',
    });
    try {
      const seen = new Notifications();
      registry.subscribe({ serviceName: IFACE }, seen.listener);
      const last = await seen.untilAddresses(['127.0.0.1:50051']);
      expect(last.notice.discovery).toBe('application');
      expect(last.providers[0]!.params).toMatchObject({
        methods: 'greet',
        timestamp: '1717000000000',
        interface: IFACE,
      });
    } finally {
      await registry.close();
    }
  });
});
