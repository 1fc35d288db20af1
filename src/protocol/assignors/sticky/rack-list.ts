/**
 * A list of member numbers that also counts its members per rack, so that the constrained
 * path's rack-aware round robin can tell in O(racks of the partition) that no member of the list
 * can take a partition on-rack, instead of scanning the whole list as Kafka does.
 *
 * @see spec/assignors-sticky.md (AS-33)
 * @packageDocumentation
 */
import { partitionOnRack, type RackInfo } from './racks.js';

/** An ordered list of members with per-rack counts. */
export class RackList {
  /** The members, in list order. */
  readonly items: number[] = [];
  private readonly perRack: Int32Array;

  constructor(private readonly racks: RackInfo) {
    let rackCount = 0;
    for (const r of racks.memberRack) if (r + 1 > rackCount) rackCount = r + 1;
    this.perRack = new Int32Array(rackCount);
  }

  /** The number of members in the list. */
  get length(): number {
    return this.items.length;
  }

  /** The member at position `i`. */
  at(i: number): number {
    return this.items[i] as number;
  }

  /** Appends member `m`. */
  push(m: number): void {
    this.items.push(m);
    this.count(m, 1);
  }

  /** Removes the member at position `i`, keeping the order of the others. */
  removeAt(i: number): void {
    const [m] = this.items.splice(i, 1);
    if (m !== undefined) this.count(m, -1);
  }

  /** Empties the list. */
  clear(): void {
    this.items.length = 0;
    this.perRack.fill(0);
  }

  /**
   * Kafka's `nextRackConsumer`: the first position at or after `from`, wrapping around, whose
   * member is on one of partition `g`'s racks, or -1.
   */
  nextOnRack(g: number, from: number): number {
    const { rackStart, partitionRacks, memberRack } = this.racks;
    let any = false;
    const end = rackStart[g + 1] as number;
    for (let i = rackStart[g] as number; i < end && !any; i++) any = (this.perRack[partitionRacks[i] as number] as number) > 0;
    if (!any) return -1;
    const n = this.items.length;
    for (let i = 0; i < n; i++) {
      const at = (from + i) % n;
      const r = memberRack[this.items[at] as number] as number;
      if (r >= 0 && partitionOnRack(this.racks, g, r)) return at;
    }
    return -1;
  }

  private count(m: number, delta: number): void {
    if (!this.racks.aware) return;
    const r = this.racks.memberRack[m] as number;
    if (r >= 0) this.perRack[r] = (this.perRack[r] as number) + delta;
  }
}
