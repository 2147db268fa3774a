import type { ConsumerInfo, Invocation } from '../../invocation.js';
import type { Provider } from '../../provider/provider.js';
import { ProviderSet } from '../../provider/provider-set.js';
import { parseProviderUrl } from '../../provider/provider-url.js';
import { parseRuleDocuments, type RuleDocument } from '../../rules/rule-document.js';

/** A Provider from a URL, failing the test on a bad one. */
export function provider(url: string): Provider {
  const parsed = parseProviderUrl(url);
  if (typeof parsed === 'string') throw new Error(`${url}: ${parsed}`);
  return parsed;
}

const GREETER = 'org.demo.Greeter';
const COMMON = `application=greeter-provider&interface=${GREETER}`;

/** The providers of governance.md §9, of `org.demo.Greeter` in application `greeter-provider`. */
export const P1 = provider(`tri://10.0.0.1:50051/${GREETER}?${COMMON}&region=hz&env=prod`);
export const P2 = provider(`tri://10.0.0.2:50051/${GREETER}?${COMMON}&region=sh&env=prod`);
export const P3 = provider(`tri://10.0.0.3:50051/${GREETER}?${COMMON}&region=hz&env=gray&dubbo.tag=gray`);
export const P4 = provider(`dubbo://10.0.0.4:20880/${GREETER}?${COMMON}&region=sh&env=prod&weight=200`);

export const ALL = new ProviderSet([P1, P2, P3, P4]);
/** §9 case 12: what the mesh router sees once the tag router removed P3. */
export const UNTAGGED = new ProviderSet([P1, P2, P4]);

/** The consumer of §9: `shop-web` at 10.1.0.9 with `region=hz`. */
export const SHOP_WEB: ConsumerInfo = {
  application: 'shop-web',
  host: '10.1.0.9',
  params: { application: 'shop-web', region: 'hz' },
};

/** An invocation of `org.demo.Greeter.greet` by shop-web unless told otherwise. */
export function invocation(
  overrides: Partial<Omit<Invocation, 'service'>> & { serviceName?: string } = {},
): Invocation {
  const { serviceName = GREETER, ...rest } = overrides;
  return {
    service: { serviceName },
    method: 'greet',
    args: undefined,
    attachments: {},
    consumer: SHOP_WEB,
    ...rest,
  };
}

/** A random source replaying `values` in a loop. */
export function sequence(values: readonly number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length]!;
}

/** `n` evenly spread draws in [0, 1): any weighted pick over them lands exactly in proportion. */
export function evenDraws(n: number): () => number {
  return sequence(Array.from({ length: n }, (_, i) => i / n));
}

/** Rule documents from YAML text. */
export function documents(yaml: string, file = 'rules.yaml'): RuleDocument[] {
  return parseRuleDocuments(yaml, file);
}

/** Which of P1–P4 (or other named providers) a set holds, by host suffix, for readable expectations. */
export function names(set: ProviderSet): string[] {
  return set.providers.map((p) => `P${p.host.split('.').pop()}`);
}

/**
 * A copy of `set` that counts how often its `derive` filters look at a provider, to show a router
 * filters once per provider set rather than once per call.
 */
export function countingFilters(set: ProviderSet): { readonly set: ProviderSet; evaluated(): number } {
  const copy = new ProviderSet([...set.providers]);
  let evaluated = 0;
  const derive = copy.derive.bind(copy);
  copy.derive = (key, keep) =>
    derive(key, (provider) => {
      evaluated++;
      return keep(provider);
    });
  return { set: copy, evaluated: () => evaluated };
}
