import type { Interceptor } from '../interceptor.js';
import type { CallRequest } from '../transport.js';
import { currentInboundHeaders } from './inbound-headers.js';

/** True when the call already carries `name` (lower-case), whatever case the caller wrote it in. */
export function hasAttachment(request: CallRequest, name: string): boolean {
  const { attachments } = request;
  if (name in attachments) return attachments[name] !== undefined;
  for (const key in attachments) if (key.toLowerCase() === name) return attachments[key] !== undefined;
  return false;
}

/**
 * An interceptor that copies these headers of the inbound request being handled to every outbound
 * call, unless the call sets them itself: lane propagation without rules (traffic-label.md, the
 * `$getInboundRequestHeader(h)` source alone). For the Thin client, whose sidecar routes on them;
 * sdk-fat's `trafficLabelInterceptor` computes labels from TrafficLabel rules instead.
 *
 * @example
 * const thin = createThinClient({ application: 'shop-web', interceptors: [propagateInboundHeaders(['x-asm-prefer-tag'])] });
 */
export function propagateInboundHeaders(names: readonly string[]): Interceptor {
  const headers = names.map((name) => name.toLowerCase());
  return (next) => (request) => {
    const inbound = currentInboundHeaders();
    if (inbound) {
      for (const header of headers) {
        const value = inbound[header];
        if (value !== undefined && value !== '' && !hasAttachment(request, header)) {
          request.attachments[header] = value;
        }
      }
    }
    return next(request);
  };
}
