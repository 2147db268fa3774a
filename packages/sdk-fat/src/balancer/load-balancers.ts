import { PluginRegistry } from '../plugin/plugin-registry.js';
import { ConsistentHashBalancer } from './consistent-hash-balancer.js';
import { LeastActiveBalancer } from './least-active-balancer.js';
import type { LoadBalancerFactory } from './load-balancer.js';
import { P2cBalancer } from './p2c-balancer.js';
import { RandomBalancer } from './random-balancer.js';
import { RoundRobinBalancer } from './round-robin-balancer.js';
import { ShortestResponseBalancer } from './shortest-response-balancer.js';

/** The default `loadbalance` (governance.md §0 step 4). */
export const DEFAULT_LOAD_BALANCE = 'random';

/**
 * The built-in balancers by their `loadbalance` name (governance.md §5). `consistenthashing` is
 * dubbo-go's name for `consistenthash` (governance.md §11.3). Register more with `register`.
 */
export const loadBalancers = new PluginRegistry<LoadBalancerFactory>('load balancer');

loadBalancers.register('random', (context) => new RandomBalancer(context));
loadBalancers.register('roundrobin', (context) => new RoundRobinBalancer(context));
loadBalancers.register('leastactive', (context) => new LeastActiveBalancer(context));
loadBalancers.register('shortestresponse', (context) => new ShortestResponseBalancer(context));
loadBalancers.register('consistenthash', () => new ConsistentHashBalancer());
loadBalancers.register('consistenthashing', () => new ConsistentHashBalancer());
loadBalancers.register('p2c', (context) => new P2cBalancer(context));
