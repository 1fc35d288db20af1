/**
 * The general path's movement ledger (Kafka's `AbstractStickyAssignor.PartitionMovements`):
 * where each moved partition came from, and per topic which partitions went from one member to
 * another, so that a move that would undo an earlier move of the same topic between the same
 * two members moves a partition back instead.
 *
 * @see spec/assignors-sticky.md (AS-43)
 * @packageDocumentation
 */

/** Partition movements of one general assignment. */
export class PartitionMovements {
  /**
   * The member each moved partition came from at the start; -1 for a partition not moved.
   * With the partitions' holders it determines the whole ledger.
   */
  readonly source: Int32Array;
  // Per topic: pair key (source * members + destination) -> partitions moved along that pair.
  private readonly byTopic = new Map<number, Map<number, Set<number>>>();

  constructor(
    partitionCount: number,
    private readonly memberCount: number,
  ) {
    this.source = new Int32Array(partitionCount).fill(-1);
  }

  /**
   * Kafka's `getTheActualPartitionToBeMoved`: the partition to move when `g` (of topic `t`)
   * should go from `from` to `to`. If some partition of the topic earlier went from `to` to
   * `g`'s original member, that move is undone instead; of several such partitions we take the
   * lowest partition number, where Kafka takes its hash set's first (our choice, AS-43).
   */
  partitionToMove(g: number, t: number, from: number, to: number): number {
    const moves = this.byTopic.get(t);
    if (moves === undefined) return g;
    const original = (this.source[g] as number) >= 0 ? (this.source[g] as number) : from;
    const reverse = moves.get(to * this.memberCount + original);
    if (reverse === undefined) return g;
    let lowest = Infinity;
    for (const candidate of reverse) if (candidate < lowest) lowest = candidate;
    return lowest;
  }

  /** Records that `g` (of topic `t`) moves from `from` to `to` (Kafka's `movePartition`). */
  record(g: number, t: number, from: number, to: number): void {
    const original = this.source[g] as number;
    if (original >= 0) {
      this.remove(g, t, original, from);
      // Back where it started: the partition no longer counts as moved.
      if (original !== to) this.add(g, t, original, to);
      else this.source[g] = -1;
    } else {
      this.add(g, t, from, to);
    }
  }

  private add(g: number, t: number, from: number, to: number): void {
    this.source[g] = from;
    let moves = this.byTopic.get(t);
    if (moves === undefined) this.byTopic.set(t, (moves = new Map()));
    const key = from * this.memberCount + to;
    let set = moves.get(key);
    if (set === undefined) moves.set(key, (set = new Set()));
    set.add(g);
  }

  private remove(g: number, t: number, from: number, to: number): void {
    const moves = this.byTopic.get(t);
    const key = from * this.memberCount + to;
    const set = moves?.get(key);
    if (moves === undefined || set === undefined) return;
    set.delete(g);
    if (set.size === 0) moves.delete(key);
    if (moves.size === 0) this.byTopic.delete(t);
  }
}
