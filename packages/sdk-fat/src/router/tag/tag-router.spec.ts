import { describe, expect, it } from 'vitest';
import type { Provider } from '../../provider/provider.js';
import { ProviderSet } from '../../provider/provider-set.js';
import { parseProviderUrl } from '../../provider/provider-url.js';
import { allProviders, call, names, P1, P2, P3, P4, ruleDocument } from '../condition/providers.fixture.js';
import type { Router, RouteStep } from '../router.js';
import { parseTagRule } from './parse-tag-rule.js';
import { createTagRouter } from './tag-router.js';

function tagRouter(yaml?: string): Router {
  return createTagRouter(yaml === undefined ? undefined : parseTagRule(ruleDocument(yaml)));
}

function route(
  router: Router,
  attachments: Record<string, string> = {},
  providers = allProviders(),
): string[] {
  return names(router.route(providers, call({ attachments })));
}

const BLUE =
  'configVersion: v3.0\nkey: greeter-provider\ntags:\n  - {name: blue, addresses: ["10.0.0.2:50051"]}\n';
const GRAY =
  'configVersion: v3.0\nkey: greeter-provider\ntags:\n  - {name: gray, match: [{key: env, value: {exact: gray}}]}\n';

describe('tag router, governance.md §9', () => {
  it('1: no rules: none → {P1,P2,P4}; gray → {P3}; blue → {P1,P2,P4}; blue + force → ∅', () => {
    const router = tagRouter();
    expect(route(router)).toEqual(['P1', 'P2', 'P4']);
    expect(route(router, { 'dubbo.tag': 'gray' })).toEqual(['P3']);
    expect(route(router, { 'dubbo.tag': 'blue' })).toEqual(['P1', 'P2', 'P4']);
    expect(route(router, { 'dubbo.tag': 'blue', 'dubbo.force.tag': 'true' })).toEqual([]);
  });

  it('2: rule blue: [10.0.0.2:50051]: none → {P1,P4}; blue → {P2}; gray|x → {P1,P4}', () => {
    const router = tagRouter(BLUE);
    expect(route(router)).toEqual(['P1', 'P4']);
    expect(route(router, { 'dubbo.tag': 'blue' })).toEqual(['P2']);
    expect(route(router, { 'dubbo.tag': 'gray|x' })).toEqual(['P1', 'P4']);
  });

  it('3: rule gray: match env=gray: none → {P1,P2,P4}; gray → {P3}; gray|x → {P3}', () => {
    const router = tagRouter(GRAY);
    expect(route(router)).toEqual(['P1', 'P2', 'P4']);
    expect(route(router, { 'dubbo.tag': 'gray' })).toEqual(['P3']);
    expect(route(router, { 'dubbo.tag': 'gray|x' })).toEqual(['P3']);
  });
});

describe('tag router details (Java TagStateRouter)', () => {
  it('takes the tag from the consumer when the call has none, and the force flag likewise', () => {
    const router = tagRouter();
    const providers = allProviders();
    const consumerTagged = call({ consumerParams: { region: 'hz', 'dubbo.tag': 'gray' } });
    expect(names(router.route(providers, consumerTagged))).toEqual(['P3']);
    const forced = call({ consumerParams: { 'dubbo.tag': 'blue', 'dubbo.force.tag': 'TRUE' } });
    expect(names(router.route(providers, forced))).toEqual([]);
    const overridden = call({
      attachments: { 'dubbo.force.tag': 'false' },
      consumerParams: { 'dubbo.tag': 'blue', 'dubbo.force.tag': 'true' },
    });
    expect(names(router.route(providers, overridden))).toEqual(['P1', 'P2', 'P4']);
  });

  it('the force flag disables hierarchical lookup and the untagged fallback', () => {
    const router = tagRouter(GRAY);
    expect(route(router, { 'dubbo.tag': 'gray|x', 'dubbo.force.tag': 'true' })).toEqual([]);
  });

  it('a tag whose addresses hold no provider falls back, or returns ∅ when the rule forces', () => {
    const gone = 'key: greeter-provider\ntags: [{name: blue, addresses: ["10.9.9.9:1"]}]\n';
    expect(route(tagRouter(gone), { 'dubbo.tag': 'blue' })).toEqual(['P1', 'P2', 'P4']);
    expect(route(tagRouter(`force: true\n${gone}`), { 'dubbo.tag': 'blue' })).toEqual([]);
  });

  it('a tag without addresses uses the static dubbo.tag (full string)', () => {
    const router = tagRouter(BLUE);
    expect(route(router, { 'dubbo.tag': 'gray' })).toEqual(['P3']);
  });

  it('no tag: every provider in some tag → ∅', () => {
    const all = 'key: greeter-provider\ntags: [{name: all, addresses: ["10.0.0.0/24"]}]\n';
    expect(route(tagRouter(all))).toEqual([]);
    expect(route(tagRouter(all), { 'dubbo.tag': 'all' })).toEqual(['P1', 'P2', 'P3', 'P4']);
  });

  it('a disabled rule gives the static semantics', () => {
    expect(route(tagRouter(`enabled: false\n${BLUE}`))).toEqual(['P1', 'P2', 'P4']);
  });

  it("applies the rule only to the rule app's providers; others get static semantics", () => {
    const other = parseProviderUrl('tri://10.0.0.9:50051/org.demo.Greeter?application=other-app&region=hz');
    const otherTagged = parseProviderUrl(
      'tri://10.0.0.8:50051/org.demo.Greeter?application=other-app&dubbo.tag=blue',
    );
    if (typeof other === 'string' || typeof otherTagged === 'string') throw new Error('bad URL');
    const providers = new ProviderSet([P1, P2, other, P3, otherTagged, P4]);
    const router = tagRouter(BLUE);
    const plain = router.route(providers, call());
    expect(plain.providers).toEqual([P1, other, P4]);
    const blue = router.route(providers, call({ attachments: { 'dubbo.tag': 'blue' } }));
    expect(blue.providers).toEqual([P2, otherTagged]);
    // Unions are cached per pair of outcomes: the same object on the next call.
    expect(router.route(providers, call({ attachments: { 'dubbo.tag': 'blue' } }))).toBe(blue);
  });

  it('explains its decision', () => {
    const explain: RouteStep[] = [];
    tagRouter(BLUE).route(allProviders(), call({ attachments: { 'dubbo.tag': 'blue' } }), explain);
    expect(explain).toEqual([
      {
        router: 'tag',
        before: 4,
        after: 1,
        rule: 'tag "blue": addresses of tag blue (test-rules.yaml document 0)',
      },
    ]);
  });

  it('has priority 100 and passes an empty list through', () => {
    const router = tagRouter();
    expect(router.priority).toBe(100);
    expect(router.route(ProviderSet.EMPTY, call())).toBe(ProviderSet.EMPTY);
  });
});

/** Copies of P1–P4 that count every read of their fields and parameters. */
function countingProviders(): { providers: ProviderSet; reads: () => number } {
  let reads = 0;
  const count = <T extends object>(target: T): T =>
    new Proxy(target, {
      get: (t, key) => {
        if (key !== 'params') reads++;
        const value = Reflect.get(t, key);
        return key === 'params' ? count(value as object) : value;
      },
      getOwnPropertyDescriptor: (t, key) => {
        reads++;
        return Reflect.getOwnPropertyDescriptor(t, key);
      },
    });
  const counted = [P1, P2, P3, P4].map((p): Provider => count({ ...p }));
  return { providers: new ProviderSet(counted), reads: () => reads };
}

describe('tag router per-call cost (performance contract)', () => {
  it('reads no provider after the first call per tag outcome on a provider set', () => {
    for (const yaml of [undefined, BLUE, GRAY]) {
      const router = tagRouter(yaml);
      const { providers, reads } = countingProviders();
      const tags: Record<string, string>[] = [
        {},
        { 'dubbo.tag': 'gray' },
        { 'dubbo.tag': 'blue' },
        { 'dubbo.tag': 'gray|x|y' },
      ];
      const first = tags.map((attachments) => router.route(providers, call({ attachments })));
      const afterFirst = reads();
      expect(afterFirst).toBeGreaterThan(0);
      for (let i = 0; i < 50; i++) {
        tags.forEach((attachments, j) => {
          expect(router.route(providers, call({ attachments }))).toBe(first[j]);
        });
      }
      expect(reads()).toBe(afterFirst);
    }
  });
});
