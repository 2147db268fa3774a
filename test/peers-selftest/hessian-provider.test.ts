import { existsSync } from 'node:fs';
import { type ClientHttp2Session, constants } from 'node:http2';
import { parse } from 'protobufjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hessian } from '../peers/hessian-js.js';
import { type HessianProviderPeer, startHessianProvider } from '../peers/hessian-provider.js';
import { tempSocketPath } from '../peers/temp-socket.js';
import { frame, type RawReply, rawGrpcCall, rawSession } from './raw-grpc-call.js';
import { waitUntil } from './wait-until.js';

// The test's own copy of triple_wrapper.proto (triple.md §4), independent of the peer's.
const wrappers = parse(
  `syntax = "proto3";
package org.apache.dubbo.triple;
message TripleRequestWrapper  { string serializeType = 1; repeated bytes args = 2; repeated string argTypes = 3; }
message TripleResponseWrapper { string serializeType = 1; bytes data = 2; string type = 3; }`,
  { keepCase: true },
).root;
const RequestWrapper = wrappers.lookupType('org.apache.dubbo.triple.TripleRequestWrapper');
const ResponseWrapper = wrappers.lookupType('org.apache.dubbo.triple.TripleResponseWrapper');

const SERVICE = '/org.apache.dubbo.demo.DemoService';

function request(args: unknown[], argTypes: string[], serializeType = 'hessian4'): Uint8Array {
  const encodedArgs = args.map((a) => hessian.encode(a, '2.0'));
  return RequestWrapper.encode(
    RequestWrapper.create({ serializeType, args: encodedArgs, argTypes }),
  ).finish();
}

interface Reply {
  raw: RawReply;
  serializeType: string;
  type: string;
  data: Buffer;
}

function responseOf(raw: RawReply): Reply {
  expect(raw.status).toBe(200);
  expect(raw.messages).toHaveLength(1);
  const fields = ResponseWrapper.toObject(ResponseWrapper.decode(raw.messages[0] ?? Buffer.alloc(0)), {
    defaults: true,
    bytes: Buffer,
  });
  return {
    raw,
    serializeType: String(fields.serializeType),
    type: String(fields.type),
    data: fields.data as Buffer,
  };
}

describe('hessian Triple provider (raw node:http2 client, protobufjs + hessian.js)', () => {
  let peer: HessianProviderPeer;
  let session: ClientHttp2Session;

  async function call(
    method: string,
    args: unknown[],
    argTypes: string[],
    serializeType = 'hessian4',
  ): Promise<RawReply> {
    return rawGrpcCall(session, `${SERVICE}/${method}`, request(args, argTypes, serializeType), {
      'tri-consumer-appname': 'selftest',
    });
  }

  async function value(method: string, args: unknown[], argTypes: string[]): Promise<[unknown, Reply]> {
    const reply = responseOf(await call(method, args, argTypes));
    expect(reply.raw.headers['tri-exception-code']).toBeUndefined();
    expect(reply.raw.trailers['grpc-status']).toBe('0');
    return [hessian.decode(reply.data, '2.0'), reply];
  }

  beforeAll(async () => {
    peer = await startHessianProvider();
    session = rawSession(peer.address);
  });

  afterAll(async () => {
    session?.destroy();
    await peer?.close();
  });

  it('answers sayHello with the bytes of the worked example in triple.md §4', async () => {
    const body = request(['world'], ['java.lang.String']);
    expect(Buffer.from(frame(body)).toString('hex')).toBe(
      '0000000024' + '0a086865737369616e34' + '120605776f726c64' + '1a106a6176612e6c616e672e537472696e67',
    );
    const raw = await rawGrpcCall(session, `${SERVICE}/sayHello`, body);
    expect(raw.headers['content-type']).toBe('application/grpc');
    expect(raw.trailers['grpc-status']).toBe('0');
    expect(frame(raw.messages[0] ?? Buffer.alloc(0)).toString('hex')).toBe(
      '000000002a0a086865737369616e34120c0b48656c6c6f20776f726c641a106a6176612e6c616e672e537472696e67',
    );
  });

  it('echoes serializeType hessian2 and records the call', async () => {
    const reply = responseOf(await call('sayHello', ['bob'], ['java.lang.String'], 'hessian2'));
    expect(reply.serializeType).toBe('hessian2');
    expect(hessian.decode(reply.data, '2.0')).toBe('Hello bob');
    const last = peer.calls.at(-1);
    expect(last).toMatchObject({
      method: 'sayHello',
      serializeType: 'hessian2',
      argTypes: ['java.lang.String'],
      args: ['bob'],
    });
    expect(last?.headers['tri-consumer-appname']).toBe('selftest');
    expect(last?.headers[':path']).toBe(`${SERVICE}/sayHello`);
  });

  it('adds ints and longs, with the declared return types', async () => {
    const [sum, intReply] = await value('add', [2, 40], ['int', 'int']);
    expect(sum).toBe(42);
    expect(intReply.type).toBe('int');
    const [longSum, longReply] = await value(
      'addLongs',
      [
        { $class: 'long', $: '9007199254740993' },
        { $class: 'long', $: 1 },
      ],
      ['long', 'long'],
    );
    expect(longSum).toBe('9007199254740994');
    expect(longReply.type).toBe('long');
  });

  it('reads a POJO and echoes a list', async () => {
    const user = { $class: 'demo.User', $: { name: 'Ann', age: 30 } };
    const [greeting, reply] = await value('greetUser', [user], ['demo.User']);
    expect(greeting).toBe('Hi Ann (30)');
    expect(reply.type).toBe('java.lang.String');
    const [list, listReply] = await value('echoList', [['a', 1, true, null]], ['java.util.List']);
    expect(list).toEqual(['a', 1, true, null]);
    expect(listReply.type).toBe('java.util.List');
  });

  it('answers noArgs and voidMethod', async () => {
    const [ok] = await value('noArgs', [], []);
    expect(ok).toBe('ok');
    expect(peer.calls.at(-1)).toMatchObject({ method: 'noArgs', argTypes: [], args: [] });
    const [, reply] = await value('voidMethod', [], []);
    expect(reply.type).toBe('void');
    expect(reply.data.toString('hex')).toBe('4e');
  });

  it('replies to fail() with a business exception as Java ≥3.2 does', async () => {
    const reply = responseOf(await call('fail', ['broken'], ['java.lang.String']));
    expect(reply.raw.headers['tri-exception-code']).toBe('3');
    expect(reply.raw.headers['grpc-status']).toBeUndefined();
    expect(reply.raw.trailers['grpc-status']).toBe('0');
    expect(reply.type).toBe('java.lang.String');
    expect(reply.serializeType).toBe('hessian4');

    const err = hessian.decode(reply.data, '2.0');
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).name).toBe('java.lang.IllegalStateException');
    expect((err as Error).message).toBe('broken');
    expect((err as Error).stack).toContain('org.apache.dubbo.demo.provider.DemoServiceImpl.fail');

    // Class def as hessian-lite writes it on JDK 17: C, name, 4 fields, in this order.
    const name = 'java.lang.IllegalStateException';
    const fields = ['suppressedExceptions', 'stackTrace', 'cause', 'detailMessage'];
    const classDef = Buffer.concat([
      Buffer.from([0x43, name.length]),
      Buffer.from(name),
      Buffer.from([0x90 + fields.length]),
      ...fields.map((f) => Buffer.concat([Buffer.from([f.length]), Buffer.from(f)])),
    ]);
    expect(reply.data.subarray(0, classDef.length).equals(classDef)).toBe(true);

    const typed = hessian.decode(reply.data, '2.0', true) as { $class: string; $: Record<string, unknown> };
    expect(typed.$class).toBe(name);
    const fieldsObj = hessian.decode(reply.data, '2.0', false) as Error & { cause: Record<string, unknown> };
    // `cause` is a back-reference to the throwable itself: hessian.js hands back its raw fields.
    expect(fieldsObj.cause.detailMessage).toBe('broken');
    expect(fieldsObj.cause.cause).toBe(fieldsObj.cause);
    const frames = fieldsObj.cause.stackTrace as Array<Record<string, unknown>>;
    expect(frames.length).toBeGreaterThanOrEqual(1);
    expect(Object.keys(frames[0] ?? {})).toEqual([
      'format',
      'lineNumber',
      'fileName',
      'methodName',
      'declaringClass',
      'moduleVersion',
      'moduleName',
      'classLoaderName',
    ]);
    expect(reply.data.includes(Buffer.from('[java.lang.StackTraceElement'))).toBe(true);
  });

  it('answers an unknown method with trailers-only grpc-status 12', async () => {
    const raw = await call('nope', [], []);
    expect(raw.status).toBe(200);
    expect(raw.headers['grpc-status']).toBe('12');
    expect(raw.body.length).toBe(0);
  });

  it.each([
    { method: 'add', argTypes: ['java.lang.Integer', 'java.lang.Integer'], args: [1, 2] },
    { method: 'sayHello', argTypes: [], args: ['x'] },
    { method: 'addLongs', argTypes: ['long'], args: [1] },
    { method: 'greetUser', argTypes: ['demo.Person'], args: [{ $class: 'demo.Person', $: { name: 'p' } }] },
  ])('rejects $method with argTypes $argTypes as UNIMPLEMENTED', async ({ method, argTypes, args }) => {
    const raw = await call(method, args, argTypes);
    expect(raw.headers['grpc-status']).toBe('12');
    const message = decodeURIComponent(String(raw.headers['grpc-message']));
    expect(message).toContain(`[${argTypes.join(',')}]`);
    expect(message).toContain('do not match declared');
  });

  it('waits in slow(), and records a cancelled slow() call', async () => {
    const [done] = await value('slow', [30], ['int']);
    expect(done).toBe('done');
    expect(peer.cancelled).toEqual([]);

    const stream = session.request({
      ':method': 'POST',
      ':path': `${SERVICE}/slow`,
      'content-type': 'application/grpc+proto',
    });
    stream.on('error', () => undefined);
    stream.end(frame(request([10_000], ['int'])));
    await new Promise((resolve) => setTimeout(resolve, 100));
    stream.close(constants.NGHTTP2_CANCEL);
    await waitUntil(() => peer.cancelled.includes('slow'), 3_000, 'cancellation of slow()');
  });

  it('serves on a Unix socket and frees it on close', async () => {
    const uds = tempSocketPath('hessian.sock');
    const udsPeer = await startHessianProvider({ uds });
    expect(udsPeer.address).toBe(`unix:${uds}`);
    const udsSession = rawSession(udsPeer.address);
    try {
      const raw = await rawGrpcCall(
        udsSession,
        `${SERVICE}/sayHello`,
        request(['uds'], ['java.lang.String']),
      );
      expect(hessian.decode(responseOf(raw).data, '2.0')).toBe('Hello uds');
    } finally {
      udsSession.destroy();
      await udsPeer.close();
    }
    expect(existsSync(uds)).toBe(false);
  });
});
