import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureIo } from '../capture-io.fixture.js';
import { main } from '../main.js';

const dir = mkdtempSync(join(tmpdir(), 'gen-command-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const proto = join(dir, 'hello.proto');
writeFileSync(
  proto,
  'syntax = "proto3";\npackage hi;\nmessage Req { string name = 1; }\nservice Hello { rpc Say(Req) returns (Req); }\n',
);

describe('dubbo-mesh gen', () => {
  it('writes the modules and prints {"files": [...]} on stdout, exit 0', async () => {
    const io = captureIo();
    const out = join(dir, 'out');
    expect(await main(['gen', proto, '--out', out], io)).toBe(0);
    expect(io.err).toBe('');
    expect(JSON.parse(io.out)).toEqual({ files: [join(out, 'hello.ts')] });
    const text = readFileSync(join(out, 'hello.ts'), 'utf8');
    expect(text).toContain('export const Hello: ServiceDescriptor<HelloMethods>');
    expect(text).toContain("readonly say: MethodDescriptor<ReqInit, Req, 'unary'>;");
  });

  it('leaves a module whose text would not change untouched', async () => {
    const out = join(dir, 'again');
    expect(await main(['gen', proto, '--out', out], captureIo())).toBe(0);
    const file = join(out, 'hello.ts');
    const past = new Date('2001-01-01T00:00:00Z');
    utimesSync(file, past, past);
    expect(await main(['gen', proto, '--out', out], captureIo())).toBe(0);
    expect(statSync(file).mtime.getTime()).toBe(past.getTime());
  });

  it.each([
    [['gen', proto], /gen needs --out <dir>/],
    [['gen', '--out', dir], /gen needs at least one \.proto file/],
    [['gen', join(dir, 'hello.txt'), '--out', dir], /hello\.txt is not a \.proto file/],
    [['gen', proto, '--out', dir, '--proto', 'x'], /gen: Unknown option '--proto'/],
  ])('%j is a usage error (exit 1)', async (argv, pattern) => {
    const io = captureIo();
    expect(await main(argv, io)).toBe(1);
    expect(io.out).toBe('');
    expect(io.err).toMatch(pattern);
  });

  it('an --out that cannot be written is a usage error naming it', async () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, '');
    const io = captureIo();
    expect(await main(['gen', proto, '--out', blocker], io)).toBe(1);
    expect(io.err).toMatch(/--out .*a-file: cannot write/);
  });
});
