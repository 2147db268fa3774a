import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GrpcPeer, startGrpcServer } from '../peers/grpc-server.js';
import { hasHaproxy, startHaproxy } from '../peers/haproxy.js';
import { hasNginx, type ProxyPeer, startNginx } from '../peers/nginx.js';
import { releaseSocketPath, tempSocketPath } from '../peers/temp-socket.js';
import { rawGrpcCall, rawSession } from './raw-grpc-call.js';
import { TestServiceClient } from './test-service-client.js';
import { waitUntil } from './wait-until.js';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const proxies = [
  {
    name: 'nginx',
    installed: hasNginx(),
    install: 'apt-get install -y nginx-light',
    start: (socketPath: string, upstream: string) => startNginx({ socketPath, upstream }),
  },
  {
    name: 'haproxy',
    installed: hasHaproxy(),
    install: 'apt-get install -y haproxy',
    start: (socketPath: string, upstream: string) => startHaproxy({ socketPath, upstream }),
  },
];

describe.each(proxies)('$name on a Unix socket in front of the grpc-js peer', (proxy) => {
  let upstream: GrpcPeer;
  let peer: ProxyPeer;
  let client: TestServiceClient;

  beforeAll(async () => {
    if (!proxy.installed) throw new Error(`${proxy.name} is not installed: ${proxy.install}`);
    upstream = await startGrpcServer({ name: `behind-${proxy.name}` });
    peer = await proxy.start(tempSocketPath(`${proxy.name}.sock`), upstream.address);
    client = new TestServiceClient(`unix:${peer.socketPath}`);
  });

  afterAll(async () => {
    client?.close();
    await peer?.close();
    await upstream?.close();
  });

  it('passes a unary call, its metadata, header and trailers', async () => {
    const out = await client.unary({ message: 'via' }, { metadata: { 'tri-service-group': 'g1' } });
    expect(out.error).toBeUndefined();
    expect(out.response?.server).toBe(`behind-${proxy.name}`);
    expect(out.response?.metadata['tri-service-group']).toBe('g1');
    expect(out.headers.get('x-echo-header')).toEqual(['via']);
    expect(out.status.metadata.get('x-echo-trailer')).toEqual(['via']);
    expect(out.status.metadata.get('x-bin-bin')).toEqual([Buffer.from([1, 2, 3])]);
  });

  it('passes an error status and message', async () => {
    const out = await client.unary({ message: 'e', failCode: 7, failMessage: 'denied here' });
    expect(out.error?.code).toBe(7);
    expect(out.error?.details).toBe('denied here');
  });

  it('passes server, client and bidi streams', async () => {
    const server = await client.serverStream({ message: 's', count: 4 });
    expect(server.responses.map((r) => r.index)).toEqual([0, 1, 2, 3]);
    expect((await client.clientStream([{ message: '1' }, { message: '2' }])).message).toBe('1,2');
    const bidi = await client.bidi([{ message: 'p' }, { message: 'q' }]);
    expect(bidi.responses.map((r) => r.message)).toEqual(['p', 'q']);
  });

  it('close() stops the process and removes its socket', async () => {
    const extraUpstream = upstream.address;
    const extra = await proxy.start(tempSocketPath('extra.sock'), extraUpstream);
    expect(processAlive(extra.pid)).toBe(true);
    await extra.close();
    expect(processAlive(extra.pid)).toBe(false);
    expect(existsSync(extra.socketPath)).toBe(false);
  });
});

describe('nginx keepaliveRequests', () => {
  it('sets keepalive_requests: nginx sends GOAWAY after that many streams', async () => {
    if (!hasNginx()) throw new Error('nginx is not installed: apt-get install -y nginx-light');
    const upstream = await startGrpcServer();
    const nginx = await startNginx({
      socketPath: tempSocketPath('ka.sock'),
      upstream: upstream.address,
      keepaliveRequests: 3,
    });
    const session = rawSession(`unix:${nginx.socketPath}`);
    let goaway = false;
    session.on('goaway', () => {
      goaway = true;
    });
    const client = new TestServiceClient(`unix:${nginx.socketPath}`);
    try {
      for (let i = 0; i < 3; i++) {
        // An empty message is a valid EchoRequest with every field at its default.
        const reply = await rawGrpcCall(session, '/dubbomesh.test.TestService/Unary', new Uint8Array(0));
        expect(reply.trailers['grpc-status']).toBe('0');
      }
      await waitUntil(() => goaway, 3_000, 'GOAWAY from nginx');
      // grpc-js reconnects across the GOAWAYs.
      for (let i = 0; i < 7; i++) {
        expect((await client.unary({ message: `n${i}` })).response?.message).toBe(`n${i}`);
      }
    } finally {
      session.destroy();
      client.close();
      await nginx.close();
      await upstream.close();
    }
  });
});

describe('a proxy that cannot start', () => {
  it('rejects with the process output', async () => {
    if (!hasNginx()) throw new Error('nginx is not installed: apt-get install -y nginx-light');
    // A socket path inside a missing directory: nginx cannot bind and exits.
    const base = tempSocketPath('x');
    try {
      const socketPath = join(dirname(base), 'missing', 'n.sock');
      await expect(startNginx({ socketPath, upstream: '127.0.0.1:1' })).rejects.toThrow(
        /nginx exited before listening[\s\S]*No such file or directory/,
      );
    } finally {
      releaseSocketPath(base);
    }
  });
});
