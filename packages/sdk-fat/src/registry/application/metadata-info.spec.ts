import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMetadataInfo, parseMetadataInfoJson } from './metadata-info.js';

describe('parseMetadataInfo', () => {
  it('reads the JSON of governance.md §2.3', () => {
    const info = parseMetadataInfoJson(
      JSON.stringify({
        app: 'greeter-provider',
        revision: '02c0',
        services: {
          'org.demo.Greeter:tri': {
            name: 'org.demo.Greeter',
            protocol: 'tri',
            port: 50051,
            path: 'org.demo.Greeter',
            params: { methods: 'greet,ping', weight: '100', side: 'provider' },
          },
          'blue/org.demo.Greeter:2.0.0:tri': {
            name: 'org.demo.Greeter',
            group: 'blue',
            version: '2.0.0',
            protocol: 'tri',
            port: 0,
            params: {},
          },
        },
      }),
    );
    expect(info).toEqual({
      app: 'greeter-provider',
      revision: '02c0',
      services: [
        {
          name: 'org.demo.Greeter',
          group: undefined,
          version: undefined,
          protocol: 'tri',
          port: 50051,
          path: 'org.demo.Greeter',
          params: { methods: 'greet,ping', weight: '100', side: 'provider' },
        },
        {
          name: 'org.demo.Greeter',
          group: 'blue',
          version: '2.0.0',
          protocol: 'tri',
          port: 0,
          path: 'org.demo.Greeter',
          params: {},
        },
      ],
    });
  });

  it('takes name and protocol from the key when an entry lacks them, and stringifies param values', () => {
    const info = parseMetadataInfo({
      app: 'a',
      services: { 'g/org.x.S:1.0:tri': { params: { weight: 100, ok: true } } },
    });
    expect(info).toMatchObject({
      services: [{ name: 'org.x.S', protocol: 'tri', port: 0, params: { weight: '100', ok: 'true' } }],
    });
  });

  it('returns a reason for what cannot be metadata', () => {
    expect(parseMetadataInfoJson('nope')).toMatch(/does not parse/);
    expect(parseMetadataInfo([])).toBe('metadata is not an object');
    expect(parseMetadataInfo({ services: 'x' })).toBe('metadata "services" is not an object');
  });

  it('never throws on any JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = parseMetadataInfo(value);
        expect(typeof result === 'string' || Array.isArray(result.services)).toBe(true);
      }),
    );
  });
});
