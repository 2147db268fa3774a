import { isValidHeaderValue, type OutgoingAttachments, writeAttachments } from './attachments.js';
import { Code } from './code.js';
import { ACCEPT_ENCODING } from './compression.js';
import { RpcError } from './rpc-error.js';
import { encodeTimeout } from './timeout.js';

/** What fixes the request headers of one method, so they are built once, not per call. */
export interface RequestHeaderTemplateOptions {
  /** `/<service>/<method>` (triple.md §1, ":path"). */
  path: string;
  /** Sent as `tri-service-version` when set. */
  version?: string;
  /** Sent as `tri-service-group` when set. */
  group?: string;
  /** Sent as `tri-consumer-appname` when set. */
  application?: string;
  /** Default `application/grpc+proto`: what Java sends, wrappers included, and every server accepts. */
  contentType?: string;
  /** Default `gzip`. */
  acceptEncoding?: string;
  /** Set only when every request message is gzipped and flagged (triple.md §2, "Compression"). */
  messageEncoding?: 'gzip';
}

function checkValue(name: string, value: string): string {
  if (!isValidHeaderValue(value)) {
    throw new RpcError(
      Code.InvalidArgument,
      `${name} contains control characters or characters above U+00FF`,
    );
  }
  return value;
}

function checkPath(path: string): string {
  if (path.charCodeAt(0) !== 47 /* / */) {
    throw new RpcError(Code.InvalidArgument, `request path must start with "/": ${JSON.stringify(path)}`);
  }
  for (let i = 1; i < path.length; i++) {
    const c = path.charCodeAt(i);
    // Whitespace and controls would corrupt the header; non-ASCII would be mangled by node:http2.
    if (c <= 0x20 || c >= 0x7f) {
      throw new RpcError(
        Code.InvalidArgument,
        `request path has an invalid character: ${JSON.stringify(path)}`,
      );
    }
  }
  return path;
}

/**
 * Builds the fixed request headers of one method (triple.md §1 and §2). `:authority` and `:scheme`
 * are left to the HTTP/2 session, which knows the connection.
 *
 * @throws RpcError InvalidArgument for a path that does not start with `/` or contains whitespace or
 *   control characters, or an option value that cannot travel in a header.
 */
export function createRequestHeaderTemplate(
  options: RequestHeaderTemplateOptions,
): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {
    ':method': 'POST',
    ':path': checkPath(options.path),
    'content-type': checkValue('contentType', options.contentType ?? 'application/grpc+proto'),
    // Sent by Java, Go and JS alike; no server enforces it (triple.md §1).
    te: 'trailers',
    'grpc-accept-encoding': checkValue('acceptEncoding', options.acceptEncoding ?? ACCEPT_ENCODING),
  };
  // Version and group only when configured: Go and JS match them exactly (triple.md §2).
  if (options.version) headers['tri-service-version'] = checkValue('version', options.version);
  if (options.group) headers['tri-service-group'] = checkValue('group', options.group);
  if (options.application) headers['tri-consumer-appname'] = checkValue('application', options.application);
  if (options.messageEncoding !== undefined) headers['grpc-encoding'] = options.messageEncoding;
  return Object.freeze(headers);
}

/**
 * The headers of one call: a copy of the template plus `grpc-timeout` and the attachments, or the
 * (frozen) template itself when there is nothing to add. Sharing it is safe because
 * `ClientHttp2Session.request` copies the object it is given; skipping the copy is a hot-path saving
 * (bench/README.md, "Hot path"). Attachments can never replace a template header: every template
 * name is reserved.
 *
 * @throws RpcError InvalidArgument for an invalid attachment (see `writeAttachments`).
 */
export function requestHeadersForCall(
  template: Readonly<Record<string, string>>,
  timeoutMs: number | undefined,
  attachments: OutgoingAttachments | undefined,
): Readonly<Record<string, string>> {
  if (timeoutMs === undefined && (attachments === undefined || hasNoKeys(attachments))) return template;
  const headers: Record<string, string> = { ...template };
  if (timeoutMs !== undefined) headers['grpc-timeout'] = encodeTimeout(timeoutMs);
  if (attachments !== undefined) writeAttachments(attachments, headers);
  return headers;
}

/** True for an object without enumerable keys (`for...in`, as `writeAttachments` walks them). */
function hasNoKeys(value: object): boolean {
  for (const _ in value) return false;
  return true;
}
