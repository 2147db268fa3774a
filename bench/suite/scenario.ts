/**
 * The contract between `pnpm bench` (bench/suite/run-suite.ts) and each benchmark it runs.
 *
 * A scenario measures our code and its peers side by side in one run and reports ratios
 * (ours / peer), never absolute pass/fail: these machines are noisy (TOOLCHAIN.md).
 */

/** Which way a ratio is better: throughput wants a high ratio, time and CPU a low one. */
export type Better = 'higher' | 'lower';

/** One measured quantity, e.g. "req/s, 8 B, concurrency 50". */
export interface Measurement {
  /** What was measured, short: `unary 8 B c50 req/s`. */
  readonly label: string;
  /** Unit of `value`: `req/s`, `ms`, `us/call`, `msg/s`, `MB`, `calls`. */
  readonly unit: string;
  /** Our value. */
  readonly value: number;
  /** Peer values by peer name, same unit (`grpc-js`, `h2`, `dubbo-js`, `nginx`, `hessian.js`...). */
  readonly peers: Readonly<Record<string, number>>;
}

/** A ratio the issue sets a target for, checked in the same run. */
export interface TargetCheck {
  /** What the target says, e.g. `unary 8 B c50 req/s ours/grpc-js >= 1.7`. */
  readonly target: string;
  /** The measured ratio or value. */
  readonly measured: number;
  /** The bound. */
  readonly bound: number;
  readonly better: Better;
  readonly met: boolean;
}

export interface ScenarioResult {
  /** Stable id used as a key in results.json: `unary`, `streaming`, `hessian`, `sidecar`, `fat`, `fallback`, `footprint`, `channel`. */
  readonly id: string;
  /** Human title for the table heading. */
  readonly title: string;
  /** Conditions that make the numbers reproducible: payloads, concurrency, duration, connections, servers. */
  readonly conditions: Readonly<Record<string, string | number | boolean>>;
  readonly measurements: readonly Measurement[];
  /** Ratios for the chart: `ours/<peer>` per measurement label. */
  readonly ratios: readonly {
    readonly label: string;
    readonly peer: string;
    readonly ratio: number;
    readonly better: Better;
  }[];
  readonly targets: readonly TargetCheck[];
  /** Wall time the scenario took, ms. */
  readonly elapsedMs: number;
}

/** What the runner hands each scenario. */
export interface ScenarioContext {
  /** `quick` is for the test that smoke-runs the suite: tiny windows, one round. */
  readonly mode: 'full' | 'quick';
  /** Progress lines for the user (the runner prefixes the scenario id). */
  progress(line: string): void;
}

export interface Scenario {
  readonly id: string;
  readonly title: string;
  /** Rough wall time in full mode, seconds, so the runner can print an ETA and keep under 10 min. */
  readonly budgetSeconds: number;
  run(context: ScenarioContext): Promise<ScenarioResult>;
}

/** A target check from a ratio, `better` deciding the direction of the bound. */
export function checkTarget(target: string, measured: number, bound: number, better: Better): TargetCheck {
  const met = better === 'higher' ? measured >= bound : measured <= bound;
  return { target, measured, bound, better, met: Number.isFinite(measured) && met };
}
