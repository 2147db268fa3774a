/**
 * The lanes example deployed on this machine: edge -> A -> B, with two instances of B (the baseline
 * and lane dev-alice's own), listed in a file registry with their lane label, and the TrafficLabel
 * rule of lanes.yaml. In `fat` mode each service routes its calls itself (Fat clients with the lane
 * router); in `thin` mode they call a local sidecar, which routes with the same lane router; in
 * `mesh` mode they use mesh clients: through the sidecar while it runs, Fat when it is stopped.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client, ServiceDescriptor } from '@dubbo-mesh/sdk-core';
import {
  createFatClient,
  createMeshClient,
  type LaneRouterOptions,
  parseTrafficLabels,
  readRuleFiles,
  trafficLabelInterceptor,
} from '@dubbo-mesh/sdk-fat';
import { createThinClient } from '@dubbo-mesh/sdk-thin';
import { startSidecar } from '@dubbo-mesh/sidecar';
import { type Edge, startEdge } from './edge.js';
import {
  LANE_HEADER,
  LANE_LABEL,
  providerUrl,
  SERVICE_A,
  SERVICE_B,
  ServiceA,
  ServiceB,
  type ServiceInstance,
  startServiceA,
  startServiceB,
} from './lane-services.js';

/** The TrafficLabel rule every service applies. */
export const RULES_FILE = fileURLToPath(new URL('./lanes.yaml', import.meta.url));

/** Route on the lane header; a lane without its own instance of a service uses the baseline. */
export const LANES: LaneRouterOptions = { header: LANE_HEADER, labelParam: LANE_LABEL, mode: 'permissive' };

export type LaneMode = 'fat' | 'thin' | 'mesh';

export interface LaneDeployment {
  readonly mode: LaneMode;
  readonly edge: Edge;
  readonly a: ServiceInstance;
  /** B's instances by lane: `baseline` and `dev-alice`. */
  readonly b: { readonly baseline: ServiceInstance; readonly 'dev-alice': ServiceInstance };
  readonly registry: string;
  /** The path the services' calls take now (`fat` or `thin`; mesh mode switches). */
  modes(): string[];
  /** Stops the sidecar (thin and mesh modes): mesh clients go Fat, Thin clients fail. */
  stopSidecar(): Promise<void>;
  close(): Promise<void>;
}

/** A service's outbound side: typed clients and a close. */
interface Outbound {
  readonly mode?: string;
  client<S extends ServiceDescriptor>(descriptor: S): Client<S>;
  close(): Promise<void>;
}

/** Starts the services in `dir` (the registry file and the sidecar socket go there). */
export async function startLaneDeployment(mode: LaneMode, dir: string): Promise<LaneDeployment> {
  const closers: (() => Promise<void>)[] = [];
  let bClient: Client<typeof ServiceB> | undefined;
  let aClient: Client<typeof ServiceA> | undefined;
  try {
    const baseline = await startServiceB('B-baseline');
    closers.push(baseline.close);
    const alice = await startServiceB('B-dev-alice');
    closers.push(alice.close);
    const a = await startServiceA('A', () => bClient!);
    closers.push(a.close);

    const providersFile = join(dir, 'providers.yaml');
    const urls = [
      providerUrl(SERVICE_A, 'service-a', a),
      providerUrl(SERVICE_B, 'service-b', baseline),
      providerUrl(SERVICE_B, 'service-b', alice, 'dev-alice'),
    ];
    writeFileSync(providersFile, `providers:\n${urls.map((url) => `  - ${url}`).join('\n')}\n`);
    const registry = `file:${providersFile}`;

    let outbound: (application: string) => Outbound;
    let stopSidecar = async (): Promise<void> => {};
    if (mode === 'fat') {
      outbound = (application) => createFatClient({ application, registry, rules: RULES_FILE, lanes: LANES });
    } else {
      // One sidecar stands for each host's own: it routes lanes with the same lane router.
      const socket = join(dir, 'sidecar.sock');
      const sidecar = await startSidecar({
        listen: socket,
        registry,
        rules: RULES_FILE,
        lanes: LANES,
        log: () => {},
      });
      let stopped = false;
      stopSidecar = async () => {
        stopped = true;
        await sidecar.close();
      };
      closers.push(async () => {
        if (!stopped) await sidecar.close();
      });
      if (mode === 'mesh') {
        // The same rules label calls on both paths; the sidecar routes them Thin, the lane router Fat.
        outbound = (application) =>
          createMeshClient({
            application,
            sidecar: `unix:${socket}`,
            registry,
            rules: RULES_FILE,
            lanes: LANES,
            thin: { healthIntervalMs: 100 },
          });
      } else {
        // The Thin client loads no rules: the TrafficLabel interceptor is given the parsed rule.
        const rules = parseTrafficLabels(readRuleFiles(RULES_FILE));
        outbound = (application) =>
          createThinClient({
            application,
            sidecar: `unix:${socket}`,
            interceptors: [trafficLabelInterceptor({ application, rules })],
          });
      }
    }
    const aOutbound = outbound('service-a');
    closers.push(() => aOutbound.close());
    bClient = aOutbound.client(ServiceB);
    const edgeOutbound = outbound('edge');
    closers.push(() => edgeOutbound.close());
    aClient = edgeOutbound.client(ServiceA);
    const edge = await startEdge(() => aClient!);
    closers.push(edge.close);

    return {
      mode,
      edge,
      a,
      b: { baseline, 'dev-alice': alice },
      registry,
      modes: () => [aOutbound.mode ?? mode, edgeOutbound.mode ?? mode],
      stopSidecar,
      close: () => closeAll(closers),
    };
  } catch (err) {
    await closeAll(closers);
    throw err;
  }
}

async function closeAll(closers: (() => Promise<void>)[]): Promise<void> {
  for (const close of closers.reverse()) await close();
}
