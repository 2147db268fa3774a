import { formatServiceKey } from '@dubbo-mesh/sdk-core';
import type { Invocation } from '../invocation.js';
import type { Provider } from '../provider/provider.js';
import type { ProviderSet } from '../provider/provider-set.js';
import type { BalancerContext, LoadBalancer } from './load-balancer.js';
import { smoothRoundRobinSchedule } from './round-robin-schedule.js';
import { type WeightTable, WeightTables } from './weight-table.js';

/** Java's `RECYCLE_PERIOD`: round-robin state idle this long is dropped (governance.md §5). */
export const ROUND_ROBIN_IDLE_MS = 60_000;

interface Cursor {
  table: WeightTable;
  schedule: Int32Array | undefined;
  position: number;
  lastUsed: number;
}

/**
 * `roundrobin` (governance.md §5): smooth weighted round robin per `serviceKey.method`. The sequence
 * is precomputed once per weight table (round-robin-schedule.ts) and replayed by a cursor kept per
 * provider set and key, so a pick is O(1) and a router alternating between subsets does not reset
 * the sequence of either. State idle for more than 60 s starts over, like Java's recycling; unlike
 * Java, a new address list (a new ProviderSet) also starts its sequence from the beginning.
 */
export class RoundRobinBalancer implements LoadBalancer {
  readonly name = 'roundrobin';
  private readonly tables = new WeightTables();
  private readonly schedules = new WeakMap<WeightTable, Int32Array | undefined>();
  private readonly cursors = new WeakMap<ProviderSet, Map<string, Cursor>>();

  constructor(private readonly context: BalancerContext) {}

  pick(providers: ProviderSet, invocation: Invocation): Provider {
    if (providers.size === 1) return providers.providers[0]!;
    const now = this.context.now();
    const table = this.tables.get(providers, invocation.method, now);
    const cursor = this.cursorFor(
      providers,
      `${formatServiceKey(invocation.service)}.${invocation.method}`,
      table,
      now,
    );
    const length = cursor.schedule ? cursor.schedule.length : providers.size;
    const index = cursor.schedule ? cursor.schedule[cursor.position]! : cursor.position;
    cursor.position = (cursor.position + 1) % length;
    return providers.providers[index]!;
  }

  private cursorFor(providers: ProviderSet, key: string, table: WeightTable, now: number): Cursor {
    let byKey = this.cursors.get(providers);
    if (!byKey) {
      byKey = new Map();
      this.cursors.set(providers, byKey);
    }
    let cursor = byKey.get(key);
    if (!cursor) {
      cursor = { table, schedule: this.scheduleFor(table), position: 0, lastUsed: now };
      byKey.set(key, cursor);
    } else if (cursor.table !== table) {
      // Weights changed (warm-up): continue at the same step of the new sequence rather than at its
      // start, or slow callers would only ever see the first few steps of each new schedule.
      cursor.table = table;
      cursor.schedule = this.scheduleFor(table);
      cursor.position %= cursor.schedule ? cursor.schedule.length : providers.size;
    }
    if (now - cursor.lastUsed > ROUND_ROBIN_IDLE_MS) cursor.position = 0;
    cursor.lastUsed = now;
    return cursor;
  }

  private scheduleFor(table: WeightTable): Int32Array | undefined {
    if (this.schedules.has(table)) return this.schedules.get(table);
    const schedule = smoothRoundRobinSchedule(table.weights);
    this.schedules.set(table, schedule);
    return schedule;
  }
}
