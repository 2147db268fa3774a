/**
 * Suite item 3 (issue 5): the cost of a Java-interface call's bytes with our hessian2 wrapper codec
 * (`createJavaMethodCodec`: `toHessian` shaping, hessian.js encoding, the TripleRequestWrapper, then
 * the TripleResponseWrapper, guarded decoding and `fromHessian`) against hessian.js alone encoding the
 * same argument bytes and decoding the same result bytes. No network: in-process, warm, interleaved
 * rounds, medians. Target: ours / hessian.js ≤ 1.10 for every shape.
 */

import { median } from '../../harness/stats.js';
import { hessianJsEncodeDecode, javaCallShapes, oursEncodeDecode } from '../../hessian/java-call-shapes.js';
import { runMicroBench } from '../../hessian/micro-bench.js';
import {
  checkTarget,
  type Measurement,
  type Scenario,
  type ScenarioResult,
  type TargetCheck,
} from '../scenario.js';

const PEER = 'hessian.js';
const TARGET_RATIO = 1.1;

const SETTINGS = {
  full: { warmupMs: 1000, batchMs: 60, rounds: 25 },
  quick: { warmupMs: 100, batchMs: 20, rounds: 3 },
} as const;

export const scenario: Scenario = {
  id: 'hessian',
  title: 'Java-interface call bytes: hessian2 wrapper codec vs hessian.js alone',
  budgetSeconds: 20,
  async run(context): Promise<ScenarioResult> {
    const started = performance.now();
    const settings = SETTINGS[context.mode];
    const measurements: Measurement[] = [];
    const ratios: ScenarioResult['ratios'][number][] = [];
    const targets: TargetCheck[] = [];
    for (const call of javaCallShapes()) {
      context.progress(`${call.label}: ${settings.rounds} rounds of ${settings.batchMs} ms per contender`);
      const result = runMicroBench(
        [
          { name: 'ours', run: () => oursEncodeDecode(call) },
          { name: PEER, run: () => hessianJsEncodeDecode(call) },
        ],
        settings,
      );
      const ours = result.rounds.ours!;
      const peer = result.rounds[PEER]!;
      // Ratio per round, then the median: a noisy round moves both contenders' numbers alike.
      const ratio = median(ours.map((us, i) => us / peer[i]!));
      const label = `${call.label} encode+decode`;
      measurements.push({
        label,
        unit: 'us/call',
        value: result.usPerCall.ours!,
        peers: { [PEER]: result.usPerCall[PEER]! },
      });
      ratios.push({ label, peer: PEER, ratio, better: 'lower' });
      targets.push(
        checkTarget(`${call.label}: ours/${PEER} <= ${TARGET_RATIO}`, ratio, TARGET_RATIO, 'lower'),
      );
      // Let timers and I/O of the runner breathe between shapes.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return {
      id: 'hessian',
      title: scenario.title,
      conditions: {
        node: process.version,
        network: 'none (in-process)',
        warmupMs: settings.warmupMs,
        batchMs: settings.batchMs,
        rounds: settings.rounds,
        statistic: 'median of interleaved rounds',
        ours: 'createJavaMethodCodec: encodeRequest + decodeResponse',
        peer: "hessian.encode(shaped arg, '2.0') + hessian.decode(result, '2.0')",
      },
      measurements,
      ratios,
      targets,
      elapsedMs: performance.now() - started,
    };
  },
};
