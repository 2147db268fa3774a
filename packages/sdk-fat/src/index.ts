// The Fat client: discovery, routing rules, load balancing and fault tolerance in the SDK.

// Balancing and fault tolerance
export type {
  BalancerContext,
  CallOutcome,
  LoadBalancer,
  LoadBalancerFactory,
} from './balancer/load-balancer.js';
export { DEFAULT_LOAD_BALANCE, loadBalancers } from './balancer/load-balancers.js';
export { isBusinessException } from './cluster/business-exception.js';
export { clusterStrategies, DEFAULT_CLUSTER } from './cluster/cluster-strategies.js';
export type { ClusterContext, ClusterStrategy, ClusterStrategyFactory } from './cluster/cluster-strategy.js';
export { Directory, type DirectoryOptions, type ListedProvider } from './directory/directory.js';
export { ConfigCenterRules } from './fat/config-center-rules.js';
export { EndpointPool } from './fat/endpoint-pool.js';
export { createFatClient, type FatClient, type FatClientOptions } from './fat/fat-client.js';
export { FatTransport, type FatTransportOptions } from './fat/fat-transport.js';
export { ProviderSource, type ProviderSourceOptions } from './fat/provider-source.js';
export { providerToken, TOKEN_KEY, withProviderToken } from './fat/provider-token.js';
// Model
export type { ConsumerInfo, Invocation } from './invocation.js';
// The mesh client: Thin through the sidecar, Fat when it fails, back to Thin when it recovers
export {
  type FatSecurity,
  fatSecurity,
  type MeshSecurityOptions,
  type MtlsCertificates,
} from './mesh/fat-security.js';
export {
  createMeshClient,
  type FatEngine,
  type MeshClient,
  type MeshClientOptions,
  type ThinEngine,
} from './mesh/mesh-client.js';
export { MeshModeController, type MeshModeControllerOptions } from './mesh/mesh-mode-controller.js';
export { type MeshStats, MeshTransport, type MeshTransportOptions } from './mesh/mesh-transport.js';
export {
  type MeshMode,
  type ModeChange,
  type ModeChangeReason,
  modeChangeChannel,
} from './mesh/mode-change.js';
export { DEFAULT_PROBE_BACKOFF, ProbeBackoff, type ProbeBackoffOptions } from './mesh/probe-backoff.js';
export { DEFAULT_OUTLIER_OPTIONS, OutlierDetector, type OutlierOptions } from './outlier/outlier-detector.js';
export { type OutlierOutcome, outlierOutcome } from './outlier/outlier-outcome.js';
export { PluginRegistry } from './plugin/plugin-registry.js';
export { type Provider, providerParam } from './provider/provider.js';
export { ProviderSet } from './provider/provider-set.js';
export {
  encodeProviderUrl,
  formatProviderUrl,
  makeProvider,
  parseProviderUrl,
} from './provider/provider-url.js';
export {
  INVALID_ENTRY_CHANNEL,
  type InvalidRegistryEntry,
  invalidEntryCount,
} from './registry/invalid-entry-report.js';
// Registries and the directory
export type {
  ConfigCenter,
  Registry,
  RegistryFactory,
  RegistryNotice,
  RegistryOptions,
  Unsubscribe,
} from './registry/registry.js';
export { createRegistry, registries } from './registry/registry-factories.js';
export { createConditionRouter } from './router/condition/condition-router.js';
export { parseConditionRule } from './router/condition/parse-condition-rule.js';
export { createIstioRouter } from './router/istio/istio-router.js';
export { destinationPolicyFor, parseIstioRules } from './router/istio/istio-rule-set.js';
export { createMeshRouter } from './router/mesh/mesh-router.js';
export { parseMeshRules } from './router/mesh/mesh-rule-set.js';
export type { Router, RouteStep } from './router/router.js';
export { RouterChain } from './router/router-chain.js';
export { parseTagRule } from './router/tag/parse-tag-rule.js';
export { createTagRouter } from './router/tag/tag-router.js';
export { computeLabelHeaders, type LabelContext } from './router/traffic-label/label-headers.js';
export { createLaneRouter, type LaneRouterOptions } from './router/traffic-label/lane-router.js';
export {
  type TrafficLabelInterceptorOptions,
  trafficLabelInterceptor,
} from './router/traffic-label/traffic-label-interceptor.js';
export { parseTrafficLabels, type TrafficLabelSet } from './router/traffic-label/traffic-label-set.js';
export { parseRuleDocuments, type RuleDocument, type RuleKind } from './rules/rule-document.js';
// Rules and routers
export { RuleError } from './rules/rule-error.js';
export { watchRuleFiles } from './rules/rule-file-watch.js';
export { readRuleFiles } from './rules/rule-files.js';
export { buildRuleSet, type RuleSet, type RuleSetOptions } from './rules/rule-set.js';
