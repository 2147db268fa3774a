import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeProviderUrl, formatProviderUrl, makeProvider } from '../../provider/provider-url.js';
import { DecodedChildren } from './decoded-children.js';

/** The leaf name Java writes for the §1 example URL (URLEncoder over the whole URL). */
const JAVA_LEAF =
  'tri%3A%2F%2F10.0.0.1%3A50051%2Forg.demo.Greeter%3Fanyhost%3Dtrue%26application%3Dgreeter-provider%26dubbo%3D2.0.2' +
  '%26dynamic%3Dtrue%26interface%3Dorg.demo.Greeter%26methods%3Dgreet%2Cping%26prefer.serialization%3Dfastjson2%2Chessian2' +
  '%26release%3D3.3.0%26serialization%3Dhessian2%26service-name-mapping%3Dtrue%26side%3Dprovider%26timestamp%3D1717000000000';

describe('DecodedChildren (ZooKeeper leaf names, governance.md §1, §9 case 17)', () => {
  it("decodes Java's leaf for the §1 example", () => {
    const { urls, skipped } = new DecodedChildren().decode([JAVA_LEAF]);
    expect(skipped).toEqual([]);
    expect(urls[0]).toMatchObject({
      protocol: 'tri',
      host: '10.0.0.1',
      port: 50051,
      path: 'org.demo.Greeter',
    });
    expect(urls[0]!.params['prefer.serialization']).toBe('fastjson2,hessian2');
    expect(encodeProviderUrl(urls[0]!.url)).toBe(JAVA_LEAF);
  });

  it('round-trips any URL through the leaf encoding', () => {
    const token = fc.stringMatching(/^[A-Za-z0-9._-]{1,12}$/);
    const value = fc.string({ maxLength: 12 }).filter((v) => !/[&=#\s]/.test(v));
    fc.assert(
      fc.property(
        fc.constantFrom('tri', 'dubbo', 'rest'),
        fc.ipV4(),
        fc.integer({ min: 1, max: 65535 }),
        token,
        fc.dictionary(token, value, { maxKeys: 6 }),
        (protocol, host, port, path, params) => {
          const raw = formatProviderUrl({ protocol, address: `${host}:${port}`, path, params });
          const escaped = raw.replace(/\?.*$/, (query) =>
            query.replace(/=([^&]*)/g, (_m, v: string) => `=${encodeURIComponent(v)}`),
          );
          const { urls, skipped } = new DecodedChildren().decode([encodeProviderUrl(escaped)]);
          expect(skipped).toEqual([]);
          expect(urls[0]).toEqual(makeProvider(protocol, host, port, path, params, escaped));
        },
      ),
    );
  });

  it('skips garbage names with a reason and keeps the rest', () => {
    const { urls, skipped } = new DecodedChildren().decode(['%E0%A4%A', 'hello', JAVA_LEAF]);
    expect(urls).toHaveLength(1);
    expect(skipped).toEqual([
      { entry: '%E0%A4%A', reason: 'not valid percent-encoding' },
      { entry: 'hello', reason: 'not a URL of the form protocol://host:port/path?params' },
    ]);
  });

  it('keeps the Provider object of a name seen before, and forgets removed names', () => {
    const decoder = new DecodedChildren();
    const first = decoder.decode([JAVA_LEAF]).urls[0];
    expect(decoder.decode([JAVA_LEAF, encodeProviderUrl('tri://h:1/x')]).urls[0]).toBe(first);
    decoder.decode([]);
    expect(decoder.decode([JAVA_LEAF]).urls[0]).not.toBe(first);
  });
});
