/**
 * The general path: members subscribe to different topics (Kafka's
 * `AbstractStickyAssignor.GeneralAssignmentBuilder`, the KIP-54 algorithm as optimized by
 * KAFKA-12675, with KIP-881 rack awareness).
 *
 * @remarks
 * A member's partitions are not kept as lists: each partition has an owner and an append stamp,
 * and a member's list is its partitions in stamp order, which is exactly the order Kafka's
 * `ArrayList`s hold (appends at the end, removals keep the rest in place). Moving a partition is
 * then O(1) plus the order update, and saving or restoring the whole assignment is a copy of two
 * typed arrays.
 *
 * @see spec/assignors-sticky.md (AS-36 to AS-44)
 * @packageDocumentation
 */
import type { BuiltAssignment } from './constrained.js';
import { balance } from './general-balance.js';
import { subscribes, type GroupIndex } from './group-index.js';
import { buildClasses, MemberOrder } from './member-order.js';
import { PartitionMovements } from './movements.js';
import type { Ownership } from './ownership.js';
import { racksMismatch, type RackInfo } from './racks.js';

/** The mutable state of one general assignment, shared with the balancing step. */
export class GeneralState {
  /** The member holding each partition, -1 while unassigned. */
  owner: Int32Array;
  /** When each partition joined its member's list; orders the output lists. */
  stamp: Int32Array;
  nextStamp = 0;
  /** How many moves the balancing step has made; the balance check caches by it. */
  moves = 0;
  readonly order: MemberOrder;
  readonly movements: PartitionMovements;
  /** The most partitions each member could hold: the partitions of all its topics. */
  readonly maxAssignment: Float64Array;
  /** The previous owner from an older generation of each partition (AS-42), -1 for none. */
  readonly previousOwner: Int32Array | null;
  /** Whether an owned partition was dropped for a subscription change or a rack mismatch. */
  revocationRequired = false;

  constructor(
    readonly index: GroupIndex,
    readonly ownership: Ownership,
    readonly racks: RackInfo,
  ) {
    const total = index.partitionCount;
    const members = index.members.length;
    this.owner = new Int32Array(total).fill(-1);
    this.stamp = new Int32Array(total);
    this.movements = new PartitionMovements(total, members);
    this.maxAssignment = new Float64Array(members);
    for (let m = 0; m < members; m++) {
      for (let i = index.memberTopicStart[m] as number; i < (index.memberTopicStart[m + 1] as number); i++) {
        const t = index.memberTopics[i] as number;
        this.maxAssignment[m] = (this.maxAssignment[m] as number) + (index.topicStart[t + 1] as number) - (index.topicStart[t] as number);
      }
    }
    const sizes = this.assignOwnedPartitions();
    this.order = new MemberOrder(buildClasses(index, racks), sizes);
    this.previousOwner = this.previousAssignment();
  }

  /** The topic of partition `g`. */
  topicOf(g: number): number {
    return this.index.topicOf[g] as number;
  }

  /** Appends `g` to member `m`'s list (the partition must be unassigned). */
  give(g: number, m: number): void {
    this.owner[g] = m;
    this.stamp[g] = this.nextStamp++;
    this.order.setSize(m, (this.order.sizes[m] as number) + 1);
  }

  /** Moves `g` from its owner to the end of `to`'s list, recording the movement. */
  move(g: number, to: number): void {
    const from = this.owner[g] as number;
    this.movements.record(g, this.topicOf(g), from, to);
    this.order.setSize(from, (this.order.sizes[from] as number) - 1);
    this.owner[g] = to;
    this.stamp[g] = this.nextStamp++;
    this.order.setSize(to, (this.order.sizes[to] as number) + 1);
    this.moves++;
  }

  /**
   * Kafka's general `assignOwnedPartitions` (AS-36): a member keeps each owned partition of a
   * topic it still subscribes to and, when rack-aware, whose racks match; dropping one for
   * either reason makes revocation required. Returns the members' sizes.
   */
  private assignOwnedPartitions(): Int32Array {
    const { owned, ownedStart } = this.ownership;
    const sizes = new Int32Array(this.index.members.length);
    for (let m = 0; m < sizes.length; m++) {
      for (let i = ownedStart[m] as number; i < (ownedStart[m + 1] as number); i++) {
        const g = owned[i] as number;
        if (!subscribes(this.index, m, this.topicOf(g)) || racksMismatch(this.racks, m, g)) {
          this.revocationRequired = true;
          continue;
        }
        this.owner[g] = m;
        this.stamp[g] = this.nextStamp++;
        sizes[m] = (sizes[m] as number) + 1;
      }
    }
    return sizes;
  }

  /**
   * Kafka's `prepopulateCurrentAssignments` (AS-42): for every partition claimed by a member
   * whose generation is below the highest, the claimant of the highest such generation (the
   * first in member id order on a tie). Null when no member is behind.
   */
  private previousAssignment(): Int32Array | null {
    const { generation, maxGeneration, claims, claimStart } = this.ownership;
    let behind = false;
    for (const gen of generation) if (gen < maxGeneration) behind = true;
    if (!behind) return null;
    const previous = new Int32Array(this.index.partitionCount).fill(-1);
    const previousGeneration = new Int32Array(this.index.partitionCount);
    for (let m = 0; m < generation.length; m++) {
      const gen = generation[m] as number;
      if (gen >= maxGeneration) continue;
      for (let i = claimStart[m] as number; i < (claimStart[m + 1] as number); i++) {
        const g = claims[i] as number;
        if ((previous[g] as number) < 0 || gen > (previousGeneration[g] as number)) {
          previous[g] = m;
          previousGeneration[g] = gen;
        }
      }
    }
    return previous;
  }
}

/**
 * Every partition in the general path's order (AS-37): topics by number of subscribers, then
 * by name; partitions ascending.
 */
function sortedAllPartitions(index: GroupIndex): Int32Array {
  const topics = Array.from(index.topicNames, (_, t) => t);
  topics.sort((a, b) => (index.subscriberCount[a] as number) - (index.subscriberCount[b] as number) || a - b);
  const out = new Int32Array(index.partitionCount);
  let n = 0;
  for (const t of topics) for (let g = index.topicStart[t] as number; g < (index.topicStart[t + 1] as number); g++) out[n++] = g;
  return out;
}

/**
 * Kafka's `maybeAssign` (AS-38): each partition still unassigned goes to the first member in
 * (size, id) order that subscribes to its topic; in the rack-aware pass only to a member without
 * a rack or on one of the partition's racks, leaving the rest for the second pass.
 */
function assignUnassigned(state: GeneralState, unassigned: Int32Array): void {
  const { racks, order } = state;
  if (racks.aware) {
    for (const g of unassigned) {
      const m = order.firstSubscriber(state.topicOf(g), racks, g);
      if (m >= 0) state.give(g, m);
    }
  }
  for (const g of unassigned) {
    if (state.owner[g] !== -1) continue;
    const m = order.firstSubscriber(state.topicOf(g));
    if (m >= 0) state.give(g, m);
  }
}

/** Each member's partitions in stamp order (the order of Kafka's lists). */
function listsByStamp(state: GeneralState): Int32Array[] {
  const members = state.index.members.length;
  const bySlot = new Int32Array(state.nextStamp).fill(-1);
  const counts = new Int32Array(members + 1);
  for (let g = 0; g < state.owner.length; g++) {
    const m = state.owner[g] as number;
    if (m < 0) continue;
    bySlot[state.stamp[g] as number] = g;
    counts[m + 1] = (counts[m + 1] as number) + 1;
  }
  for (let m = 0; m < members; m++) counts[m + 1] = (counts[m + 1] as number) + (counts[m] as number);
  const flat = new Int32Array(counts[members] as number);
  const fill = counts.slice(0, members);
  // Stamps of held partitions are distinct, so walking the slots visits each once, in order.
  for (const g of bySlot) {
    if (g < 0) continue;
    const m = state.owner[g] as number;
    flat[fill[m] as number] = g;
    fill[m] = (fill[m] as number) + 1;
  }
  return Array.from({ length: members }, (_, m) => flat.subarray(counts[m], counts[m + 1]));
}

/** Runs the general path (AS-36 to AS-44). */
export function assignGeneral(index: GroupIndex, ownership: Ownership, racks: RackInfo): BuiltAssignment {
  const state = new GeneralState(index, ownership, racks);
  const all = sortedAllPartitions(index);
  const unassigned = all.filter((g) => state.owner[g] === -1);
  // Kafka's `initializing`: the last member in (size, id) order has nothing, so nobody has.
  const last = state.order.last();
  const initializing = last < 0 || state.order.sizes[last] === 0;
  assignUnassigned(state, unassigned);
  balance(state, all, unassigned, initializing);
  return { lists: listsByStamp(state), transferring: null };
}
