import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RuleError } from '../../rules/rule-error.js';
import { parseProviderFile } from './provider-file.js';

describe('parseProviderFile (cli.md "File registry format")', () => {
  it('reads the documented example', () => {
    const { providers, skipped } = parseProviderFile(
      `providers:
  - tri://127.0.0.1:50051/org.demo.Greeter?version=1.0.0&region=hz&application=greeter
  - tri://127.0.0.1:50052/org.demo.Greeter?version=1.0.0&region=sh&application=greeter
`,
      'providers.yaml',
    );
    expect(skipped).toEqual([]);
    expect(providers.map((p) => [p.address, p.params.region])).toEqual([
      ['127.0.0.1:50051', 'hz'],
      ['127.0.0.1:50052', 'sh'],
    ]);
  });

  it('skips entries that are not URLs, with their reason', () => {
    const { providers, skipped } = parseProviderFile('providers: ["tri://h:1/S", 42, "nope"]\n', 'p.yaml');
    expect(providers).toHaveLength(1);
    expect(skipped).toEqual([
      { entry: 'providers[1]: 42', reason: 'not a string' },
      { entry: 'providers[2]: nope', reason: 'not a URL of the form protocol://host:port/path?params' },
    ]);
  });

  it('throws a RuleError naming file, line and key for what is not a provider file', () => {
    expect(() => parseProviderFile('providers: [\n', 'p.yaml')).toThrow(RuleError);
    expect(() => parseProviderFile('providers: [\n', 'p.yaml')).toThrow(/^p\.yaml, line \d+: invalid YAML/);
    expect(() => parseProviderFile('# list\nproviders: tri://h:1/S\n', 'p.yaml')).toThrow(
      'p.yaml, line 2, key providers: "providers" must be a list of provider URLs',
    );
    expect(() => parseProviderFile('- tri://h:1/S\n', 'p.yaml')).toThrow(/must be a mapping/);
  });

  it('either parses or throws a RuleError, for any text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        try {
          parseProviderFile(text, 'p.yaml');
        } catch (error) {
          expect(error).toBeInstanceOf(RuleError);
        }
      }),
    );
  });
});
