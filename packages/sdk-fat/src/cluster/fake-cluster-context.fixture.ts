import { Code, RpcError } from '@dubbo-mesh/sdk-core';
import { invocation as greeterInvocation } from '../balancer/greeter-providers.fixture.js';
import type { Invocation } from '../invocation.js';
import type { Provider } from '../provider/provider.js';
import { ProviderSet } from '../provider/provider-set.js';
import type { ClusterContext } from './cluster-strategy.js';

/** A scheduler the test drives: tasks run when `advance` passes their time, never on a real timer. */
export class FakeScheduler {
  time = 0;
  private tasks: { at: number; task: () => void; cancelled: boolean }[] = [];

  schedule = (delayMs: number, task: () => void): (() => void) => {
    const entry = { at: this.time + delayMs, task, cancelled: false };
    this.tasks.push(entry);
    return () => {
      entry.cancelled = true;
    };
  };

  /** Delays of the tasks still waiting, from now. */
  get pending(): number[] {
    return this.tasks.filter((t) => !t.cancelled).map((t) => t.at - this.time);
  }

  /** Moves the clock, running due tasks in time order and letting their promises settle. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      const due = this.tasks.filter((t) => !t.cancelled && t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.tasks = this.tasks.filter((t) => t !== due);
      this.time = due.at;
      due.task();
      await settle();
    }
    this.time = end;
  }
}

/** Lets pending promise callbacks run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

/** What one attempt on a provider does: a value, an error, or a promise the test settles. */
export type Outcome<R> = R | Error | Promise<R>;

export interface FakeContextOptions<R> {
  /** The routed providers, or a function giving the list for each `providers()` call. */
  providers: readonly Provider[] | ((call: number) => readonly Provider[]);
  /** Outcomes by provider address, consumed in order; the last one repeats. */
  outcomes: Readonly<Record<string, readonly Outcome<R>[]>>;
  params?: Readonly<Record<string, string>>;
  invocation?: Invocation;
  scheduler?: FakeScheduler;
  /** Leave out `onSwallowed`, to test the warning fallback. */
  withoutSwallowHook?: boolean;
}

export interface FakeContext<R> extends ClusterContext<R> {
  /** Providers attempted, in order. */
  readonly attempts: Provider[];
  /** Excluded sets seen by `select`, by call. */
  readonly selections: ReadonlySet<Provider>[];
  readonly swallowed: unknown[];
  providersCalls: number;
}

/**
 * A ClusterContext with scripted attempt outcomes. `select` is deterministic: the first provider not
 * excluded, else the first (Java's reselect when all were tried).
 */
export function fakeContext<R>(options: FakeContextOptions<R>): FakeContext<R> {
  const used = new Map<string, number>();
  const scheduler = options.scheduler ?? new FakeScheduler();
  const context: FakeContext<R> = {
    invocation: options.invocation ?? greeterInvocation(),
    attempts: [],
    selections: [],
    swallowed: [],
    providersCalls: 0,
    providers() {
      const list =
        typeof options.providers === 'function'
          ? options.providers(context.providersCalls)
          : options.providers;
      context.providersCalls++;
      return new ProviderSet(list);
    },
    select(providers, excluded) {
      context.selections.push(new Set(excluded));
      return providers.providers.find((p) => !excluded.has(p)) ?? providers.providers[0];
    },
    attempt(provider) {
      context.attempts.push(provider);
      const script = options.outcomes[provider.address] ?? [
        new RpcError(Code.Unavailable, `no script for ${provider.address}`),
      ];
      const index = used.get(provider.address) ?? 0;
      used.set(provider.address, index + 1);
      const outcome = script[Math.min(index, script.length - 1)];
      if (outcome instanceof Error) return Promise.reject(outcome);
      return Promise.resolve(outcome as R | Promise<R>);
    },
    param: (key) => options.params?.[key],
    now: () => scheduler.time,
    schedule: scheduler.schedule,
  };
  if (!options.withoutSwallowHook) context.onSwallowed = (error) => context.swallowed.push(error);
  return context;
}

/** A promise the test settles by hand, to order parallel attempts. */
export function deferred<T>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: Error) => void;
} {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
