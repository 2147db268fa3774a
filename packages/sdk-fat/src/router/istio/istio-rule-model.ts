import type { RuleDocument } from '../../rules/rule-document.js';
import type { StringMatch } from '../mesh/string-match.js';
import type { DestinationPolicy } from './destination-policy.js';

/**
 * Istio VirtualService and DestinationRule, the parts that route a Dubbo call (governance.md §8, §11.8).
 * Hosts are kept as written and as the name they stand for (`hostName`).
 */

/** HTTPMatchRequest: every field given must hold. */
export interface IstioHttpMatch {
  readonly name: string | undefined;
  /** Against the Triple path `/<service>/<method>`; already case-folded when `ignoreUriCase`. */
  readonly uri: StringMatch | undefined;
  readonly ignoreUriCase: boolean;
  /** The HTTP method: always POST for Triple. */
  readonly method: StringMatch | undefined;
  /** Lower-case header names, against attachments. */
  readonly headers: ReadonlyMap<string, StringMatch>;
  /** The request must not match any of these. */
  readonly withoutHeaders: ReadonlyMap<string, StringMatch>;
  /** Equality on the caller's labels (consumer parameters). */
  readonly sourceLabels: Readonly<Record<string, string>>;
  /** A port the addressed host listens on: some input provider has it. */
  readonly port: number | undefined;
  /** False when the match's `gateways` leave out `mesh`: it never sees calls between services. */
  readonly meshTraffic: boolean;
}

export interface IstioDestination {
  readonly host: string;
  readonly hostName: string;
  readonly subset: string | undefined;
  readonly port: number | undefined;
  /** Relative share; 0 = never. */
  readonly weight: number;
}

export interface IstioHttpRoute {
  readonly name: string | undefined;
  /** Empty = always; otherwise any entry (OR). */
  readonly match: readonly IstioHttpMatch[];
  readonly route: readonly IstioDestination[];
}

export interface IstioVirtualService {
  readonly name: string;
  readonly hosts: readonly string[];
  readonly hostNames: ReadonlySet<string>;
  /** False when `gateways` leaves out `mesh`: the rule is for gateways, not for calls between services. */
  readonly appliesToMesh: boolean;
  readonly http: readonly IstioHttpRoute[];
  readonly document: RuleDocument;
}

export interface IstioSubset {
  readonly name: string;
  /** Provider URL parameters that must all be equal. */
  readonly labels: Readonly<Record<string, string>>;
  readonly policy: DestinationPolicy | undefined;
}

export interface IstioDestinationRule {
  readonly name: string;
  readonly host: string;
  readonly hostName: string;
  readonly policy: DestinationPolicy | undefined;
  readonly subsets: ReadonlyMap<string, IstioSubset>;
  readonly document: RuleDocument;
}

/** Every Istio rule of a rule set, VirtualServices in document order, DestinationRules by host name. */
export interface IstioRuleSet {
  readonly virtualServices: readonly IstioVirtualService[];
  readonly destinationRules: ReadonlyMap<string, IstioDestinationRule>;
}
