import { describe, expect, it } from 'vitest';
import type { Invocation } from '../../invocation.js';
import { matchesRequest } from './mesh-match.js';
import { parseDubboMatchRequest } from './mesh-match-parser.js';
import { invocation, SHOP_WEB } from './providers.fixture.js';
import { RuleReader } from './rule-reader.js';

const reader = new RuleReader({
  kind: 'dubbo-virtual-service',
  value: {},
  file: 'm.yaml',
  documentIndex: 0,
  startLine: 1,
  text: '',
});
const matches = (request: unknown, call: Invocation): boolean =>
  matchesRequest(parseDubboMatchRequest(reader, request, 'match'), call);

describe('mesh match requests (governance.md §3.6)', () => {
  it('matches the method name and 0-based arguments (§11.1)', () => {
    const rule = {
      method: {
        name_match: { exact: 'greet' },
        argc: 2,
        args: [
          { index: 0, num_value: { oneof: [{ range: { start: 1, end: 101 } }] } },
          { index: 1, str_value: { oneof: [{ prefix: 'vip-' }, { exact: 'admin' }] } },
        ],
      },
    };
    expect(matches(rule, invocation({ args: [50, 'vip-7'] }))).toBe(true);
    expect(matches(rule, invocation({ args: ['50', 'admin'] }))).toBe(true); // Double.valueOf(toString)
    expect(matches(rule, invocation({ args: [500, 'vip-7'] }))).toBe(false);
    expect(matches(rule, invocation({ args: ['abc', 'vip-7'] }))).toBe(false);
    expect(matches(rule, invocation({ args: [50, 7] }))).toBe(false); // str_value wants a string
    expect(matches(rule, invocation({ args: [50, 'vip-7', 1] }))).toBe(false); // argc
    expect(matches(rule, invocation({ method: 'ping', args: [50, 'vip-7'] }))).toBe(false);
    expect(matches(rule, invocation({ args: undefined }))).toBe(false); // sidecar: arguments unknown
  });

  it('matches booleans, mod, and treats an index past the arguments as no match', () => {
    expect(
      matches(
        { method: { args: [{ index: 0, bool_value: { exact: true } }] } },
        invocation({ args: [true] }),
      ),
    ).toBe(true);
    expect(
      matches(
        { method: { args: [{ index: 0, bool_value: { exact: true } }] } },
        invocation({ args: ['true'] }),
      ),
    ).toBe(false);
    const even = { method: { args: [{ index: 0, num_value: { oneof: [{ mod: 2, exact: 0 }] } }] } };
    expect(matches(even, invocation({ args: [4] }))).toBe(true);
    expect(matches(even, invocation({ args: [5n] }))).toBe(false);
    expect(
      matches(
        { method: { args: [{ index: 3, bool_value: { exact: true } }] } },
        invocation({ args: [true] }),
      ),
    ).toBe(false);
  });

  it('never matches parameter types (argp), which a JS invocation does not carry', () => {
    expect(matches({ method: { argp: [{ exact: 'java.lang.String' }] } }, invocation({ args: ['x'] }))).toBe(
      false,
    );
  });

  it('matches sourceLabels against consumer parameters, with application from the consumer', () => {
    expect(matches({ sourceLabels: { region: 'hz', application: 'shop-web' } }, invocation())).toBe(true);
    expect(matches({ sourceLabels: { region: 'sh' } }, invocation())).toBe(false);
    expect(matches({ sourceLabels: { zone: 'a' } }, invocation({ consumer: SHOP_WEB }))).toBe(false);
  });

  it('matches dubboContext and tracingContext on attachments; only empty accepts an absent one', () => {
    const lane = { attachments: { dubboContext: { lane: { exact: 'canary' } } } };
    expect(matches(lane, invocation({ attachments: { lane: 'canary' } }))).toBe(true);
    expect(matches(lane, invocation({ attachments: { lane: 'blue' } }))).toBe(false);
    expect(matches(lane, invocation())).toBe(false);
    expect(matches({ attachments: { dubboContext: { lane: { empty: '' } } } }, invocation())).toBe(true);
    const trace = { attachments: { tracingContext: { traceparent: { prefix: '00-' } } } };
    expect(matches(trace, invocation({ attachments: { traceparent: '00-abc' } }))).toBe(true);
  });

  it('evaluates headers against attachments, with lower-cased names (§11.7)', () => {
    const rule = { headers: { 'X-ASM-Prefer-Tag': { exact: 'dev-alice' } } };
    expect(matches(rule, invocation({ attachments: { 'x-asm-prefer-tag': 'dev-alice' } }))).toBe(true);
    expect(matches(rule, invocation({ attachments: { 'x-asm-prefer-tag': 'dev-bob' } }))).toBe(false);
  });

  it('requires every part of a request to hold', () => {
    const rule = {
      method: { name_match: { exact: 'greet' } },
      attachments: { dubboContext: { lane: { exact: 'canary' } } },
    };
    expect(matches(rule, invocation({ attachments: { lane: 'canary' } }))).toBe(true);
    expect(matches(rule, invocation({ method: 'ping', attachments: { lane: 'canary' } }))).toBe(false);
  });

  it('rejects threshold, which Dubbo 3 dropped, naming the key', () => {
    expect(() => parseDubboMatchRequest(reader, { threshold: { exact: 1 } }, 'match')).toThrow(
      /key match\.threshold: threshold is not evaluated/,
    );
  });
});
