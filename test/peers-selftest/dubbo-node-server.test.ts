import { readFileSync } from 'node:fs';
import type { ClientHttp2Session } from 'node:http2';
import { parse } from 'protobufjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DubboNodePeer, GREETER_PROTO, startDubboNodeServer } from '../peers/dubbo-node-server.js';
import { rawGrpcCall, rawSession } from './raw-grpc-call.js';

const protoFile = new URL('../peers/proto/greeter.proto', import.meta.url);
const root = parse(readFileSync(protoFile, 'utf8')).root;
const GreetRequest = root.lookupType('org.apache.dubbo.demo.GreetRequest');
const GreetResponse = root.lookupType('org.apache.dubbo.demo.GreetResponse');
const PATH = '/org.apache.dubbo.demo.Greeter/greet';

function greetRequest(name: string): Uint8Array {
  return GreetRequest.encode(GreetRequest.create({ name })).finish();
}

function greeting(message: Buffer | undefined): unknown {
  if (message === undefined) return undefined;
  return GreetResponse.toObject(GreetResponse.decode(message)).greeting;
}

describe('@apachedubbo/dubbo-node Greeter peer (raw node:http2 gRPC client)', () => {
  let peer: DubboNodePeer;
  let session: ClientHttp2Session;

  beforeAll(async () => {
    peer = await startDubboNodeServer();
    session = rawSession(peer.address);
  });

  afterAll(async () => {
    session?.destroy();
    await peer?.close();
  });

  it('exports the same proto text as proto/greeter.proto', () => {
    expect(readFileSync(protoFile, 'utf8')).toBe(GREETER_PROTO);
    expect(peer.address).toBe(`127.0.0.1:${peer.port}`);
  });

  it.each([
    { version: '1.0.0', group: 'a', expected: 'v1-a: hello ann' },
    { version: '2.0.0', group: 'b', expected: 'v2-b: hello ann' },
  ])('routes version $version group $group', async ({ version, group, expected }) => {
    const reply = await rawGrpcCall(session, PATH, greetRequest('ann'), {
      'tri-service-version': version,
      'tri-service-group': group,
    });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/grpc+proto');
    expect(reply.trailers['grpc-status']).toBe('0');
    expect(reply.flags).toEqual([0]);
    expect(greeting(reply.messages[0])).toBe(expected);
  });

  it('answers application/grpc with content-type application/grpc+proto', async () => {
    const reply = await rawGrpcCall(session, PATH, greetRequest('c'), {
      'content-type': 'application/grpc',
      'tri-service-version': '1.0.0',
      'tri-service-group': 'a',
    });
    expect(reply.headers['content-type']).toBe('application/grpc+proto');
    expect(greeting(reply.messages[0])).toBe('v1-a: hello c');
  });

  it.each<{ label: string; headers: Record<string, string> }>([
    { label: 'only the version', headers: { 'tri-service-version': '1.0.0' } },
    { label: 'only the group', headers: { 'tri-service-group': 'a' } },
    { label: 'neither header', headers: {} },
    { label: 'a wrong version', headers: { 'tri-service-version': '3.0.0', 'tri-service-group': 'a' } },
    { label: 'a crossed pair', headers: { 'tri-service-version': '1.0.0', 'tri-service-group': 'b' } },
  ])('answers $label with a plain HTTP 404 and no grpc-status', async ({ headers }) => {
    const reply = await rawGrpcCall(session, PATH, greetRequest('x'), headers);
    expect(reply.status).toBe(404);
    expect(reply.headers['grpc-status']).toBeUndefined();
    expect(reply.trailers['grpc-status']).toBeUndefined();
    expect(reply.body.length).toBe(0);
  });

  it('is case-sensitive in the method name', async () => {
    const reply = await rawGrpcCall(session, '/org.apache.dubbo.demo.Greeter/Greet', greetRequest('x'), {
      'tri-service-version': '1.0.0',
      'tri-service-group': 'a',
    });
    expect(reply.status).toBe(404);
  });

  it('matches on the concatenation path+version+group (version 1.0.0a, no group, reaches 1.0.0/a)', async () => {
    const reply = await rawGrpcCall(session, PATH, greetRequest('amb'), { 'tri-service-version': '1.0.0a' });
    expect(greeting(reply.messages[0])).toBe('v1-a: hello amb');
  });

  it('answers an unknown content-type with 415', async () => {
    const reply = await rawGrpcCall(session, PATH, greetRequest('x'), {
      'content-type': 'text/plain',
      'tri-service-version': '1.0.0',
      'tri-service-group': 'a',
    });
    expect(reply.status).toBe(415);
  });
});
