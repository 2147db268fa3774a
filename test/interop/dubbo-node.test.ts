/**
 * Interop with a third-party Triple server: @apachedubbo/dubbo-node 3.0.0-alpha. It routes on
 * `:path` + `tri-service-version` + `tri-service-group` (triple.md §2), so the same service
 * registered twice answers differently per version/group, and a wrong pair is a plain HTTP 404,
 * which the client must report as UNIMPLEMENTED (triple.md §5).
 */
import { fileURLToPath } from 'node:url';
import {
  Code,
  createClient,
  createHttp2Transport,
  type Http2Transport,
  loadProtoService,
} from '@dubbo-mesh/sdk-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DubboNodePeer, startDubboNodeServer } from '../peers/dubbo-node-server.js';

const protoPath = fileURLToPath(new URL('../peers/proto/greeter.proto', import.meta.url));

describe('sdk-core -> @apachedubbo/dubbo-node Triple server', () => {
  let peer: DubboNodePeer;
  let transport: Http2Transport;

  beforeAll(async () => {
    peer = await startDubboNodeServer();
    transport = createHttp2Transport(peer.address);
  });
  afterAll(async () => {
    await transport.close();
    await peer.close();
  });

  it.each([
    ['1.0.0', 'a', 'v1-a: hello mesh'],
    ['2.0.0', 'b', 'v2-b: hello mesh'],
  ])('routes version %s group %s by headers', async (version, group, expected) => {
    const Greeter = loadProtoService(protoPath, 'org.apache.dubbo.demo.Greeter', { version, group });
    const client = createClient(Greeter, transport, { application: 'interop' });
    await expect(client.greet({ name: 'mesh' })).resolves.toEqual({ greeting: expected });
  });

  it('reports a version/group the server does not hold as UNIMPLEMENTED', async () => {
    const Greeter = loadProtoService(protoPath, 'org.apache.dubbo.demo.Greeter', {
      version: '1.0.0',
      group: 'b',
    });
    const client = createClient(Greeter, transport);
    await expect(client.greet({ name: 'x' })).rejects.toMatchObject({ code: Code.Unimplemented });
  });
});
