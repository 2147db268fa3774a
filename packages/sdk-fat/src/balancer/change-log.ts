/**
 * A bounded log of "this provider's statistics changed", so each cached per-set index catches up on
 * the changes since it last looked (O(1) per change) instead of rescanning its providers on every
 * pick. An index that fell more than `capacity` entries behind rebuilds from scratch.
 */
export class ChangeLog {
  private readonly entries: string[];
  /** Number of entries ever appended; an index remembers the value it has caught up to. */
  private appended = 0;

  constructor(private readonly capacity = 1024) {
    this.entries = new Array<string>(capacity);
  }

  get sequence(): number {
    return this.appended;
  }

  append(identity: string): void {
    this.entries[this.appended % this.capacity] = identity;
    this.appended++;
  }

  /**
   * Visits the identities appended since `since`, oldest first. Returns false, visiting nothing,
   * when some of them were already overwritten: the caller must rebuild.
   */
  replay(since: number, visit: (identity: string) => void): boolean {
    if (this.appended - since > this.capacity) return false;
    for (let s = since; s < this.appended; s++) visit(this.entries[s % this.capacity]!);
    return true;
  }
}
