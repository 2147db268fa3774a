import type { RuleDocument } from '../../rules/rule-document.js';
import type { DoubleMatch } from './double-match.js';
import type { StringMatch } from './string-match.js';

/**
 * The Dubbo mesh rule model (governance.md §3.6, Java `router/mesh/rule/**`), with the spellings the
 * Java code reads rather than the docs (§11.1): `dubboContext`, 0-based `args.index`, `mod`, and
 * `weight` beside `destination`.
 */

/** One condition on a method argument: exactly one of the value matches. */
export interface DubboMethodArg {
  /** 0-based position in the argument list (§11.1). */
  readonly index: number;
  readonly value:
    | { readonly kind: 'string'; readonly oneof: readonly StringMatch[] }
    | { readonly kind: 'number'; readonly oneof: readonly DoubleMatch[] }
    | { readonly kind: 'boolean'; readonly exact: boolean };
}

export interface DubboMethodMatch {
  readonly nameMatch: StringMatch | undefined;
  readonly argc: number | undefined;
  readonly args: readonly DubboMethodArg[];
  /** Parameter type names; this SDK does not know them, so a non-empty `argp` never matches. */
  readonly argp: readonly StringMatch[];
  readonly headers: ReadonlyMap<string, StringMatch>;
}

/** A request condition; every part given must hold. */
export interface DubboMatchRequest {
  readonly name: string | undefined;
  readonly method: DubboMethodMatch | undefined;
  /** Equality on consumer URL parameters. */
  readonly sourceLabels: Readonly<Record<string, string>>;
  /** `attachments.dubboContext`: matches on invocation attachments. */
  readonly dubboContext: ReadonlyMap<string, StringMatch>;
  /** `attachments.tracingContext`: this SDK's tracing context travels as attachments too. */
  readonly tracingContext: ReadonlyMap<string, StringMatch>;
  /** Lower-case header names; evaluated against attachments, beyond Java (§11.7). */
  readonly headers: ReadonlyMap<string, StringMatch>;
}

export interface DubboDestination {
  readonly host: string | undefined;
  readonly subset: string;
  readonly port: number | undefined;
  /** Tried when the subset has no provider among the input (MeshRuleRouter.computeDestination). */
  readonly fallback: DubboRouteDestination | undefined;
}

export interface DubboRouteDestination {
  readonly destination: DubboDestination;
  /** As written (0 when absent); picks use max(weight, 1) as Java does. */
  readonly weight: number;
}

export interface DubboRouteDetail {
  readonly name: string | undefined;
  /** Empty = always; otherwise every entry must match (Java `allMatch`). */
  readonly match: readonly DubboMatchRequest[];
  readonly route: readonly DubboRouteDestination[];
  /** Java 3.3: when nothing is routed, fail the call instead of keeping the input. */
  readonly throwExceptionIfNotMatched: boolean;
}

export interface DubboRoute {
  readonly name: string | undefined;
  /** Empty = every service of the application. */
  readonly services: readonly StringMatch[];
  readonly routedetail: readonly DubboRouteDetail[];
}

export interface DubboVirtualService {
  readonly name: string;
  readonly hosts: readonly string[];
  readonly dubbo: readonly DubboRoute[];
  readonly document: RuleDocument;
}

export interface DubboSubset {
  readonly name: string;
  /** Provider URL parameters that must all be equal. */
  readonly labels: Readonly<Record<string, string>>;
}

export interface DubboDestinationRule {
  readonly name: string;
  readonly host: string;
  readonly subsets: readonly DubboSubset[];
  readonly document: RuleDocument;
}

/** The rules of one provider application: at least one VirtualService and one DestinationRule. */
export interface MeshAppRules {
  readonly application: string;
  readonly virtualServices: readonly DubboVirtualService[];
  readonly destinationRules: readonly DubboDestinationRule[];
  /** Every subset of the application's DestinationRules, by name. */
  readonly subsets: ReadonlyMap<string, DubboSubset>;
}

/** Mesh rules grouped by provider application, in the order the applications first appear. */
export interface MeshRuleSet {
  readonly applications: readonly MeshAppRules[];
  /**
   * Documents addressed to another mesh rule router (`metadata.name` with a `.`, routed by Java's
   * MeshAppRuleListener to the listener named after the dot), kept so loaders can say they were skipped.
   */
  readonly ignored: readonly { readonly document: RuleDocument; readonly reason: string }[];
}
