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

/**
 * Reads a call from its request headers only (the sidecar never decodes bodies, ARCHITECTURE.md
 * "The path of one call"): service and method from `:path`, the service key and the consumer from
 * the Triple headers, attachments from every other non-reserved header (lanes, `dubbo.tag`).
 * Returns a reason instead when `:path` is not `/<service>/<method>`.
 */
export function describeInboundCall(headers: IncomingHttpHeaders): InboundCall | string {
  const path = headers[':path'] ?? '';
  const match = /^\/([^/?#]+)\/([^/?#]+)$/.exec(path);
  if (!match) return `the path ${JSON.stringify(path)} is not /<service>/<method>`;
  const service = match[1]!;
  const method = match[2]!;
  const version = single(headers['tri-service-version']);
  const group = single(headers['tri-service-group']);
  const key: ServiceKey = {
    serviceName: service,
    ...(version ? { version } : {}),
    ...(group ? { group } : {}),
  };
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
