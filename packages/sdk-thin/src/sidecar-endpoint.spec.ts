import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { defaultSidecarEndpoint, resolveSidecarEndpoint } from './sidecar-endpoint.js';

describe('resolveSidecarEndpoint', () => {
  it('takes the given endpoint first', () => {
    expect(resolveSidecarEndpoint('127.0.0.1:15001', { DUBBO_MESH_SIDECAR: 'unix:/x.sock' })).toBe(
      '127.0.0.1:15001',
    );
  });

  it('then DUBBO_MESH_SIDECAR', () => {
    expect(resolveSidecarEndpoint(undefined, { DUBBO_MESH_SIDECAR: 'unix:/x.sock' })).toBe('unix:/x.sock');
  });

  it('then the documented default under os.tmpdir()', () => {
    expect(resolveSidecarEndpoint(undefined, {})).toBe(`unix:${tmpdir()}/dubbo-mesh/sidecar.sock`);
    expect(resolveSidecarEndpoint('', { DUBBO_MESH_SIDECAR: '' })).toBe(defaultSidecarEndpoint());
  });
});
