import {
  type Attributes,
  type Context,
  context,
  propagation,
  type Span,
  SpanKind,
  SpanStatusCode,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';
import type { AnyCallFn, Interceptor } from '../interceptor.js';
import type { CallRequest, CallResponse, StreamResponse } from '../transport.js';
import { attachmentSetter } from './attachment-setter.js';
import { callStatus } from './call-status.js';
import { INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION } from './instrumentation-scope.js';
import {
  endAttributes,
  type RpcAttributeSettings,
  type RpcSystem,
  rpcMethodName,
  type ServerAddress,
  startAttributes,
} from './rpc-attributes.js';
import { type SemconvMode, semconvModeFromEnv } from './semconv-mode.js';

export interface OtelTracingOptions {
  /** Default: the global provider (`trace.getTracerProvider()`), as every OTel instrumentation does. */
  tracerProvider?: TracerProvider;
  /** `rpc.system`: `dubbo` (default) or `grpc` for calls to plain gRPC servers. */
  rpcSystem?: RpcSystem;
  /** `server.address` / `server.port` of every span: the sidecar or provider this client calls. */
  server?: ServerAddress;
  /** Which semantic conventions to emit; default from `OTEL_SEMCONV_STABILITY_OPT_IN`, else legacy. */
  semconv?: SemconvMode;
  /** More attributes per call (tenant, lane...); never put attachment values here unchecked. */
  attributes?: (request: CallRequest) => Attributes;
}

/**
 * An interceptor that traces every call as an OpenTelemetry CLIENT span named `service/method`
 * with the RPC semantic conventions, and sends the trace context to the provider in the call's
 * attachments through the configured propagator (W3C `traceparent`/`tracestate` by default).
 * A unary call's span ends with its response; a stream's span ends when its messages end, fail or
 * the reader stops early. Put it first in `interceptors` so retries below it share its span.
 *
 * @example
 * const client = createClient(Greeter, transport, { interceptors: [otelTracingInterceptor()] });
 */
export function otelTracingInterceptor(options: OtelTracingOptions = {}): Interceptor {
  const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(
    INSTRUMENTATION_NAME,
    INSTRUMENTATION_VERSION,
  );
  const settings: RpcAttributeSettings = {
    system: options.rpcSystem ?? 'dubbo',
    mode: options.semconv ?? semconvModeFromEnv(),
    server: options.server,
  };
  return (next: AnyCallFn): AnyCallFn =>
    async (request) => {
      const span = tracer.startSpan(rpcMethodName(request.target), {
        kind: SpanKind.CLIENT,
        attributes: { ...startAttributes(request.target, settings), ...options.attributes?.(request) },
      });
      const spanContext: Context = trace.setSpan(context.active(), span);
      propagation.inject(spanContext, request.attachments, attachmentSetter);
      let response: CallResponse;
      try {
        response = await context.with(spanContext, () => next(request));
      } catch (error) {
        endSpan(span, error, settings);
        throw error;
      }
      if (!response.stream) {
        endSpan(span, undefined, settings);
        return response;
      }
      return endingWithStream(response, span, settings);
    };
}

/** The same stream response, whose span ends when its messages do. */
function endingWithStream(
  response: StreamResponse,
  span: Span,
  settings: RpcAttributeSettings,
): StreamResponse {
  const messages = response.messages;
  async function* traced(): AsyncGenerator<unknown> {
    let ended = false;
    try {
      yield* messages;
      ended = true;
      endSpan(span, undefined, settings);
    } catch (error) {
      ended = true;
      endSpan(span, error, settings);
      throw error;
    } finally {
      // The reader stopped early (break, return): the call was cancelled on its side, not failed.
      if (!ended) {
        span.setAttribute('dubbo_mesh.stream.abandoned', true);
        span.end();
      }
    }
  }
  return {
    stream: true,
    messages: traced(),
    get header() {
      return response.header;
    },
    get trailer() {
      return response.trailer;
    },
  };
}

function endSpan(span: Span, error: unknown, settings: RpcAttributeSettings): void {
  const status = callStatus(error);
  span.setAttributes(endAttributes(status, settings));
  if (error !== undefined) {
    // Client spans: every non-OK status is an error (semconv recording-errors.md, grpc.md).
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: error instanceof Error ? error.message : String(error),
    });
    if (error instanceof Error) span.recordException(error);
  }
  span.end();
}
