/**
 * Secret redaction for anything a person may read: error messages, log fields, printed URLs.
 * Dubbo puts credentials in three places: the `token` attachment and provider URL parameter
 * (Dubbo's TokenFilter), HTTP credentials (`authorization`, cookies), and binary `-bin` headers,
 * which gRPC uses for opaque credentials; URLs may also carry `user:password@`.
 */

/** What a secret value is replaced with. */
export const REDACTED = '***';

/** Header / attachment / URL parameter names whose value is always a credential. */
const SECRET_NAMES: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'token',
  'password',
  'passwd',
  'secret',
  'apikey',
  'api-key',
  'x-api-key',
  'accesskey',
  'secretkey',
]);

/** Name fragments that mark a credential (`access_token`, `client-secret`, `db.password`). */
const SECRET_FRAGMENT = /token|secret|passw|credential|private[-_.]?key/i;

/**
 * True when a header, attachment or parameter named `name` holds a secret: a known credential name,
 * a name containing token/secret/password/credential, or any `-bin` header (binary values are
 * opaque, and gRPC carries credentials as binary metadata).
 */
export function isSecretName(name: string): boolean {
  const lower = name.toLowerCase();
  return SECRET_NAMES.has(lower) || SECRET_FRAGMENT.test(lower) || lower.endsWith('-bin');
}

/**
 * A copy of headers or attachments fit for a log line: secret values replaced by `***`, byte values
 * by their length only. Never mutates its input.
 */
export function redactAttachments(
  values: Readonly<Record<string, unknown>>,
): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const name of Object.keys(values)) {
    const value = values[name];
    if (value === undefined || value === null) continue;
    if (isSecretName(name)) out[name] = REDACTED;
    else if (value instanceof Uint8Array) out[name] = `<${value.byteLength} bytes>`;
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      out[name] = value;
    else out[name] = String(value);
  }
  return out;
}

/** `scheme://user:password@` — the password part. */
const USERINFO_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^/?#\s:@]*):[^@/?#\s]*@/gi;
/** `?name=value` / `&name=value` / `;name=value` query parameters. */
const QUERY_PARAM = /([?&;])([^=&#\s]+)=([^&#\s]*)/g;

/**
 * Text (a URL, or a message quoting URLs) with secrets replaced: the password of `user:password@`
 * and the value of every query parameter whose name is a secret (`token=...`, `password=...`).
 * Dubbo provider URLs carry `token=` (TokenFilter), so every printed or logged provider URL goes
 * through this.
 */
export function redactUrl(text: string): string {
  return text
    .replace(USERINFO_PASSWORD, `$1:${REDACTED}@`)
    .replace(QUERY_PARAM, (whole, separator: string, name: string) =>
      isSecretName(safeDecode(name)) ? `${separator}${name}=${REDACTED}` : whole,
    );
}

function safeDecode(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}
