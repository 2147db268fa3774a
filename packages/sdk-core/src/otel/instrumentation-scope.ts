/** The instrumentation scope of dubbo-mesh's tracer and meter (OTel "instrumentation scope"). */
export const INSTRUMENTATION_NAME = '@dubbo-mesh/sdk-core';

/** Kept equal to packages/sdk-core/package.json `version` (checked by otel-metrics.spec.ts). */
export const INSTRUMENTATION_VERSION = '0.1.0';
