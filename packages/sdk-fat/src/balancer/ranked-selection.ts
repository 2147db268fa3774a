import type { Provider } from '../provider/provider.js';
import type { ProviderSet } from '../provider/provider-set.js';
import { type CallStat, type CallStats, providerIdentity } from './call-stats.js';
import { RankedIndex } from './ranked-index.js';
import type { WeightTable } from './weight-table.js';

interface IndexState {
  readonly index: RankedIndex;
  readonly table: WeightTable;
  /** Provider indexes by identity (a set may, oddly, list one endpoint twice). */
  readonly slots: ReadonlyMap<string, readonly number[]>;
  readonly epoch: number;
  /** How far into the method's change log this index has caught up. */
  sequence: number;
}

/**
 * "Lowest rank wins, ties weighted-random" over live call statistics, shared by `leastactive` and
 * `shortestresponse`. Each (provider set, method) gets a RankedIndex built once; a pick replays only
 * the statistics that changed since the previous pick (call-stats.ts change log), so its cost does
 * not grow with the number of providers.
 */
export class RankedSelection {
  private readonly indexes = new WeakMap<ProviderSet, Map<string, IndexState>>();

  constructor(
    private readonly stats: CallStats,
    private readonly rankOf: (stat: CallStat) => number,
  ) {}

  pick(providers: ProviderSet, method: string, table: WeightTable, random: () => number): Provider {
    let byMethod = this.indexes.get(providers);
    if (!byMethod) {
      byMethod = new Map();
      this.indexes.set(providers, byMethod);
    }
    const log = this.stats.log(method);
    let state = byMethod.get(method);
    const current =
      state !== undefined &&
      state.table === table &&
      state.epoch === this.stats.epoch &&
      log.replay(state.sequence, (identity) => this.rerank(state!, providers, method, identity));
    if (!state || !current) {
      state = this.build(providers, method, table);
      byMethod.set(method, state);
    }
    state.sequence = log.sequence;
    return providers.providers[state.index.pick(random)]!;
  }

  private rerank(state: IndexState, providers: ProviderSet, method: string, identity: string): void {
    for (const slot of state.slots.get(identity) ?? []) {
      state.index.setRank(slot, this.rankOf(this.stats.stat(providers.providers[slot]!, method)));
    }
  }

  private build(providers: ProviderSet, method: string, table: WeightTable): IndexState {
    const slots = new Map<string, number[]>();
    providers.providers.forEach((provider, slot) => {
      const identity = providerIdentity(provider);
      const list = slots.get(identity);
      if (list) list.push(slot);
      else slots.set(identity, [slot]);
    });
    const index = new RankedIndex(table, (slot) =>
      this.rankOf(this.stats.stat(providers.providers[slot]!, method)),
    );
    return { index, table, slots, epoch: this.stats.epoch, sequence: this.stats.log(method).sequence };
  }
}
