import { describe, expect, it } from 'vitest';
import { hessianModule } from './hessian-module.js';

describe('hessianModule', () => {
  it('loads hessian.js on first use and returns the same module afterwards', () => {
    const first = hessianModule();
    expect(typeof first.encode).toBe('function');
    expect(typeof first.DecoderV2).toBe('function');
    expect(hessianModule()).toBe(first);
  });

  it('is the real hessian.js: a string round-trips as Hessian 2', () => {
    const bytes = hessianModule().encode('dubbo', '2.0');
    expect([...bytes]).toEqual([0x05, ...Buffer.from('dubbo')]);
    expect(hessianModule().decode(bytes, '2.0')).toBe('dubbo');
  });
});
