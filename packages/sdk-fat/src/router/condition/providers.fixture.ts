import type { Invocation } from '../../invocation.js';
import type { Provider } from '../../provider/provider.js';
import { ProviderSet } from '../../provider/provider-set.js';
import { parseProviderUrl } from '../../provider/provider-url.js';
import { parseRuleDocuments, type RuleDocument } from '../../rules/rule-document.js';
import type { Router, RouteStep } from '../router.js';

/**
 * The providers and consumer of governance.md §9: `org.demo.Greeter` of app `greeter-provider`,
 * called by `shop-web` at 10.1.0.9 with `region=hz`.
 */
function provider(url: string): Provider {
  const parsed = parseProviderUrl(url);
  if (typeof parsed === 'string') throw new Error(`${url}: ${parsed}`);
  return parsed;
}

const APP = 'application=greeter-provider&interface=org.demo.Greeter';
export const P1 = provider(`tri://10.0.0.1:50051/org.demo.Greeter?${APP}&region=hz&env=prod`);
export const P2 = provider(`tri://10.0.0.2:50051/org.demo.Greeter?${APP}&region=sh&env=prod`);
export const P3 = provider(`tri://10.0.0.3:50051/org.demo.Greeter?${APP}&region=hz&env=gray&dubbo.tag=gray`);
export const P4 = provider(`dubbo://10.0.0.4:20880/org.demo.Greeter?${APP}&region=sh&env=prod&weight=200`);

const NAMES = new Map<Provider, string>([
  [P1, 'P1'],
  [P2, 'P2'],
  [P3, 'P3'],
  [P4, 'P4'],
]);

/** A fresh set of P1–P4 (a new set starts with empty caches). */
export function allProviders(): ProviderSet {
  return new ProviderSet([P1, P2, P3, P4]);
}

/** `['P1', 'P4']` for a result, to compare with governance.md §9. */
export function names(providers: ProviderSet): string[] {
  return providers.providers.map((p) => NAMES.get(p) ?? p.address);
}

/** An invocation of `org.demo.Greeter` by `shop-web`; `greet()` unless told otherwise. */
export function call(
  options: {
    method?: string;
    args?: unknown[];
    attachments?: Record<string, string>;
    consumerParams?: Record<string, string>;
  } = {},
): Invocation {
  return {
    service: { serviceName: 'org.demo.Greeter' },
    method: options.method ?? 'greet',
    args: options.args,
    attachments: options.attachments ?? {},
    consumer: {
      application: 'shop-web',
      host: '10.1.0.9',
      params: options.consumerParams ?? { region: 'hz' },
    },
  };
}

/** The first document of a YAML text, as the rule loader would hand it over. */
export function ruleDocument(yaml: string): RuleDocument {
  const [document] = parseRuleDocuments(yaml, 'test-rules.yaml');
  if (document === undefined) throw new Error('no document');
  return document;
}

/** Routers in chain order (governance.md §3.2), each narrowing the previous output. */
export function routeThrough(
  routers: readonly Router[],
  providers: ProviderSet,
  invocation: Invocation,
  explain?: RouteStep[],
): ProviderSet {
  let current = providers;
  for (const router of [...routers].sort((a, b) => a.priority - b.priority)) {
    current = router.route(current, invocation, explain);
  }
  return current;
}
