import { describe, expect, it } from 'vitest';
import { parseProviderUrl } from '../provider/provider-url.js';
import { matchesProvider, matchesServiceInfo, providerInterface } from './service-match.js';

function url(text: string) {
  const parsed = parseProviderUrl(text);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

const G = 'org.demo.Greeter';

describe('matchesProvider (Java UrlUtils.isMatch)', () => {
  const plain = url(`tri://10.0.0.1:50051/${G}?interface=${G}`);
  const versioned = url(`tri://10.0.0.1:50051/${G}?interface=${G}&version=1.0.0&group=blue`);

  it('matches the interface from `interface`, else the path, or `*`', () => {
    expect(providerInterface(url(`tri://h:1/path.Name?interface=${G}`))).toBe(G);
    expect(providerInterface(url('tri://h:1/path.Name'))).toBe('path.Name');
    expect(matchesProvider({ serviceName: G }, plain)).toBe(true);
    expect(matchesProvider({ serviceName: 'org.demo.Other' }, plain)).toBe(false);
    expect(matchesProvider({ serviceName: '*' }, plain)).toBe(true);
  });

  it('matches group by `*`, equality, or a comma list; absent only absent', () => {
    expect(matchesProvider({ serviceName: G, group: 'blue', version: '1.0.0' }, versioned)).toBe(true);
    expect(matchesProvider({ serviceName: G, group: '*', version: '1.0.0' }, versioned)).toBe(true);
    expect(matchesProvider({ serviceName: G, group: 'red, blue', version: '1.0.0' }, versioned)).toBe(true);
    expect(matchesProvider({ serviceName: G, group: 'red', version: '1.0.0' }, versioned)).toBe(false);
    expect(matchesProvider({ serviceName: G, version: '1.0.0' }, versioned)).toBe(false);
    expect(matchesProvider({ serviceName: G, group: '' }, plain)).toBe(true);
  });

  it('matches version by `*` or equality (no lists, as Java)', () => {
    expect(matchesProvider({ serviceName: G, group: 'blue', version: '*' }, versioned)).toBe(true);
    expect(matchesProvider({ serviceName: G, group: 'blue', version: '2.0.0' }, versioned)).toBe(false);
    expect(matchesProvider({ serviceName: G, group: 'blue', version: '1.0.0,2.0.0' }, versioned)).toBe(false);
    expect(matchesProvider({ serviceName: G, version: '1.0.0' }, plain)).toBe(false);
  });

  it('leaves out enabled=false providers', () => {
    expect(matchesProvider({ serviceName: G }, url(`tri://h:1/${G}?enabled=false`))).toBe(false);
    expect(matchesProvider({ serviceName: G }, url(`tri://h:1/${G}?enabled=true`))).toBe(true);
  });
});

describe('matchesServiceInfo (Java ServiceKey.Matcher)', () => {
  const info = { name: G, group: 'blue', version: '1.0.0' };

  it('needs the exact interface', () => {
    expect(matchesServiceInfo({ serviceName: G, group: '*', version: '*' }, info)).toBe(true);
    expect(matchesServiceInfo({ serviceName: '*', group: '*', version: '*' }, info)).toBe(false);
  });

  it('takes `*`, equality or comma lists for version and group; absent matches absent', () => {
    expect(matchesServiceInfo({ serviceName: G, group: 'blue', version: '1.0.0' }, info)).toBe(true);
    expect(matchesServiceInfo({ serviceName: G, group: 'red,blue', version: '2.0.0,1.0.0' }, info)).toBe(
      true,
    );
    expect(matchesServiceInfo({ serviceName: G, group: 'blue' }, info)).toBe(false);
    expect(matchesServiceInfo({ serviceName: G }, { name: G, group: undefined, version: '' })).toBe(true);
  });
});
