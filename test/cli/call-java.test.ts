/**
 * `dubbo-mesh call --types` (Java interface, hessian2 wrapper) against an independent wrapper-mode
 * provider (test/peers/hessian-provider.ts): results, the business-exception line of cli.md, and the
 * argTypes the provider saw.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HessianProviderPeer, startHessianProvider } from '../peers/hessian-provider.js';
import { assertCliBuilt, jsonLines, runCli } from './run-cli.js';

const DEMO = 'org.apache.dubbo.demo.DemoService';

describe('dubbo-mesh call --types', () => {
  let peer: HessianProviderPeer;
  const call = (method: string, json: string | undefined, types: string, ...flags: string[]) =>
    runCli([
      'call',
      `${DEMO}/${method}`,
      ...(json === undefined ? [] : [json]),
      '--direct',
      peer.address,
      '--types',
      types,
      ...flags,
    ]);

  beforeAll(async () => {
    assertCliBuilt();
    peer = await startHessianProvider();
  });
  afterAll(() => peer?.close());

  it('calls sayHello(java.lang.String) and prints the string as JSON', async () => {
    const run = await call(
      'sayHello',
      '["world"]',
      'java.lang.String',
      '--app',
      'cli-test',
      '--attachment',
      'traceId=t-1',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('"Hello world"\n');
    const seen = peer.calls.at(-1)!;
    expect(seen).toMatchObject({ method: 'sayHello', argTypes: ['java.lang.String'], args: ['world'] });
    expect(seen.headers).toMatchObject({ 'tri-consumer-appname': 'cli-test', traceid: 't-1' });
  });

  it('calls add(int,int)', async () => {
    const run = await call('add', '[2, 40]', 'int,int');
    expect(run.code).toBe(0);
    expect(jsonLines(run.stdout)).toEqual([42]);
    expect(peer.calls.at(-1)).toMatchObject({ argTypes: ['int', 'int'], args: [2, 40] });
  });

  it('sends a POJO class named in --types with the fields of the JSON object', async () => {
    const run = await call('greetUser', '[{"name":"ann","age":30}]', 'demo.User');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(jsonLines(run.stdout)).toEqual(['Hi ann (30)']);
    expect(peer.calls.at(-1)).toMatchObject({ argTypes: ['demo.User'], args: [{ name: 'ann', age: 30 }] });
  });

  it('keeps longs beyond 2^53 exact, given and printed as strings', async () => {
    const run = await call('addLongs', '["9007199254740993", 1]', 'long,long');
    expect(run.code).toBe(0);
    expect(jsonLines(run.stdout)).toEqual(['9007199254740994']);
  });

  it("calls a method without arguments with --types ''", async () => {
    const run = await call('noArgs', undefined, '');
    expect(run.code).toBe(0);
    expect(jsonLines(run.stdout)).toEqual(['ok']);
    expect(peer.calls.at(-1)).toMatchObject({ method: 'noArgs', argTypes: [], args: [] });
    const explicit = await call('noArgs', '[]', '');
    expect(explicit.code).toBe(0);
  });

  it('prints a void result as null', async () => {
    const run = await call('voidMethod', '[]', '');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('null\n');
  });

  it('prints a business exception exactly as cli.md does, and exits 2', async () => {
    const run = await call('fail', '["no stock for item 7"]', 'java.lang.String');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.split('\n').filter((line) => line !== '');
    expect(lines).toHaveLength(1);
    // Key order is part of the contract's example; compare the text, not only the parsed value.
    expect(lines[0]).toBe(
      '{"code":2,"codeName":"UNKNOWN","message":"no stock for item 7","exception":{"class":"java.lang.IllegalStateException","message":"no stock for item 7"}}',
    );
  });

  it('reports a method the provider does not have as UNIMPLEMENTED (exit 2)', async () => {
    const run = await call('nope', '[]', '');
    expect(run.code).toBe(2);
    expect(jsonLines(run.stderr)).toEqual([expect.objectContaining({ code: 12, codeName: 'UNIMPLEMENTED' })]);
  });

  describe('usage errors exit 1 and send nothing', () => {
    const usage = async (
      run: Promise<{ code: number | null; stdout: string; stderr: string }>,
      pattern: RegExp,
    ) => {
      const before = peer.calls.length;
      const result = await run;
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(pattern);
      expect(result.code).toBe(1);
      expect(peer.calls.length).toBe(before);
    };

    it('wrong argument count', () =>
      usage(call('add', '[1]', 'int,int'), /ARGS_JSON has 1 argument but --types lists 2 \(int, int\)/));
    it('arguments for a no-argument method', () => usage(call('noArgs', '["x"]', ''), /--types lists none/));
    it('ARGS_JSON that is not an array', () =>
      usage(call('sayHello', '"world"', 'java.lang.String'), /must be a JSON array/));
    it('a value that does not fit the type', () =>
      usage(call('add', '[1, "two"]', 'int,int'), /argument 1 \(int\): expected an int32/));
    it('a short class name', () => usage(call('sayHello', '["x"]', 'String'), /write java\.lang\.String/));
    it('ARGS_JSON that is not JSON', () =>
      usage(call('sayHello', '[world]', 'java.lang.String'), /not valid JSON/));
  });
});
