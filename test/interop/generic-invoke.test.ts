/**
 * Generic invocation (`$invoke`, as Java's GenericService) against the independent Java-interface
 * provider, which answers `$invoke` the way Java's GenericFilter does (test/peers/generic-invoke.ts).
 * The wire form is triple.md §4 "Generic calls": path `/<iface>/$invoke`, argTypes
 * `[java.lang.String, [Ljava.lang.String;, [Ljava.lang.Object;]`, the three values as args.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JavaException, java } from '@dubbo-mesh/codec-triple';
import {
  Code,
  createClient,
  createGenericClient,
  createHttp2Transport,
  GENERIC_ATTACHMENTS,
  type GenericClient,
  genericService,
  type Http2Transport,
} from '@dubbo-mesh/sdk-core';
import { createFatClient } from '@dubbo-mesh/sdk-fat';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HessianProviderPeer, startHessianProvider } from '../peers/hessian-provider.js';

const SERVICE = 'org.apache.dubbo.demo.DemoService';

let provider: HessianProviderPeer;
let transport: Http2Transport;
let demo: GenericClient;

beforeAll(async () => {
  provider = await startHessianProvider();
  transport = createHttp2Transport(provider.address);
  demo = createGenericClient(transport, SERVICE, { application: 'generic-test' });
});

afterAll(async () => {
  await transport.close();
  await provider.close();
});

describe('$invoke, as Java GenericService calls it', () => {
  it('sends the generic call on the wire exactly as triple.md §4 says', async () => {
    await expect(demo.$invoke('sayHello', ['java.lang.String'], ['world'])).resolves.toBe('Hello world');
    const call = provider.calls.at(-1)!;
    expect(call.headers[':path']).toBe(`/${SERVICE}/$invoke`);
    expect(call.argTypes).toEqual(['java.lang.String', '[Ljava.lang.String;', '[Ljava.lang.Object;']);
    expect(call.args).toEqual(['sayHello', ['java.lang.String'], ['world']]);
    expect(call.serializeType).toBe('hessian4');
    expect(call.headers.generic).toBe('true');
    expect(call.headers['tri-consumer-appname']).toBe('generic-test');
  });

  it('$invokeAsync is the same call under its own name', async () => {
    await expect(demo.$invokeAsync('add', ['int', 'int'], [2, 3])).resolves.toBe(5);
    expect(provider.calls.at(-1)!.headers[':path']).toBe(`/${SERVICE}/$invokeAsync`);
  });

  it('sends a POJO as a map of its fields, or shaped by a JavaType', async () => {
    await expect(demo.$invoke('greetUser', ['demo.User'], [{ name: 'Ann', age: 30 }])).resolves.toBe(
      'Hi Ann (30)',
    );
    const User = java.pojo('demo.User', { name: 'java.lang.String', age: 'int' });
    await expect(demo.$invoke('greetUser', [User], [{ name: 'Bo', age: 7 }])).resolves.toBe('Hi Bo (7)');
    expect(provider.calls.at(-1)!.args[1]).toEqual(['demo.User']);
  });

  it('shapes longs given by name: exact beyond 2^53', async () => {
    const sum = await demo.$invoke('addLongs', ['long', 'long'], ['9007199254740993', 1n]);
    expect(String(sum)).toBe('9007199254740994');
  });

  it('a Java exception from the method is a JavaException', async () => {
    const failure = await demo.$invoke('fail', ['java.lang.String'], ['boom']).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(JavaException);
    expect(failure).toMatchObject({ className: 'java.lang.IllegalStateException', javaMessage: 'boom' });
  });

  it('argument types that name no method fail on the provider', async () => {
    await expect(demo.$invoke('add', ['long', 'long'], [1, 2])).rejects.toMatchObject({
      message: expect.stringMatching(/NoSuchMethodException/),
    });
  });

  it('argTypes and args of different lengths are refused before sending', async () => {
    const before = provider.calls.length;
    await expect(demo.$invoke('add', ['int', 'int'], [1])).rejects.toMatchObject({
      code: Code.InvalidArgument,
    });
    expect(provider.calls.length).toBe(before);
  });

  it('the descriptor works with createClient too, with version and group', async () => {
    const plain = createClient(genericService(SERVICE, { version: '1.0.0', group: 'g' }), transport);
    await expect(plain.$invoke('noArgs', [], [])).resolves.toBe('ok');
    const headers = provider.calls.at(-1)!.headers;
    expect(headers['tri-service-version']).toBe('1.0.0');
    expect(headers['tri-service-group']).toBe('g');
    expect(headers.generic).toBeUndefined();
  });
});

describe('$invoke in Fat mode (file: registry)', () => {
  it('goes to the provider the registry lists, with generic=true from the client defaults', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'generic-fat-'));
    const registry = join(dir, 'providers.yaml');
    writeFileSync(registry, `providers:\n  - tri://${provider.address}/${SERVICE}?application=demo\n`);
    const fat = createFatClient({ application: 'generic-fat', registry: `file:${registry}` });
    try {
      const generic = fat.client(genericService(SERVICE), { defaults: { attachments: GENERIC_ATTACHMENTS } });
      await expect(generic.$invoke('add', ['int', 'int'], [40, 2])).resolves.toBe(42);
      const call = provider.calls.at(-1)!;
      expect(call.headers[':path']).toBe(`/${SERVICE}/$invoke`);
      expect(call.headers.generic).toBe('true');
    } finally {
      await fat.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
