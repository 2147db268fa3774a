import { describe, expect, it } from 'vitest';
import { Code } from '../code.js';
import { RpcError } from '../rpc-error.js';
import { jsonSerializer } from './json-serializer.js';

function codeOf(run: () => unknown): Code | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof RpcError ? error.code : undefined;
  }
  return undefined;
}

describe('jsonSerializer', () => {
  it('writes UTF-8 JSON and reads it back', () => {
    const bytes = jsonSerializer.encode({ name: 'é😀', n: [1, null] });
    expect(Buffer.from(bytes).toString('utf8')).toBe('{"name":"é😀","n":[1,null]}');
    expect(jsonSerializer.decode(bytes)).toEqual({ name: 'é😀', n: [1, null] });
  });

  it('rejects values JSON cannot hold with InvalidArgument', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const value of [undefined, () => 1, 1n, cyclic])
      expect(codeOf(() => jsonSerializer.encode(value))).toBe(Code.InvalidArgument);
  });

  it('rejects invalid JSON and invalid UTF-8 with Internal', () => {
    expect(codeOf(() => jsonSerializer.decode(Buffer.from('{"a":')))).toBe(Code.Internal);
    expect(codeOf(() => jsonSerializer.decode(Uint8Array.of(0x22, 0xff, 0x22)))).toBe(Code.Internal);
  });
});
