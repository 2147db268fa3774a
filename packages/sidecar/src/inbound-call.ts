import type { IncomingHttpHeaders } from 'node:http2';
import { parseTimeout, readAttachments } from '@dubbo-mesh/codec-triple';
import type { ServiceKey } from '@dubbo-mesh/sdk-core';

/** What the sidecar knows of one call: everything comes from the request headers, nothing from the body. */
export interface InboundCall {
  /** `/<service>/<method>` as received. */
  readonly path: string;
  readonly service: string;
  readonly method: string;
  /** Interface, `tri-service-version` and `tri-service-group` (triple.md §2). */
  readonly key: ServiceKey;
  /** `tri-consumer-appname`, the calling application. */
  readonly application: string | undefined;
  /** The non-reserved headers as routing sees attachments: lower-case keys, text values only. */
  readonly attachments: Readonly<Record<string, string>>;
  /** The caller's deadline from `grpc-timeout`, in milliseconds; undefined when none or malformed. */
  readonly timeoutMs: number | undefined;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

const SERVICE_METHOD_PATH = /^\/([^/?#]+)\/([^/?#]+)$/;

/** Paths kept parsed before the cache starts over: paths come from callers, the map must stay bounded. */
const MAX_PATHS = 10_000;
const parsedPaths = new Map<string, readonly [service: string, method: string]>();

/** Service and method of `/<service>/<method>`, parsed once per distinct path (issue 5: CPU per call). */
function parsePath(path: string): readonly [service: string, method: string] | undefined {
  const cached = parsedPaths.get(path);
  if (cached) return cached;
  const match = SERVICE_METHOD_PATH.exec(path);
  if (!match) return undefined;
  if (parsedPaths.size >= MAX_PATHS) parsedPaths.clear();
  const parsed = [match[1]!, match[2]!] as const;
  parsedPaths.set(path, parsed);
  return parsed;
}

/**
 * Reads a call from its request headers only (the sidecar never decodes bodies, ARCHITECTURE.md
 * "The path of one call"): service and method from `:path`, the service key and the consumer from
 * the Triple headers, attachments from every other non-reserved header (lanes, `dubbo.tag`).
 * Returns a reason instead when `:path` is not `/<service>/<method>`.
 */
export function describeInboundCall(headers: IncomingHttpHeaders): InboundCall | string {
  const path = headers[':path'] ?? '';
  const parsed = parsePath(path);
  if (!parsed) return `the path ${JSON.stringify(path)} is not /<service>/<method>`;
  const [service, method] = parsed;
  const version = single(headers['tri-service-version']);
  const group = single(headers['tri-service-group']);
  const key: ServiceKey = version
    ? group
      ? { serviceName: service, version, group }
      : { serviceName: service, version }
    : group
      ? { serviceName: service, group }
      : { serviceName: service };
  const attachments: Record<string, string> = {};
  const read = readAttachments(headers);
  for (const name of Object.keys(read)) {
    const value = read[name];
    // Binary attachments are not routed on (FatTransport does the same).
    if (typeof value === 'string') attachments[name.toLowerCase()] = value;
  }
  const timeout = single(headers['grpc-timeout']);
  return {
    path,
    service,
    method,
    key,
    application: single(headers['tri-consumer-appname']) || undefined,
    attachments,
    timeoutMs: timeout === undefined ? undefined : parseTimeout(timeout),
  };
}
