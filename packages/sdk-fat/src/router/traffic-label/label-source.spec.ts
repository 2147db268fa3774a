import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatLabelSource, type LabelSource, parseLabelSource } from './label-source.js';

describe('TrafficLabel sources (traffic-label.md "Sources of a value")', () => {
  it('parses the four sources, lower-casing header names', () => {
    expect(parseLabelSource('$getInboundRequestHeader(X-ASM-Prefer-Tag)')).toEqual({
      kind: 'inbound-header',
      header: 'x-asm-prefer-tag',
    });
    expect(parseLabelSource('$getExternalInboundRequestHeader(x-request-id, x-asm-prefer-tag)')).toEqual({
      kind: 'external-inbound-header',
      contextHeader: 'x-request-id',
      header: 'x-asm-prefer-tag',
    });
    expect(parseLabelSource(' $getLocalOutboundRequestHeader( lane ) ')).toEqual({
      kind: 'outbound-header',
      header: 'lane',
    });
    expect(parseLabelSource('$getLabel(ASM_TRAFFIC_TAG)')).toEqual({
      kind: 'label',
      label: 'ASM_TRAFFIC_TAG',
    });
  });

  it('explains what is wrong with a bad source', () => {
    expect(parseLabelSource('x-asm-prefer-tag')).toMatch(/^expected \$getInboundRequestHeader\(h\)/);
    expect(parseLabelSource('$getHeader(x)')).toMatch(/^unknown source \$getHeader/);
    expect(parseLabelSource('$getInboundRequestHeader(a, b)')).toBe(
      '$getInboundRequestHeader takes 1 argument, found 2',
    );
    expect(parseLabelSource('$getExternalInboundRequestHeader(x-request-id)')).toBe(
      '$getExternalInboundRequestHeader takes 2 arguments, found 1',
    );
    expect(parseLabelSource('$getInboundRequestHeader(bad header)')).toBe(
      '$getInboundRequestHeader: "bad header" is not a valid header name',
    );
    expect(parseLabelSource('$getLabel()')).toBe('$getLabel: "" is not a valid label name');
  });

  const token = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,15}$/);
  const source: fc.Arbitrary<LabelSource> = fc.oneof(
    token.map((header) => ({ kind: 'inbound-header' as const, header })),
    fc.tuple(token, token).map(([contextHeader, header]) => ({
      kind: 'external-inbound-header' as const,
      contextHeader,
      header,
    })),
    token.map((header) => ({ kind: 'outbound-header' as const, header })),
    fc
      .stringMatching(/^[A-Za-z0-9]([A-Za-z0-9._/-]{0,10}[A-Za-z0-9])?$/)
      .map((label) => ({ kind: 'label' as const, label })),
  );

  it('reads back what it writes', () => {
    fc.assert(
      fc.property(source, (s) => {
        expect(parseLabelSource(formatLabelSource(s))).toEqual(s);
      }),
    );
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string().map((s) => `$getLabel(${s})`),
          fc.string().map((s) => `$getExternalInboundRequestHeader(${s})`),
        ),
        (text) => {
          const parsed = parseLabelSource(text);
          expect(typeof parsed === 'string' || typeof parsed.kind === 'string').toBe(true);
        },
      ),
    );
  });
});
