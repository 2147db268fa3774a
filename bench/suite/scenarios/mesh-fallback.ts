/**
 * Suite item 6 (issue 5): mesh fallback. The chaos tests' rig (test/mesh/chaos-rig.ts: two grpc-js
 * providers, a file registry, the sidecar in its own process, a mesh client with 8 callers making
 * 20 ms idempotent calls) has its sidecar SIGKILLed under load; measured are the time from the kill
 * to the first successful call carried by the Fat path, and the calls lost (target: 0), for our
 * sidecar, nginx and HAProxy as the sidecar. `pnpm bench:mesh-fallback` prints the same as a table.
 */

import { type ChaosRig, startChaosRig } from '../../../test/mesh/chaos-rig.js';
import type { SidecarKind } from '../../../test/mesh/sidecar-process.js';
import { SteadyLoad, sleep } from '../../../test/mesh/steady-load.js';
import { hasHaproxy } from '../../../test/peers/haproxy.js';
import { hasNginx } from '../../../test/peers/nginx.js';
import { median } from '../../harness/stats.js';
import {
  checkTarget,
  type Measurement,
  type Scenario,
  type ScenarioResult,
  type TargetCheck,
} from '../scenario.js';

/** One SIGKILL under load. */
export interface FallbackTrial {
  /** Kill → first successful call started after the switch to Fat, ms; NaN if none succeeded. */
  readonly firstFatMs: number;
  readonly failed: number;
  readonly calls: number;
}

/** One trial: start the rig, load it, SIGKILL the sidecar, keep calling for a second, count. */
export async function fallbackTrial(kind: SidecarKind): Promise<FallbackTrial> {
  const rig: ChaosRig = await startChaosRig({ kind, idempotentCalls: true });
  try {
    const load = new SteadyLoad((id) => rig.client.unary({ message: id, delayMs: 20 }, { timeoutMs: 5000 }), {
      concurrency: 8,
      pauseMs: 5,
      prefix: kind,
    });
    load.start();
    await sleep(700);
    await load.whenInFlight(4);
    const killedAt = Date.now();
    await rig.sidecar.kill();
    await sleep(1000);
    await load.stop();
    const firstFat = rig.changes.find((c) => c.to === 'fat');
    const afterKill = load.records
      .filter((r) => r.error === undefined && r.startedAt >= (firstFat?.at ?? killedAt))
      .map((r) => r.endedAt);
    return {
      firstFatMs: afterKill.length > 0 ? Math.min(...afterKill) - killedAt : Number.NaN,
      failed: load.records.filter((r) => r.error !== undefined).length,
      calls: load.records.length,
    };
  } finally {
    await rig.close();
  }
}

/** The sidecar kinds whose binaries are installed (ours always is). */
export function fallbackKinds(): SidecarKind[] {
  return [
    'dubbo-mesh',
    ...(hasNginx() ? (['nginx'] as const) : []),
    ...(hasHaproxy() ? (['haproxy'] as const) : []),
  ];
}

/** `trials` trials per kind, the kinds interleaved (ours, nginx, HAProxy, ours, ...). */
export async function measureFallback(
  kinds: readonly SidecarKind[],
  trials: number,
  progress?: (line: string) => void,
): Promise<Map<SidecarKind, FallbackTrial[]>> {
  const results = new Map<SidecarKind, FallbackTrial[]>(kinds.map((kind) => [kind, []]));
  for (let i = 0; i < trials; i++) {
    for (const kind of kinds) {
      progress?.(`${kind}: trial ${i + 1}/${trials}`);
      results.get(kind)!.push(await fallbackTrial(kind));
    }
  }
  return results;
}

const SETTINGS = {
  full: { trials: 3, kinds: fallbackKinds },
  quick: { trials: 1, kinds: (): SidecarKind[] => ['dubbo-mesh'] },
} as const;

/** Peer names in the report: ours is `dubbo-mesh`, the peers keep their names. */
const OURS: SidecarKind = 'dubbo-mesh';

export const scenario: Scenario = {
  id: 'fallback',
  title: 'Mesh fallback on sidecar SIGKILL: time to the first Fat success, calls lost',
  budgetSeconds: 40,
  async run(context): Promise<ScenarioResult> {
    const started = performance.now();
    const settings = SETTINGS[context.mode];
    const kinds = settings.kinds();
    const results = await measureFallback(kinds, settings.trials, context.progress);
    const medianMs = (kind: SidecarKind): number => median(results.get(kind)!.map((t) => t.firstFatMs));
    const lost = (kind: SidecarKind): number => results.get(kind)!.reduce((n, t) => n + t.failed, 0);
    const peers = kinds.filter((kind) => kind !== OURS);
    const measurements: Measurement[] = [
      {
        label: 'kill to first Fat success (median)',
        unit: 'ms',
        value: medianMs(OURS),
        peers: Object.fromEntries(peers.map((kind) => [kind, medianMs(kind)])),
      },
      {
        label: 'calls lost',
        unit: 'calls',
        value: lost(OURS),
        peers: Object.fromEntries(peers.map((kind) => [kind, lost(kind)])),
      },
      {
        label: 'calls made',
        unit: 'calls',
        value: results.get(OURS)!.reduce((n, t) => n + t.calls, 0),
        peers: Object.fromEntries(
          peers.map((kind) => [kind, results.get(kind)!.reduce((n, t) => n + t.calls, 0)]),
        ),
      },
    ];
    const targets: TargetCheck[] = kinds.map((kind) =>
      checkTarget(`calls lost with ${kind} as the sidecar == 0`, lost(kind), 0, 'lower'),
    );
    return {
      id: 'fallback',
      title: scenario.title,
      conditions: {
        node: process.version,
        trialsPerSidecar: settings.trials,
        sidecars: kinds.join(', '),
        load: '8 callers, 20 ms idempotent Unary calls, 5 ms pause',
        rig: 'test/mesh/chaos-rig.ts: 2 grpc-js providers, file registry, sidecar in its own process',
        keepalive: '500 ms interval / 500 ms timeout, health checks every 500 ms',
      },
      measurements,
      // The fallback time depends on the sidecar only through how its death shows; the ratio is for the chart.
      ratios: peers.map((kind) => ({
        label: 'kill to first Fat success (median)',
        peer: kind,
        ratio: medianMs(OURS) / medianMs(kind),
        better: 'lower' as const,
      })),
      targets,
      elapsedMs: performance.now() - started,
    };
  },
};
