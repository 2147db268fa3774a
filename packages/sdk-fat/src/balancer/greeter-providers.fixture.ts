import type { Invocation } from '../invocation.js';
import type { Provider } from '../provider/provider.js';
import { parseProviderUrl } from '../provider/provider-url.js';

/** Parses a provider URL the test knows to be valid. */
export function provider(url: string): Provider {
  const parsed = parseProviderUrl(url);
  if (typeof parsed === 'string') throw new Error(`bad fixture URL ${url}: ${parsed}`);
  return parsed;
}

// The providers of org.demo.Greeter in governance.md §9 (their path is the interface).
export const P1 = provider('tri://10.0.0.1:50051/org.demo.Greeter?region=hz&env=prod');
export const P2 = provider('tri://10.0.0.2:50051/org.demo.Greeter?region=sh&env=prod');
export const P3 = provider('tri://10.0.0.3:50051/org.demo.Greeter?region=hz&env=gray&dubbo.tag=gray');
export const P4 = provider('dubbo://10.0.0.4:20880/org.demo.Greeter?region=sh&env=prod&weight=200');

/** The consumer of governance.md §9: `shop-web` at 10.1.0.9 with `region=hz`. */
export const SHOP_WEB = { application: 'shop-web', host: '10.1.0.9', params: { region: 'hz' } } as const;

/** An invocation of `org.demo.Greeter` by shop-web. */
export function invocation(
  method = 'greet',
  args: readonly unknown[] | undefined = undefined,
  attachments: Record<string, string> = {},
): Invocation {
  return { service: { serviceName: 'org.demo.Greeter' }, method, args, attachments, consumer: SHOP_WEB };
}
