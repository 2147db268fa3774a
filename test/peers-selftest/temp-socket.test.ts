import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { releaseSocketPath, tempSocketPath } from '../peers/temp-socket.js';

describe('tempSocketPath', () => {
  it('gives a short path in a fresh directory under os.tmpdir()', () => {
    const a = tempSocketPath('a.sock');
    const b = tempSocketPath('a.sock');
    try {
      expect(a.startsWith(tmpdir())).toBe(true);
      expect(a.endsWith('/a.sock')).toBe(true);
      expect(dirname(a)).not.toBe(dirname(b));
      expect(existsSync(dirname(a))).toBe(true);
      expect(existsSync(a)).toBe(false);
      expect(Buffer.byteLength(a)).toBeLessThanOrEqual(107);
    } finally {
      releaseSocketPath(a);
      releaseSocketPath(b);
    }
  });

  it('refuses a name that makes the path longer than 107 bytes', () => {
    expect(() => tempSocketPath('x'.repeat(120))).toThrow(/longer than 107 bytes/);
  });

  it('releaseSocketPath removes the socket file and the directory it made', () => {
    const path = tempSocketPath('r.sock');
    writeFileSync(path, '');
    releaseSocketPath(path);
    expect(existsSync(path)).toBe(false);
    expect(existsSync(dirname(path))).toBe(false);
  });
});
