/**
 * Where a TrafficLabel value comes from (traffic-label.md "Sources of a value"). Header names are
 * lower-case, as Triple sends them.
 */
export type LabelSource =
  | { readonly kind: 'inbound-header'; readonly header: string }
  | { readonly kind: 'external-inbound-header'; readonly contextHeader: string; readonly header: string }
  | { readonly kind: 'outbound-header'; readonly header: string }
  | { readonly kind: 'label'; readonly label: string };

/** RFC 9110 token: what an HTTP/2 header name may contain. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** A Kubernetes label key (`prefix/name`) or an environment variable name. */
const LABEL_NAME = /^[A-Za-z0-9]([A-Za-z0-9._/-]*[A-Za-z0-9])?$/;
const EXPRESSION = /^\$([A-Za-z]+)\(([^()]*)\)$/;

const FUNCTIONS: Readonly<Record<string, { readonly arity: number; readonly argument: readonly string[] }>> =
  {
    getInboundRequestHeader: { arity: 1, argument: ['header'] },
    getExternalInboundRequestHeader: { arity: 2, argument: ['context id header', 'header'] },
    getLocalOutboundRequestHeader: { arity: 1, argument: ['header'] },
    getLabel: { arity: 1, argument: ['label'] },
  };

/** True when `name` may be used as an HTTP header name. */
export function isHeaderName(name: string): boolean {
  return HEADER_NAME.test(name);
}

/**
 * Parses `$getInboundRequestHeader(h)`, `$getExternalInboundRequestHeader(contextId, h)`,
 * `$getLocalOutboundRequestHeader(h)` or `$getLabel(name)`. Returns a problem in words instead of
 * throwing, so the caller can name the key it came from.
 */
export function parseLabelSource(text: string): LabelSource | string {
  const match = EXPRESSION.exec(text.trim());
  if (!match)
    return `expected $getInboundRequestHeader(h), $getExternalInboundRequestHeader(contextId, h), $getLocalOutboundRequestHeader(h) or $getLabel(name), found ${JSON.stringify(text)}`;
  const [, fn = '', argumentText = ''] = match;
  const spec = FUNCTIONS[fn];
  if (!spec)
    return `unknown source $${fn}; expected one of ${Object.keys(FUNCTIONS)
      .map((f) => `$${f}`)
      .join(', ')}`;
  const args = argumentText.split(',').map((a) => a.trim());
  if (args.length !== spec.arity)
    return `$${fn} takes ${spec.arity} argument${spec.arity === 1 ? '' : 's'}, found ${args.length}`;
  for (const [i, arg] of args.entries()) {
    const what = spec.argument[i]!;
    const valid = what === 'label' ? LABEL_NAME.test(arg) : isHeaderName(arg);
    if (!valid) return `$${fn}: ${JSON.stringify(arg)} is not a valid ${what} name`;
  }
  const [first = '', second = ''] = args;
  switch (fn) {
    case 'getInboundRequestHeader':
      return { kind: 'inbound-header', header: first.toLowerCase() };
    case 'getExternalInboundRequestHeader':
      return {
        kind: 'external-inbound-header',
        contextHeader: first.toLowerCase(),
        header: second.toLowerCase(),
      };
    case 'getLocalOutboundRequestHeader':
      return { kind: 'outbound-header', header: first.toLowerCase() };
    default:
      return { kind: 'label', label: first };
  }
}

/** The source as a rule writes it. */
export function formatLabelSource(source: LabelSource): string {
  switch (source.kind) {
    case 'inbound-header':
      return `$getInboundRequestHeader(${source.header})`;
    case 'external-inbound-header':
      return `$getExternalInboundRequestHeader(${source.contextHeader}, ${source.header})`;
    case 'outbound-header':
      return `$getLocalOutboundRequestHeader(${source.header})`;
    case 'label':
      return `$getLabel(${source.label})`;
  }
}
