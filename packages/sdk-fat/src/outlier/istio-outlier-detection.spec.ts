import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRuleDocuments, type RuleDocument } from '../rules/rule-document.js';
import { RuleError } from '../rules/rule-error.js';
import { parseIstioDuration } from './istio-duration.js';
import { outlierOptionsFromIstio } from './istio-outlier-detection.js';

function destinationRule(outlierDetection: string): { document: RuleDocument; value: unknown } {
  const yaml = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: greeter}
spec:
  host: greeter-provider
  trafficPolicy:
    outlierDetection:
${outlierDetection.replace(/^/gm, '      ')}
`;
  const [document] = parseRuleDocuments(yaml, 'rules/greeter.yaml');
  const spec = document!.value.spec as { trafficPolicy: { outlierDetection: unknown } };
  return { document: document!, value: spec.trafficPolicy.outlierDetection };
}

const KEY = 'spec.trafficPolicy.outlierDetection';

describe('outlierOptionsFromIstio', () => {
  it('reads Istio’s fields in milliseconds', () => {
    const { document, value } = destinationRule(
      'consecutive5xxErrors: 7\nconsecutiveGatewayErrors: 3\ninterval: 5s\nbaseEjectionTime: 1m30s\nmaxEjectionPercent: 50',
    );
    expect(outlierOptionsFromIstio(value, document, KEY)).toEqual({
      consecutiveErrors: 7,
      consecutiveGatewayErrors: 3,
      intervalMs: 5_000,
      baseEjectionMs: 90_000,
      maxEjectionPercent: 50,
    });
  });

  it('leaves absent fields to the defaults and maps the deprecated consecutiveErrors to gateway errors', () => {
    const { document, value } = destinationRule('consecutiveErrors: 4');
    expect(outlierOptionsFromIstio(value, document, KEY)).toEqual({
      consecutiveErrors: 0,
      consecutiveGatewayErrors: 4,
    });
  });

  it('names the key and its line for a bad duration', () => {
    const { document, value } = destinationRule('consecutive5xxErrors: 5\ninterval: soon');
    let error: unknown;
    try {
      outlierOptionsFromIstio(value, document, KEY);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RuleError);
    const ruleError = error as RuleError;
    expect(ruleError.key).toBe(`${KEY}.interval`);
    expect(ruleError.line).toBe(9);
    expect(ruleError.message).toMatch(
      /^rules\/greeter\.yaml, document 0, line 9, key spec\.trafficPolicy\.outlierDetection\.interval:/,
    );
  });

  it('rejects unknown fields, negative counts and percentages over 100, naming the key', () => {
    const cases: [string, string][] = [
      ['consecutive5xxError: 5', 'consecutive5xxError'],
      ['consecutive5xxErrors: -1', 'consecutive5xxErrors'],
      ['maxEjectionPercent: 150', 'maxEjectionPercent'],
      ['baseEjectionTime: 30', 'baseEjectionTime'],
    ];
    for (const [yaml, key] of cases) {
      const { document, value } = destinationRule(yaml);
      expect(() => outlierOptionsFromIstio(value, document, KEY)).toThrow(
        expect.objectContaining({ key: `${KEY}.${key}` }),
      );
    }
  });

  it('rejects a value that is not a mapping', () => {
    const { document } = destinationRule('interval: 1s');
    expect(() => outlierOptionsFromIstio('often', document, KEY)).toThrow(RuleError);
  });
});

describe('parseIstioDuration', () => {
  const UNITS: [string, number][] = [
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1_000],
    ['ms', 1],
  ];

  it('sums Go-style components (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: 10_000 }), fc.constantFrom(...UNITS)), {
          minLength: 1,
          maxLength: 4,
        }),
        (parts) => {
          const text = parts.map(([n, [unit]]) => `${n}${unit}`).join('');
          expect(parseIstioDuration(text)).toBe(parts.reduce((sum, [n, [, ms]]) => sum + n * ms, 0));
        },
      ),
    );
  });

  it('reads fractions and rejects the rest', () => {
    expect(parseIstioDuration('1.5s')).toBe(1_500);
    expect(parseIstioDuration('250us')).toBe(0.25);
    for (const bad of ['', '10', '-1s', '1d', 's', '1 s']) expect(parseIstioDuration(bad)).toBeUndefined();
  });
});
