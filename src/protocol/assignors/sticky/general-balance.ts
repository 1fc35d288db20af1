/**
 * The general path's balancing step (Kafka's `GeneralAssignmentBuilder.balance`,
 * `performReassignments`, `isBalanced` and `getBalanceScore`; KAFKA-15106).
 *
 * @see spec/assignors-sticky.md (AS-39 to AS-44)
 * @packageDocumentation
 */
import { subscribes } from './group-index.js';
import type { GeneralState } from './general.js';

/**
 * Kafka's `isBalanced` (AS-40), answered without rebuilding a partition map per call.
 *
 * @remarks
 * Kafka asks before every partition it considers, and its full check walks every partition of
 * every topic of every member. The quick test (sizes differ by at most one) is O(1) here; the
 * full test asks, per topic, for the largest member holding one of its partitions, and only of
 * members at least two below the largest overall. Its answer can only change when a partition
 * moves, so it is cached until the next move.
 */
class BalanceCheck {
  private checkedAtMove = -1;
  private answer = false;
  private evaluation = 0;
  private readonly largestOwnerOf: Int32Array;
  private readonly largestOwnerAt: Int32Array;

  constructor(
    private readonly state: GeneralState,
    private readonly active: Uint8Array,
  ) {
    const topics = state.index.topicNames.length;
    this.largestOwnerOf = new Int32Array(topics);
    this.largestOwnerAt = new Int32Array(topics).fill(-1);
  }

  isBalanced(moves: number): boolean {
    const { order } = this.state;
    const first = order.first();
    const last = order.last();
    if (first < 0 || (order.sizes[first] as number) >= (order.sizes[last] as number) - 1) return true;
    if (this.checkedAtMove !== moves) {
      this.answer = this.noMemberCanTakeMore(order.sizes[last] as number);
      this.checkedAtMove = moves;
    }
    return this.answer;
  }

  /**
   * True when no active member short of all its partitions subscribes to a topic one of whose
   * partitions is held by a member with at least two partitions more.
   */
  private noMemberCanTakeMore(largest: number): boolean {
    const { index, order, maxAssignment } = this.state;
    const sizes = order.sizes;
    const candidates: number[] = [];
    for (let m = 0; m < sizes.length; m++) {
      const size = sizes[m] as number;
      if (this.active[m] === 1 && size < (maxAssignment[m] as number) && size + 2 <= largest) candidates.push(m);
    }
    // Smallest first: the likeliest to find a partition it could take, which ends the search.
    candidates.sort((a, b) => (sizes[a] as number) - (sizes[b] as number) || a - b);
    this.evaluation++;
    for (const m of candidates) {
      const needed = (sizes[m] as number) + 2;
      for (let i = index.memberTopicStart[m] as number; i < (index.memberTopicStart[m + 1] as number); i++) {
        if (this.largestOwner(index.memberTopics[i] as number) >= needed) return false;
      }
    }
    return true;
  }

  /** The size of the largest member holding a partition of topic `t` (memoized per evaluation). */
  private largestOwner(t: number): number {
    if (this.largestOwnerAt[t] === this.evaluation) return this.largestOwnerOf[t] as number;
    const { owner, order, index } = this.state;
    let largest = 0;
    for (let g = index.topicStart[t] as number; g < (index.topicStart[t + 1] as number); g++) {
      const size = order.sizes[owner[g] as number] as number;
      if (size > largest) largest = size;
    }
    this.largestOwnerOf[t] = largest;
    this.largestOwnerAt[t] = this.evaluation;
    return largest;
  }
}

/**
 * Kafka's `getBalanceScore` (AS-44): the sum over pairs of active members of their size
 * difference, computed from the sorted sizes in O(n log n) and wrapped to 32 bits as Java's
 * `int` arithmetic wraps it.
 *
 * @param active - 1 for each member that takes part (AS-39); the others are left out.
 */
export function balanceScore(sizes: Int32Array, active: Uint8Array): number {
  const list: number[] = [];
  for (let m = 0; m < sizes.length; m++) if (active[m] === 1) list.push(sizes[m] as number);
  const sorted = Int32Array.from(list).sort();
  let sum = 0;
  for (let i = 0; i < sorted.length; i++) sum += (sorted[i] as number) * (2 * i - sorted.length + 1);
  return Number(BigInt.asIntN(32, BigInt(sum)));
}

/** A 64-bit fingerprint (two FNV-1a variants) of the holders and the movement ledger. */
function fingerprint(state: GeneralState): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  const mix = (values: Int32Array): void => {
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      a = Math.imul(a ^ v, 0x01000193);
      b = Math.imul(b ^ v, 0x5bd1e995) ^ (b >>> 15);
    }
  };
  mix(state.owner);
  mix(state.movements.source);
  return `${a >>> 0}:${b >>> 0}`;
}

/**
 * Kafka's `performReassignments` (AS-41): passes over `partitions` until one moves nothing,
 * each pass stopping early once the assignment is balanced. Returns whether anything moved.
 *
 * @remarks
 * The holders and the movement ledger decide everything a pass does, so a pass that ends in the
 * state some pass (itself included) started from has entered a cycle that Kafka repeats forever:
 * a ledger redirect can keep undoing the move that would balance. We stop there instead (our
 * deviation, AS-41). States are compared by a 64-bit fingerprint.
 */
function performReassignments(state: GeneralState, partitions: Int32Array, check: BalanceCheck): boolean {
  const { order, index, previousOwner } = state;
  const sizes = order.sizes;
  const passStarts = new Set<string>([fingerprint(state)]);
  let performed = false;
  let modified: boolean;
  do {
    modified = false;
    for (const g of partitions) {
      if (check.isBalanced(state.moves)) break;
      const t = state.topicOf(g);
      const holder = state.owner[g] as number;
      const previous = previousOwner === null ? -1 : (previousOwner[g] as number);
      // A previous owner that no longer subscribes to the topic is passed over: Kafka would
      // give it the partition anyway (or fail), our deviation (AS-42).
      if (previous >= 0 && subscribes(index, previous, t) && (sizes[holder] as number) > (sizes[previous] as number) + 1) {
        reassign(state, g, previous);
        performed = modified = true;
        continue;
      }
      const lightest = order.firstSubscriber(t);
      if (lightest >= 0 && (sizes[holder] as number) > (sizes[lightest] as number) + 1) {
        reassign(state, g, lightest);
        performed = modified = true;
      }
    }
    if (modified) {
      const end = fingerprint(state);
      if (passStarts.has(end)) break;
      passStarts.add(end);
    }
  } while (modified);
  return performed;
}

/** Kafka's `reassignPartition`: moves `g`, or the partition the movement ledger picks instead, to `to` (AS-43). */
function reassign(state: GeneralState, g: number, to: number): void {
  const from = state.owner[g] as number;
  state.move(state.movements.partitionToMove(g, state.topicOf(g), from, to), to);
}

/**
 * Members that can take part in reassignment (AS-39): those short of all their partitions, and
 * those holding a partition of a topic with two or more subscribers.
 */
function activeMembers(state: GeneralState): Uint8Array {
  const { index, order, maxAssignment } = state;
  const active = new Uint8Array(index.members.length);
  for (let m = 0; m < active.length; m++) if ((order.sizes[m] as number) < (maxAssignment[m] as number)) active[m] = 1;
  for (let g = 0; g < state.owner.length; g++) {
    if ((index.subscriberCount[state.topicOf(g)] as number) >= 2) active[state.owner[g] as number] = 1;
  }
  return active;
}

/**
 * Kafka's `balance` after the initial fill (AS-39 to AS-44): fix what cannot move, try moving
 * only the newly assigned partitions (unless a revocation is needed anyway), then all
 * partitions, and keep the result only if it has a better balance score than before, unless
 * this is a first assignment.
 *
 * @param all - every partition in the general order (AS-37).
 * @param unassigned - the partitions the initial fill assigned, same order.
 */
export function balance(state: GeneralState, all: Int32Array, unassigned: Int32Array, initializing: boolean): void {
  const { index, order } = state;
  const movable = (g: number): boolean => (index.subscriberCount[state.topicOf(g)] as number) >= 2;
  const active = activeMembers(state);
  for (let m = 0; m < active.length; m++) if (active[m] === 0) order.deactivate(m);

  const savedOwner = state.owner.slice();
  const savedStamp = state.stamp.slice();
  const savedScore = balanceScore(order.sizes, active);
  const check = new BalanceCheck(state, active);
  if (!state.revocationRequired) performReassignments(state, unassigned.filter(movable), check);
  const performed = performReassignments(state, all.filter(movable), check);
  if (!initializing && performed && balanceScore(order.sizes, active) >= savedScore) {
    state.owner = savedOwner;
    state.stamp = savedStamp;
  }
}
