/**
 * The constrained path: every member subscribes to the same topics (Kafka's
 * `AbstractStickyAssignor.ConstrainedAssignmentBuilder`, KAFKA-9987, KAFKA-12464, KAFKA-16277,
 * KIP-881).
 *
 * @remarks
 * Linear in partitions plus a sort of each member's owned partitions: quotas are known up
 * front, so each partition is looked at a constant number of times. Member lists and the
 * unfilled queues are plain arrays of member numbers in member id order.
 *
 * @see spec/assignors-sticky.md (AS-30 to AS-35)
 * @packageDocumentation
 */
import { InvariantViolation } from '../../invariant.js';
import type { GroupIndex } from './group-index.js';
import type { Ownership } from './ownership.js';
import { RackList } from './rack-list.js';
import { racksMismatch, type RackInfo } from './racks.js';

/** What a builder returns: each member's partitions in Kafka's order. */
export interface BuiltAssignment {
  /** Partition numbers per member (index order), in the order Kafka appends them. */
  readonly lists: readonly Int32Array[];
  /**
   * For the constrained path, 1 for each partition Kafka records as transferring ownership
   * (AS-35); null for the general path, where the cooperative assignor derives it (AS-47).
   */
  readonly transferring: Uint8Array | null;
}

/** The mutable state of one constrained assignment. */
class ConstrainedBuilder {
  private readonly minQuota: number;
  private readonly maxQuota: number;
  private readonly expectedOverMin: number;
  private currentOverMin = 0;
  private readonly counts: Int32Array;
  private readonly slots: Int32Array;
  private readonly assigned: Uint8Array;
  // The member that gave each partition up (-1 for none), to tell a transfer from a return.
  private readonly maybeRevoked: Int32Array;
  private readonly transferring: Uint8Array;
  private readonly underMin: RackList;
  private readonly exactlyMin: RackList;

  constructor(
    private readonly index: GroupIndex,
    private readonly ownership: Ownership,
    private readonly racks: RackInfo,
  ) {
    const members = index.members.length;
    const total = index.partitionCount;
    this.minQuota = Math.floor(total / members);
    this.maxQuota = Math.ceil(total / members);
    this.expectedOverMin = total % members;
    this.counts = new Int32Array(members);
    this.slots = new Int32Array(members * this.maxQuota);
    this.assigned = new Uint8Array(total);
    this.maybeRevoked = new Int32Array(total).fill(-1);
    this.transferring = new Uint8Array(total);
    this.underMin = new RackList(racks);
    this.exactlyMin = new RackList(racks);
  }

  build(): BuiltAssignment {
    this.assignOwnedPartitions();
    let unassigned = this.unassignedPartitions();
    if (this.racks.aware) unassigned = this.assignRackAwareRoundRobin(this.sortByMembersOnRacks(unassigned));
    this.assignRoundRobin(unassigned);
    this.verifyUnfilledMembers();
    const lists = this.index.members.map((_, m) =>
      this.slots.subarray(m * this.maxQuota, m * this.maxQuota + (this.counts[m] as number)),
    );
    return { lists, transferring: this.transferring };
  }

  /**
   * Member `m`'s owned partitions that may be kept: rack-matching ones (a mismatch is given up,
   * AS-46), sorted by partition number then topic (KAFKA-16277), without multiply claimed ones.
   */
  private keepable(m: number, keys: Float64Array): Int32Array {
    const { owned, ownedStart, multiplyClaimed } = this.ownership;
    const { topicOf, topicStart } = this.index;
    const topics = this.index.topicNames.length;
    let n = 0;
    for (let i = ownedStart[m] as number; i < (ownedStart[m + 1] as number); i++) {
      const g = owned[i] as number;
      if (racksMismatch(this.racks, m, g)) {
        this.maybeRevoked[g] = m;
        continue;
      }
      const t = topicOf[g] as number;
      // Topics are numbered by name, so this key orders by (partition, topic name).
      keys[n++] = (g - (topicStart[t] as number)) * topics + t;
    }
    const sorted = keys.subarray(0, n).sort();
    const kept = new Int32Array(n);
    let k = 0;
    for (const key of sorted) {
      const t = key % topics;
      const g = (topicStart[t] as number) + (key - t) / topics;
      if (multiplyClaimed[g] === 0) kept[k++] = g;
    }
    return kept.subarray(0, k);
  }

  /** Kafka's `assignOwnedPartitions` (AS-31), members in member id order (AS-29). */
  private assignOwnedPartitions(): void {
    const { ownedStart } = this.ownership;
    let widest = 0;
    for (let m = 0; m < this.index.members.length; m++) {
      widest = Math.max(widest, (ownedStart[m + 1] as number) - (ownedStart[m] as number));
    }
    const keys = new Float64Array(widest);
    for (let m = 0; m < this.index.members.length; m++) {
      const kept = this.keepable(m, keys);
      let keep: number;
      if (kept.length < this.minQuota) {
        keep = kept.length;
        this.underMin.push(m);
      } else if (kept.length >= this.maxQuota && this.currentOverMin < this.expectedOverMin) {
        keep = this.maxQuota;
        if (++this.currentOverMin === this.expectedOverMin) this.exactlyMin.clear();
      } else {
        keep = this.minQuota;
        if (this.currentOverMin < this.expectedOverMin) this.exactlyMin.push(m);
      }
      for (let i = 0; i < kept.length; i++) {
        const g = kept[i] as number;
        if (i < keep) {
          this.slots[m * this.maxQuota + i] = g;
          this.assigned[g] = 1;
        } else {
          this.maybeRevoked[g] = m;
        }
      }
      this.counts[m] = keep;
    }
  }

  /** Every partition nobody kept, topics by name then partitions ascending (AS-32). */
  private unassignedPartitions(): Int32Array {
    const out = new Int32Array(this.index.partitionCount);
    let n = 0;
    for (let g = 0; g < this.index.partitionCount; g++) if (this.assigned[g] === 0) out[n++] = g;
    return out.subarray(0, n);
  }

  /** A stable sort by how many members sit on the partition's racks, fewest first (AS-32). */
  private sortByMembersOnRacks(partitions: Int32Array): Int32Array {
    const weight = this.racks.membersOnRacks;
    let max = 0;
    for (const g of partitions) max = Math.max(max, weight[g] as number);
    const start = new Int32Array(max + 2);
    for (const g of partitions) {
      const w = (weight[g] as number) + 1;
      start[w] = (start[w] as number) + 1;
    }
    for (let w = 0; w < max + 1; w++) start[w + 1] = (start[w + 1] as number) + (start[w] as number);
    const out = new Int32Array(partitions.length);
    for (const g of partitions) {
      const w = weight[g] as number;
      out[start[w] as number] = g;
      start[w] = (start[w] as number) + 1;
    }
    return out;
  }

  /**
   * Kafka's `assignRackAwareRoundRobin` (AS-33): on-rack members only, under-min members in
   * turn, then exactly-min members up to the max quota. Returns the partitions left over.
   */
  private assignRackAwareRoundRobin(partitions: Int32Array): Int32Array {
    const left = new Int32Array(partitions.length);
    let n = 0;
    let next = 0;
    for (const g of partitions) {
      let member = -1;
      let at = this.underMin.nextOnRack(g, next);
      if (at >= 0) {
        member = this.underMin.at(at);
        const count = (this.counts[member] as number) + 1;
        if (count >= this.minQuota) {
          this.underMin.removeAt(at);
          if (count < this.maxQuota && this.currentOverMin < this.expectedOverMin) this.exactlyMin.push(member);
        } else {
          at++;
        }
        next = this.underMin.length === 0 ? 0 : at % this.underMin.length;
      } else if (this.exactlyMin.length > 0) {
        const first = this.exactlyMin.nextOnRack(g, 0);
        if (first >= 0) {
          member = this.exactlyMin.at(first);
          if ((this.counts[member] as number) + 1 === this.maxQuota) {
            this.exactlyMin.removeAt(first);
            if (++this.currentOverMin === this.expectedOverMin) this.exactlyMin.clear();
          }
        }
      }
      if (member >= 0) this.assignNewPartition(g, member);
      else left[n++] = g;
    }
    return left.subarray(0, n);
  }

  /**
   * Kafka's `assignRoundRobin` (AS-34): an iterator over the under-min members that drops a
   * member on reaching the min quota and starts over at the end; once none is left, exactly-min
   * members are taken first in, first out.
   */
  private assignRoundRobin(partitions: Int32Array): void {
    // `position` is the iterator's cursor into `underMin`; `returned` the position it last gave.
    let position = 0;
    let returned = -1;
    for (const g of partitions) {
      let member: number;
      if (position < this.underMin.length) {
        returned = position++;
        member = this.underMin.at(returned);
      } else if (this.underMin.length > 0) {
        returned = 0;
        position = 1;
        member = this.underMin.at(0);
      } else if (this.exactlyMin.length > 0) {
        returned = -1;
        member = this.exactlyMin.at(0);
        this.exactlyMin.removeAt(0);
      } else {
        throw new InvariantViolation('AS-34', 'partitions are left but no member is below its quota');
      }
      const count = this.assignNewPartition(g, member);
      if (count === this.minQuota) {
        if (returned < 0) throw new InvariantViolation('AS-34', `member ${member} fell below the min quota`);
        this.underMin.removeAt(returned);
        position--;
        returned = -1;
        this.exactlyMin.push(member);
      } else if (count === this.maxQuota) {
        this.currentOverMin++;
      }
    }
  }

  /** Gives `g` to `member`; records a transfer when someone else gave it up or several claimed it (AS-35). */
  private assignNewPartition(g: number, member: number): number {
    const count = this.counts[member] as number;
    if (count >= this.maxQuota) throw new InvariantViolation('AS-30', `member ${member} would exceed the max quota`);
    this.slots[member * this.maxQuota + count] = g;
    this.counts[member] = count + 1;
    const revokedFrom = this.maybeRevoked[g] as number;
    if ((revokedFrom >= 0 && revokedFrom !== member) || this.ownership.multiplyClaimed[g] === 1) this.transferring[g] = 1;
    return count + 1;
  }

  /** Kafka's `verifyUnfilledMembers`: a member still below the min quota is a bug (AS-49). */
  private verifyUnfilledMembers(): void {
    if (this.underMin.length === 0) return;
    if (this.currentOverMin !== this.expectedOverMin) {
      throw new InvariantViolation('AS-30', 'fewer members than expected reached the max quota, and no partition is left');
    }
    for (const m of this.underMin.items) {
      if (this.counts[m] !== this.minQuota) {
        throw new InvariantViolation('AS-30', `member ${m} has ${this.counts[m]} partitions, below the min quota ${this.minQuota}`);
      }
    }
  }
}

/** Runs the constrained path (AS-30 to AS-35). The group must have at least one member. */
export function assignConstrained(index: GroupIndex, ownership: Ownership, racks: RackInfo): BuiltAssignment {
  return new ConstrainedBuilder(index, ownership, racks).build();
}
