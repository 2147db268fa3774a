/**
 * `@dubbo-mesh/sdk-core/otel`: OpenTelemetry tracing and metrics. A separate entry point so the
 * main one never imports `@opentelemetry/api`, which is an optional peer dependency.
 */
export { type CallStatus, callStatus } from './call-status.js';
export { INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION } from './instrumentation-scope.js';
export { type OtelMetrics, type OtelMetricsOptions, otelMetrics } from './otel-metrics.js';
export { type RpcSystem, rpcMethodName, type ServerAddress } from './rpc-attributes.js';
export { type SemconvMode, semconvModeFromEnv } from './semconv-mode.js';
export { type OtelTracingOptions, otelTracingInterceptor } from './tracing-interceptor.js';
