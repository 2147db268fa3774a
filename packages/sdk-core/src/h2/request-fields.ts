/** A header block's two parts as the HPACK encoder takes them: connection pseudo fields, then the rest. */
export interface RequestFields {
  readonly leading: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
}

/** Rewrites of frozen header objects (method templates), made once per object and session. */
const rewritten = new WeakMap<object, { readonly source: object; readonly fields: RequestFields }>();

/**
 * Puts a request's fields in the order HTTP/2 requires (RFC 9113 §8.3: every pseudo field before
 * any regular one, each once). The session's `:scheme` and `:authority` go first unless the request
 * names its own, as node:http2 lets a request override them. The usual request (the method's
 * template, pseudo fields first, no authority of its own) passes through untouched after one scan
 * of its names; a frozen one that needs rewriting is rewritten once.
 */
export function orderRequestFields(
  headers: Readonly<Record<string, string>>,
  leading: Readonly<Record<string, string>>,
): RequestFields | undefined {
  let sawRegular = false;
  let inOrder = true;
  for (const name in headers) {
    if (name.charCodeAt(0) !== 58 /* : */) sawRegular = true;
    else if (sawRegular || name in leading) {
      inOrder = false;
      break;
    }
  }
  if (inOrder) return undefined;
  const frozen = Object.isFrozen(headers);
  const known = frozen ? rewritten.get(headers) : undefined;
  if (known !== undefined && known.source === leading) return known.fields;
  const first: Record<string, string> = {};
  const rest: Record<string, string> = {};
  for (const name in leading) first[name] = headers[name] ?? leading[name]!;
  for (const name in headers) {
    if (name in leading) continue;
    if (name.charCodeAt(0) === 58) first[name] = headers[name]!;
  }
  for (const name in headers) if (name.charCodeAt(0) !== 58) rest[name] = headers[name]!;
  const fields = { leading: Object.freeze(first), headers: Object.freeze(rest) };
  if (frozen) rewritten.set(headers, { source: leading, fields });
  return fields;
}
