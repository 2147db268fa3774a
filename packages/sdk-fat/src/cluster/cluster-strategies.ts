import { PluginRegistry } from '../plugin/plugin-registry.js';
import { AvailableCluster } from './available-cluster.js';
import { BroadcastCluster } from './broadcast-cluster.js';
import type { ClusterStrategyFactory } from './cluster-strategy.js';
import { FailbackCluster } from './failback-cluster.js';
import { FailfastCluster } from './failfast-cluster.js';
import { FailoverCluster } from './failover-cluster.js';
import { FailsafeCluster } from './failsafe-cluster.js';
import { ForkingCluster } from './forking-cluster.js';

/** The default `cluster` (governance.md §0 step 4). */
export const DEFAULT_CLUSTER = 'failover';

/** The built-in strategies by their `cluster` name (governance.md §6). Register more with `register`. */
export const clusterStrategies = new PluginRegistry<ClusterStrategyFactory>('cluster strategy');

clusterStrategies.register('failover', () => new FailoverCluster());
clusterStrategies.register('failfast', () => new FailfastCluster());
clusterStrategies.register('failsafe', () => new FailsafeCluster());
clusterStrategies.register('failback', () => new FailbackCluster());
clusterStrategies.register('forking', () => new ForkingCluster());
clusterStrategies.register('broadcast', () => new BroadcastCluster());
clusterStrategies.register('available', () => new AvailableCluster());
