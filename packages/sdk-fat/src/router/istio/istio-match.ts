import type { Invocation } from '../../invocation.js';
import { consumerHasLabels } from '../mesh/consumer-label.js';
import { matchString } from '../mesh/string-match.js';
import type { IstioHttpMatch } from './istio-rule-model.js';

/** The Triple path of a call, which Istio's `uri` sees (governance.md §7, §11.8). */
export function triplePath(invocation: Invocation): string {
  return `/${invocation.service.serviceName}/${invocation.method}`;
}

/**
 * Whether a call satisfies one HTTPMatchRequest (governance.md §8: fields AND). `hasPort` answers
 * `port` from the providers of the addressed host (cached by the caller per provider set).
 */
export function matchesHttp(
  match: IstioHttpMatch,
  invocation: Invocation,
  hasPort: (port: number) => boolean,
): boolean {
  if (!match.meshTraffic) return false;
  if (match.uri) {
    const path = triplePath(invocation);
    if (!matchString(match.uri, match.ignoreUriCase ? path.toLowerCase() : path)) return false;
  }
  // Triple always sends POST.
  if (match.method && !matchString(match.method, 'POST')) return false;
  const attachments = invocation.attachments;
  for (const [name, header] of match.headers) {
    if (!matchString(header, attachments[name])) return false;
  }
  for (const [name, header] of match.withoutHeaders) {
    if (matchString(header, attachments[name])) return false;
  }
  if (!consumerHasLabels(invocation.consumer, match.sourceLabels)) return false;
  return match.port === undefined || hasPort(match.port);
}
