import type { Provider } from '../../provider/provider.js';
import { providerApplication } from '../mesh/provider-application.js';

/** `order-svc.shop.svc.cluster.local`: a Kubernetes service name whose first label is the application. */
const KUBERNETES_NAME = /^([^.]+)\.[^.]+\.svc\.cluster\.local$/;

/**
 * What an Istio `host` names here (governance.md §11.8): a Kubernetes-style name stands for its first
 * label, the provider application; anything else is a Dubbo service (interface) name or an
 * application name, compared as written. `*` stands for every host.
 */
export function hostName(host: string): string {
  return KUBERNETES_NAME.exec(host)?.[1] ?? host;
}

/** The Dubbo service a provider serves: its `interface` parameter, else its URL path. */
export function providerService(provider: Provider): string {
  return provider.params.interface ?? provider.path;
}

/** Whether a provider belongs to the host `name` (already passed through `hostName`). */
export function providerOfHost(provider: Provider, name: string): boolean {
  return name === '*' || providerService(provider) === name || providerApplication(provider) === name;
}
