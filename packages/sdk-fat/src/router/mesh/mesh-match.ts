import type { Invocation } from '../../invocation.js';
import { consumerHasLabels } from './consumer-label.js';
import { matchDouble } from './double-match.js';
import type { DubboMatchRequest, DubboMethodArg, DubboMethodMatch } from './mesh-rule-model.js';
import { matchString, type StringMatch } from './string-match.js';

/**
 * Whether an invocation satisfies a mesh match request (governance.md §3.6, Java
 * DubboMatchRequest.isMatch): method, consumer `sourceLabels`, `dubboContext`/`tracingContext`
 * attachments and, beyond Java, `headers` (§11.7). Costs nothing proportional to the providers.
 */
export function matchesRequest(request: DubboMatchRequest, invocation: Invocation): boolean {
  if (request.method && !matchesMethod(request.method, invocation)) return false;
  if (!consumerHasLabels(invocation.consumer, request.sourceLabels)) return false;
  return (
    matchesAll(request.dubboContext, invocation.attachments) &&
    matchesAll(request.tracingContext, invocation.attachments) &&
    matchesAll(request.headers, invocation.attachments)
  );
}

/** Every named value satisfies its match; an absent one is `undefined` (only `empty` accepts it). */
export function matchesAll(
  matches: ReadonlyMap<string, StringMatch>,
  values: Readonly<Record<string, string>>,
): boolean {
  for (const [key, match] of matches) {
    if (!matchString(match, values[key])) return false;
  }
  return true;
}

function matchesMethod(match: DubboMethodMatch, invocation: Invocation): boolean {
  if (match.nameMatch && !matchString(match.nameMatch, invocation.method)) return false;
  const args = invocation.args;
  // Arguments are unknown outside the process (the sidecar), so argument conditions cannot hold
  // there (ARCHITECTURE.md "The path of one call").
  if (match.argc !== undefined && args?.length !== match.argc) return false;
  // Parameter types are not part of a JS invocation; a rule that needs them cannot be satisfied.
  if (match.argp.length > 0) return false;
  if (match.args.length > 0) {
    if (args === undefined || args.length === 0) return false;
    // Java throws IndexOutOfBounds for an index past the arguments; that is a non-match here.
    for (const arg of match.args) {
      if (arg.index >= args.length || !matchesArg(arg, args[arg.index])) return false;
    }
  }
  return matchesAll(match.headers, invocation.attachments);
}

function matchesArg(arg: DubboMethodArg, input: unknown): boolean {
  const value = arg.value;
  switch (value.kind) {
    case 'string':
      // Java: `input instanceof String` (DubboMethodArg.isMatch).
      return typeof input === 'string' && value.oneof.some((m) => matchString(m, input));
    case 'number': {
      const number = numericValue(input);
      return number !== undefined && value.oneof.some((m) => matchDouble(m, number));
    }
    case 'boolean':
      return typeof input === 'boolean' && input === value.exact;
  }
}

/** Java's `Double.valueOf(input.toString())`, without its NumberFormatException: undefined instead. */
function numericValue(input: unknown): number | undefined {
  if (typeof input === 'number') return input;
  if (typeof input === 'bigint') return Number(input);
  if (typeof input === 'string' && input.trim() !== '') {
    const number = Number(input);
    return Number.isNaN(number) ? undefined : number;
  }
  return undefined;
}
