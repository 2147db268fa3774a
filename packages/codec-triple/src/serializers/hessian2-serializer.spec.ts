import { describe, expect, it } from 'vitest';
import { Code } from '../code.js';
import { RpcError } from '../rpc-error.js';
import { hessian2Serializer } from './hessian2-serializer.js';

describe('hessian2Serializer', () => {
  it('writes Hessian 2.0, not 1.0 (hessian.md §0)', () => {
    expect(Buffer.from(hessian2Serializer.encode(['a'])).toString('hex')).toBe('790161');
  });

  it('reads back through the guarded reader', () => {
    expect(hessian2Serializer.decode(hessian2Serializer.encode({ a: [1, 'x', null] }))).toEqual({
      a: [1, 'x', null],
    });
    expect(() => hessian2Serializer.decode(Uint8Array.of(0x91, 0xff))).toThrowError(/trailing bytes/);
  });

  it('turns hessian.js encode failures into InvalidArgument', () => {
    try {
      hessian2Serializer.encode(10n);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(RpcError);
      expect((error as RpcError).code).toBe(Code.InvalidArgument);
    }
  });
});
