import type { TextMapSetter } from '@opentelemetry/api';
import type { CallRequest } from '../transport.js';

type OutgoingAttachments = CallRequest['attachments'];

/**
 * Writes propagation fields (`traceparent`, `tracestate`, `baggage`, `b3`, ...) into a call's
 * attachments, which the transport sends as Triple headers (triple.md §2 "Attachments"): so the
 * application's configured propagator decides the format, and Dubbo Java providers, which read
 * W3C trace context from attachments, join the trace.
 */
export const attachmentSetter: TextMapSetter<OutgoingAttachments> = {
  set(carrier, key, value) {
    carrier[key] = value;
  },
};
