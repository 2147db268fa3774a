import { expect, it } from 'vitest';
import { rawSerializer } from './raw-serializer.js';

it('passes the same array through both ways, without copying', () => {
  const bytes = Uint8Array.of(1, 2, 3);
  expect(rawSerializer.encode(bytes)).toBe(bytes);
  expect(rawSerializer.decode(bytes)).toBe(bytes);
  expect(rawSerializer.name).toBe('raw');
});
