/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/) `traceparent` / `tracestate` as an
 * OpenTelemetry propagator. In an application use `W3CTraceContextPropagator` from
 * `@opentelemetry/core` (NodeSDK registers it by default); this copy keeps the example free of
 * packages the workspace does not install. Version 00 only; a malformed header is ignored.
 */
import {
  type Context,
  isSpanContextValid,
  type TextMapGetter,
  type TextMapPropagator,
  type TextMapSetter,
  trace,
} from '@opentelemetry/api';

const TRACEPARENT = 'traceparent';
const TRACESTATE = 'tracestate';
const PATTERN = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

export class W3CTraceContext implements TextMapPropagator {
  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    const span = trace.getSpanContext(context);
    if (!span || !isSpanContextValid(span)) return;
    const flags = (span.traceFlags & 0xff).toString(16).padStart(2, '0');
    setter.set(carrier, TRACEPARENT, `00-${span.traceId}-${span.spanId}-${flags}`);
    const state = span.traceState?.serialize();
    if (state) setter.set(carrier, TRACESTATE, state);
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    const raw = getter.get(carrier, TRACEPARENT);
    const value = Array.isArray(raw) ? raw[0] : raw;
    const match = value === undefined ? null : PATTERN.exec(value.trim());
    if (!match) return context;
    const [, traceId = '', spanId = '', flags = '00'] = match;
    return trace.setSpanContext(context, {
      traceId,
      spanId,
      traceFlags: Number.parseInt(flags, 16),
      isRemote: true,
    });
  }

  fields(): string[] {
    return [TRACEPARENT, TRACESTATE];
  }
}
