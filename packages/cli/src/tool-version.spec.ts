import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TOOL_VERSION } from './tool-version.js';

describe('TOOL_VERSION', () => {
  it('is the version in package.json', () => {
    const pkg: unknown = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(pkg).toMatchObject({ version: TOOL_VERSION });
  });
});
