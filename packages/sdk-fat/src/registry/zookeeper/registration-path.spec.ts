import { describe, expect, it } from 'vitest';
import { parseMapping } from './application-level-registry.js';
import { registrationPath } from './interface-level-registry.js';

describe('registrationPath', () => {
  it('puts a URL under its interface and category, encoded as Java does', () => {
    expect(
      registrationPath('/dubbo', 'tri://10.0.0.1:50051/org.demo.Greeter?side=provider&methods=a,b'),
    ).toBe(
      '/dubbo/org.demo.Greeter/providers/tri%3A%2F%2F10.0.0.1%3A50051%2Forg.demo.Greeter%3Fside%3Dprovider%26methods%3Da%2Cb',
    );
    expect(
      registrationPath(
        '/dubbo',
        'consumer://10.1.0.9/org.demo.Greeter?category=consumers&interface=org.demo.Api',
      ),
    ).toMatch(/^\/dubbo\/org\.demo\.Api\/consumers\/consumer%3A/);
  });

  it('refuses a URL it cannot parse', () => {
    expect(() => registrationPath('/dubbo', 'not a url')).toThrow(/cannot register/);
  });
});

describe('parseMapping', () => {
  it('trims and deduplicates the application list (governance.md §2.2)', () => {
    expect(parseMapping(' greeter-provider,greeter-v2 ,,greeter-provider')).toEqual([
      'greeter-provider',
      'greeter-v2',
    ]);
    expect(parseMapping('')).toEqual([]);
  });
});
