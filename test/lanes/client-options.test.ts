/**
 * How each client installs lane labelling, against a real gRPC peer that echoes the request
 * metadata it received: Fat (on by default, `trafficLabels: false`, workload labels), Thin through
 * our sidecar (`propagateHeaders`), a lazy mesh client (labels from the rule files before any Fat
 * engine exists), and `$getExternalInboundRequestHeader` for a call made outside the request's
 * async context, matched by the id the middleware indexed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Client, loadProtoService } from '@dubbo-mesh/sdk-core';
import { inboundContext, inboundRequests, runWithInboundHeaders } from '@dubbo-mesh/sdk-core/context';
import { createFatClient, createMeshClient, type FatClientOptions } from '@dubbo-mesh/sdk-fat';
import { createThinClient } from '@dubbo-mesh/sdk-thin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// test/ does not depend on the sidecar package (test/sidecar imports it the same way).
import { type Sidecar, startSidecar } from '../../packages/sidecar/src/index.js';
import { type GrpcPeer, startGrpcServer } from '../peers/grpc-server.js';
import { TEST_PROTO_PATH, TEST_SERVICE_NAME } from '../peers/test-service-definition.js';

const LANE = 'x-asm-prefer-tag';
const TestService = loadProtoService(TEST_PROTO_PATH, TEST_SERVICE_NAME);
const RULES = `apiVersion: istio.alibabacloud.com/v1
kind: TrafficLabel
metadata: { name: lanes }
spec:
  rules:
    - labels:
        - name: ${LANE}
          valueFrom:
            - $getInboundRequestHeader(${LANE})
            - $getExternalInboundRequestHeader(x-request-id, ${LANE})
            - $getLabel(ASM_TRAFFIC_TAG)
`;

let dir: string;
let peer: GrpcPeer;
let registry: string;
let rules: string;
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dm-lane-options-'));
  peer = await startGrpcServer({ name: 'echo' });
  registry = `file:${join(dir, 'providers.yaml')}`;
  writeFileSync(
    join(dir, 'providers.yaml'),
    `providers:\n  - tri://${peer.address}/${TEST_SERVICE_NAME}?application=echo&interface=${TEST_SERVICE_NAME}\n`,
  );
  rules = join(dir, 'lanes.yaml');
  writeFileSync(rules, RULES);
});

afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await peer?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The lane header the provider received for one call. */
async function laneSent(
  client: Client<typeof TestService>,
  inbound?: Record<string, string>,
): Promise<unknown> {
  const call = async () =>
    ((await client.unary({ message: 'x' })) as { metadata: Record<string, string> }).metadata[LANE];
  return inbound ? runWithInboundHeaders(inbound, call) : call();
}

function fat(options: Partial<FatClientOptions> = {}): Client<typeof TestService> {
  const client = createFatClient({ application: 'shop-web', registry, rules, ...options });
  closers.push(() => client.close());
  return client.client(TestService);
}

describe('Fat client', () => {
  it('labels calls from the captured inbound request by default', async () => {
    const client = fat();
    expect(await laneSent(client, { [LANE]: 'dev-alice' })).toBe('dev-alice');
    expect(await laneSent(client)).toBeUndefined();
  });

  it('uses its workload labels when the request has no lane, and can be turned off', async () => {
    expect(await laneSent(fat({ trafficLabels: { workloadLabels: { ASM_TRAFFIC_TAG: 'dev-own' } } }))).toBe(
      'dev-own',
    );
    expect(await laneSent(fat({ trafficLabels: false }), { [LANE]: 'dev-alice' })).toBeUndefined();
  });
});

describe('through the sidecar', () => {
  let sidecar: Sidecar;

  beforeAll(async () => {
    sidecar = await startSidecar({ listen: join(dir, 'sidecar.sock'), registry, rules, log: () => {} });
    closers.push(() => sidecar.close());
  });

  it('the Thin client propagates the named inbound headers', async () => {
    const thin = createThinClient({
      application: 'shop-web',
      sidecar: `unix:${sidecar.socketPath}`,
      propagateHeaders: [LANE],
    });
    closers.push(() => thin.close());
    const client = thin.client(TestService);
    expect(await laneSent(client, { [LANE]: 'dev-alice' })).toBe('dev-alice');
    expect(await laneSent(client)).toBeUndefined();
  });

  it('a lazy mesh client labels Thin calls from its rule files before any Fat engine exists', async () => {
    const mesh = createMeshClient({
      application: 'shop-web',
      sidecar: `unix:${sidecar.socketPath}`,
      registry,
      rules,
      lazy: true,
    });
    closers.push(() => mesh.close());
    expect(await laneSent(mesh.client(TestService), { [LANE]: 'dev-bob' })).toBe('dev-bob');
    expect(mesh.mode).toBe('thin');
  });
});

describe('$getExternalInboundRequestHeader', () => {
  let server: Server;
  let url: string;
  const client = () => fat();
  /** Calls made by a worker outside any request's async context, carrying the request id. */
  const queue: { id: string; done: (lane: unknown) => void }[] = [];

  beforeAll(async () => {
    const echo = client();
    // Started before any request: its calls run in no request's async context.
    const worker = setInterval(() => {
      for (const job of queue.splice(0)) {
        void echo
          .unary({ message: 'queued' }, { attachments: { 'x-request-id': job.id } })
          .then((reply) => job.done((reply as { metadata: Record<string, string> }).metadata[LANE]));
      }
    }, 5);
    closers.push(async () => clearInterval(worker));
    server = createServer((req, res) => {
      inboundContext(req, res);
      queue.push({ id: String(req.headers['x-request-id']), done: (lane) => res.end(String(lane)) });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    // A first labelled call makes the middleware index requests by x-request-id (the rule names it).
    await laneSent(echo, {});
  });

  it('labels a call made outside the request by the id it carries, while the request is in flight', async () => {
    const lanes = await Promise.all(
      ['dev-alice', 'dev-bob', 'dev-carol'].map(async (lane, i) => {
        const response = await fetch(url, { headers: { 'x-request-id': `req-${i}`, [LANE]: lane } });
        return response.text();
      }),
    );
    expect(lanes).toEqual(['dev-alice', 'dev-bob', 'dev-carol']);
    await expect.poll(() => inboundRequests.size).toBe(0);
  });
});
