import type { ConsumerInfo } from '../invocation.js';
import type { Provider } from '../provider/provider.js';
import { parseProviderUrl } from '../provider/provider-url.js';
import { parseRuleDocuments, type RuleDocument } from '../rules/rule-document.js';

/** A Provider from a URL, failing the test on a bad one. */
export function provider(url: string): Provider {
  const parsed = parseProviderUrl(url);
  if (typeof parsed === 'string') throw new Error(`${url}: ${parsed}`);
  return parsed;
}

export const GREETER = 'org.demo.Greeter';
const COMMON = `application=greeter-provider&interface=${GREETER}&side=provider&dubbo=2.0.2&release=3.3.0&timestamp=1717000000000`;

/** The providers of governance.md §9 as the registry holds them (raw, before the directory). */
export const P1 = provider(`tri://10.0.0.1:50051/${GREETER}?${COMMON}&region=hz&env=prod`);
export const P2 = provider(`tri://10.0.0.2:50051/${GREETER}?${COMMON}&region=sh&env=prod`);
export const P3 = provider(`tri://10.0.0.3:50051/${GREETER}?${COMMON}&region=hz&env=gray&dubbo.tag=gray`);
export const P4 = provider(`dubbo://10.0.0.4:20880/${GREETER}?${COMMON}&region=sh&env=prod&weight=200`);
export const ALL: readonly Provider[] = [P1, P2, P3, P4];

/** The consumer of §9: `shop-web` at 10.1.0.9 with `region=hz`. */
export const SHOP_WEB: ConsumerInfo = {
  application: 'shop-web',
  host: '10.1.0.9',
  params: { application: 'shop-web', region: 'hz' },
};

/** Rule documents from YAML text, as if read from `rules.yaml`. */
export function documents(yaml: string): RuleDocument[] {
  return parseRuleDocuments(yaml, 'rules.yaml');
}
