/**
 * The inbound-context middleware (@dubbo-mesh/sdk-core/context) in the real frameworks: a real HTTP
 * server on loopback, real requests with a lane header and a JSON body, the handler reading the
 * captured headers itself and through an outbound call to a real gRPC peer (which echoes the
 * request metadata it received); 24 concurrent requests in different lanes never see each other's.
 */
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { type Client, createClient, createHttp2Transport, loadProtoService } from '@dubbo-mesh/sdk-core';
import {
  currentInboundHeaders,
  fastifyInboundContext,
  inboundContext,
  koaInboundContext,
  propagateInboundHeaders,
  withInboundContext,
} from '@dubbo-mesh/sdk-core/context';
import express from 'express';
import Fastify from 'fastify';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GrpcPeer, startGrpcServer } from '../peers/grpc-server.js';
import { TEST_PROTO_PATH, TEST_SERVICE_NAME } from '../peers/test-service-definition.js';

const LANE = 'x-asm-prefer-tag';
const TestService = loadProtoService(TEST_PROTO_PATH, TEST_SERVICE_NAME);

/** What a handler saw: the lane in the handler, after awaiting, and on the provider's side. */
interface Seen {
  body: string;
  inHandler: string | undefined;
  afterAwait: string | undefined;
  outbound: string | undefined;
}

let peer: GrpcPeer;
let echo: Client<typeof TestService>;

beforeAll(async () => {
  peer = await startGrpcServer({ name: 'lanes-peer' });
  const transport = createHttp2Transport(peer.address);
  echo = createClient(TestService, transport, { interceptors: [propagateInboundHeaders([LANE])] });
});

afterAll(async () => {
  await peer?.close();
});

/** The handler every framework runs: no lane code in it. */
async function handle(body: unknown): Promise<Seen> {
  const inHandler = currentInboundHeaders()?.[LANE];
  const text = JSON.stringify(body);
  // Interleave the concurrent requests: each waits a different time before and after its call.
  await delay(Number(text.replace(/\D/g, '')) % 7);
  const reply = (await echo.unary({ message: text })) as { metadata: Record<string, string> };
  await delay(1);
  return {
    body: text,
    inHandler,
    afterAwait: currentInboundHeaders()?.[LANE],
    outbound: reply.metadata[LANE],
  };
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

function reply(response: ServerResponse, seen: Seen): void {
  response.setHeader('content-type', 'application/json');
  response.end(JSON.stringify(seen));
}

interface Started {
  url: string;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<Started> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/lane`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const FRAMEWORKS: Record<string, () => Promise<Started>> = {
  'node:http (withInboundContext)': () =>
    listen(
      createServer(withInboundContext(async (req, res) => reply(res, await handle(await readJson(req))))),
    ),
  'node:http (inboundContext without next)': () =>
    listen(
      createServer((req, res) => {
        inboundContext(req, res);
        void readJson(req)
          .then(handle)
          .then((seen) => reply(res, seen));
      }),
    ),
  'Express 5': async () => {
    const app = express();
    app.use(inboundContext);
    app.use(express.json());
    app.post('/lane', async (req, res) => {
      res.json(await handle(req.body));
    });
    return listen(createServer(app));
  },
  'Fastify 5': async () => {
    const app = Fastify();
    await app.register(fastifyInboundContext);
    app.post('/lane', async (request) => handle(request.body));
    await app.listen({ port: 0, host: '127.0.0.1' });
    return {
      url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/lane`,
      close: () => app.close(),
    };
  },
  'Koa 3': async () => {
    const app = new Koa();
    app.use(koaInboundContext);
    app.use(async (ctx) => {
      ctx.body = await handle(await readJson(ctx.req));
    });
    return listen(createServer(app.callback()));
  },
};

describe.each(Object.keys(FRAMEWORKS))('inbound context in %s', (framework) => {
  let server: Started;

  beforeAll(async () => {
    server = await FRAMEWORKS[framework]!();
  });

  afterAll(async () => {
    await server?.close();
  });

  const post = async (n: number, lane: string | undefined): Promise<Seen> => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(lane === undefined ? {} : { 'X-ASM-Prefer-Tag': lane }),
      },
      body: JSON.stringify({ n }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as Seen;
  };

  it('captures the lane header for the handler and its outbound calls', async () => {
    expect(await post(1, 'dev-alice')).toEqual({
      body: '{"n":1}',
      inHandler: 'dev-alice',
      afterAwait: 'dev-alice',
      outbound: 'dev-alice',
    });
    const untagged = await post(2, undefined);
    expect([untagged.inHandler, untagged.afterAwait, untagged.outbound]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('keeps the capture when the body arrives after the headers', async () => {
    // Body parsers read stream events, which run outside the request's async context.
    const seen = await new Promise<Seen>((resolve, reject) => {
      const call = request(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [LANE]: 'dev-late' },
      });
      call.on('response', (response) => {
        void readJson(response).then((body) => resolve(body as Seen), reject);
      });
      call.on('error', reject);
      call.flushHeaders();
      setTimeout(() => call.end('{"n":3}'), 50);
    });
    expect([seen.inHandler, seen.afterAwait, seen.outbound]).toEqual(['dev-late', 'dev-late', 'dev-late']);
  });

  it('keeps concurrent requests apart', async () => {
    const lanes = Array.from({ length: 24 }, (_, i) => (i % 4 === 3 ? undefined : `dev-${i}`));
    const seen = await Promise.all(lanes.map((lane, i) => post(i, lane)));
    seen.forEach((s, i) => {
      expect(s.body).toBe(`{"n":${i}}`);
      expect([s.inHandler, s.afterAwait, s.outbound]).toEqual([lanes[i], lanes[i], lanes[i]]);
    });
  });
});
