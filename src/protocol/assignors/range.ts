/**
 * Kafka's `RangeAssignor` (protocol name `range`): topic by topic, each subscriber in Kafka's
 * member order gets a contiguous range of partitions, the first ones one extra; with racks
 * (KIP-881) partitions are first matched to members on a rack holding a replica, under the same
 * per-topic quotas.
 *
 * @see spec/assignors.md (AS-09 to AS-15)
 * @packageDocumentation
 */
import { assignmentFromOwners, bucketize, buildSubscriptionTable, memberRack, type Buckets, type SubscriptionTable } from './common.js';
import type { AssignmentInput, GroupAssignment, PartitionAssignor } from './types.js';

/** The protocol name of the range assignor. */
export const RANGE_ASSIGNOR_NAME = 'range';

/** Options of {@link createRangeAssignor}. */
export interface RangeAssignorOptions {
  /**
   * Run the rack-aware procedure even when every partition has replicas on the same racks
   * (AS-11). Mirrors the package-private switch Kafka's own tests set
   * (`AbstractPartitionAssignor.preferRackAwareLogic`); a real consumer never sets it.
   * Default false.
   */
  readonly preferRackAwareLogic?: boolean;
}

const NO_RACKS: readonly string[] = [];

/**
 * The quota bookkeeping of one topic (Kafka's `TopicAssignmentState`): who owns each
 * partition, how many each subscriber holds, and how many subscribers may still go one above
 * the floor (AS-12).
 */
class TopicQuota {
  /** Member index owning each partition, -1 while unassigned. */
  readonly owner: Int32Array;
  /** Partitions held by each subscriber, by position in the topic's subscriber run. */
  private readonly held: Int32Array;
  private readonly floor: number;
  private extras: number;

  constructor(partitions: number, subscribers: number) {
    this.owner = new Int32Array(partitions).fill(-1);
    this.held = new Int32Array(subscribers);
    this.floor = Math.floor(partitions / subscribers);
    this.extras = partitions % subscribers;
  }

  /** How many more partitions the subscriber at `position` may take now. */
  capacity(position: number): number {
    return Math.max(0, this.floor + (this.extras > 0 ? 1 : 0) - (this.held[position] as number));
  }

  /**
   * Gives `partition` to the subscriber at `position`. Kafka counts an extra when a batch
   * leaves the subscriber above the floor; since no batch exceeds the capacity, that is the
   * moment its count reaches floor + 1, which is what we test per partition.
   */
  take(position: number, member: number, partition: number): void {
    this.owner[partition] = member;
    const held = (this.held[position] as number) + 1;
    this.held[position] = held;
    if (held === this.floor + 1) this.extras--;
  }

  /**
   * Gives the subscriber at `position` up to `limit` unassigned partitions, scanning
   * `order[at .. to)` (or the partition numbers `at .. to` when `order` is null) from `at`.
   * Returns where the scan stopped: every partition before it is assigned, so a later scan of
   * the same order may start there.
   */
  takeFirstFree(position: number, member: number, limit: number, order: Int32Array | null, at: number, to: number): number {
    let left = limit;
    let i = at;
    for (; left > 0 && i < to; i++) {
      const partition = order === null ? i : (order[i] as number);
      if ((this.owner[partition] as number) < 0) {
        this.take(position, member, partition);
        left--;
      }
    }
    return i;
  }
}

/** Rack ids shared by every topic: consumer racks are `0 .. consumerRacks - 1`, replica-only racks follow. */
class RackIds {
  readonly ids = new Map<string, number>();
  /** Each member's consumer rack id, or -1 when it has no rack (AS-12). */
  readonly memberRack: Int32Array;
  readonly consumerRacks: number;
  /** Scratch stamps, indexed by rack id, so that per-partition de-duplication never clears an array. */
  readonly seenAt: number[] = [];
  readonly unionAt: number[] = [];
  stamp = 0;

  constructor(table: SubscriptionTable) {
    this.memberRack = Int32Array.from(table.members, (member) => {
      const rack = memberRack(member);
      return rack === null ? -1 : this.idOf(rack);
    });
    this.consumerRacks = this.ids.size;
  }

  idOf(rack: string): number {
    let id = this.ids.get(rack);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(rack, id);
      this.seenAt.push(-1);
      this.unionAt.push(-1);
    }
    return id;
  }
}

/** One topic's replica racks, as consumer rack ids per partition, and whether it qualifies for AS-11. */
interface TopicRacks {
  /** Partition `p` has the consumer racks `racks[start[p] .. start[p + 1])` (distinct). */
  readonly start: Int32Array;
  readonly racks: Int32Array;
  readonly needsRackAware: boolean;
}

/**
 * Reads one topic's replica racks (Kafka's `TopicAssignmentState` constructor), or returns null
 * when none of its subscribers has a rack, in which case Kafka keeps no racks for the topic.
 */
function topicRacks(table: SubscriptionTable, t: number, ids: RackIds, preferRackAware: boolean): TopicRacks | null {
  const subscriberRack = new Uint8Array(ids.consumerRacks);
  let anySubscriberRack = false;
  for (let i = table.subscriberStart[t] as number; i < (table.subscriberStart[t + 1] as number); i++) {
    const rack = ids.memberRack[table.subscribers[i] as number] as number;
    if (rack >= 0) subscriberRack[rack] = 1;
    anySubscriberRack ||= rack >= 0;
  }
  if (!anySubscriberRack) return null;
  const partitions = table.partitionCounts[t] as number;
  const replicaRacks = table.topicMetadata[t]?.partitionRacks;
  const start = new Int32Array(partitions + 1);
  const racks: number[] = [];
  const distinct = new Int32Array(partitions);
  const topicStamp = ++ids.stamp;
  let unionSize = 0;
  let intersects = false;
  for (let p = 0; p < partitions; p++) {
    start[p] = racks.length;
    const partitionStamp = ++ids.stamp;
    for (const rack of replicaRacks?.[p] ?? NO_RACKS) {
      const id = ids.idOf(rack);
      if (ids.seenAt[id] === partitionStamp) continue;
      ids.seenAt[id] = partitionStamp;
      distinct[p] = (distinct[p] as number) + 1;
      if (ids.unionAt[id] !== topicStamp) {
        ids.unionAt[id] = topicStamp;
        unionSize++;
      }
      if (id < ids.consumerRacks) {
        racks.push(id);
        intersects ||= subscriberRack[id] === 1;
      }
    }
  }
  start[partitions] = racks.length;
  // A partition's rack set equals the union exactly when it has as many distinct racks.
  const uniform = distinct.every((count) => count === unionSize);
  return { start, racks: Int32Array.from(racks), needsRackAware: intersects && (preferRackAware || !uniform) };
}

/** Whether partition `p` of a topic has a replica on consumer rack `rack`. */
function hasRack(racks: TopicRacks, p: number, rack: number): boolean {
  for (let i = racks.start[p] as number; i < (racks.start[p + 1] as number); i++) if (racks.racks[i] === rack) return true;
  return false;
}

/** The standard range split of one topic among its subscribers (AS-09), as partition owners. */
function plainRange(table: SubscriptionTable, t: number): Int32Array {
  const from = table.subscriberStart[t] as number;
  const consumers = (table.subscriberStart[t + 1] as number) - from;
  const partitions = table.partitionCounts[t] as number;
  const owner = new Int32Array(partitions);
  const floor = Math.floor(partitions / consumers);
  const extras = partitions % consumers;
  for (let i = 0; i < consumers; i++) {
    const first = floor * i + Math.min(i, extras);
    owner.fill(table.subscribers[from + i] as number, first, first + floor + (i < extras ? 1 : 0));
  }
  return owner;
}

/** Everything the rack-aware passes share. */
interface RackAwareRun {
  readonly table: SubscriptionTable;
  readonly ids: RackIds;
  readonly racks: readonly (TopicRacks | null)[];
  readonly quotas: readonly TopicQuota[];
}

/**
 * AS-13: partition `i` of every topic of a co-partitioned group goes to the first subscriber
 * (in member order) that has a replica rack of partition `i` in every topic of the group (or no
 * rack) and capacity left.
 *
 * @remarks
 * Kafka scans all remaining subscribers per partition. We keep, per consumer rack and for
 * members without a rack, the subscribers in order with a pointer past those whose capacity is
 * spent: capacity never grows back (held counts only rise, the extras only fall), so a skipped
 * subscriber is never a candidate again. The answer is the lowest-positioned head among the
 * lists of the racks allowed for partition `i`. Every topic of the group moves in lockstep (same
 * subscribers, same counts, same partitions), so the first topic's quota speaks for all.
 */
function assignCoPartitioned(run: RackAwareRun, group: readonly number[]): void {
  const { table, ids } = run;
  const first = group[0] as number;
  const from = table.subscriberStart[first] as number;
  const consumers = (table.subscriberStart[first + 1] as number) - from;
  const partitions = table.partitionCounts[first] as number;
  const quotas = group.map((t) => run.quotas[t] as TopicQuota);
  const lead = quotas[0] as TopicQuota;
  const groupRacks = group.map((t) => run.racks[t] as TopicRacks);
  const none = ids.consumerRacks;
  const rackOf = (position: number): number => {
    const rack = ids.memberRack[table.subscribers[from + position] as number] as number;
    return rack < 0 ? none : rack;
  };
  const byRack = bucketize(none + 1, (add) => {
    for (let position = 0; position < consumers; position++) add(rackOf(position), position);
  });
  const head = byRack.start.slice(0, none + 1);
  const firstWithCapacity = (rack: number): number => {
    const end = byRack.start[rack + 1] as number;
    let at = head[rack] as number;
    while (at < end && lead.capacity(byRack.items[at] as number) === 0) at++;
    head[rack] = at;
    return at < end ? (byRack.items[at] as number) : -1;
  };
  const leadRacks = groupRacks[0] as TopicRacks;
  for (let p = 0; p < partitions; p++) {
    let best = firstWithCapacity(none);
    for (let i = leadRacks.start[p] as number; i < (leadRacks.start[p + 1] as number); i++) {
      const rack = leadRacks.racks[i] as number;
      if (!groupRacks.every((racks) => hasRack(racks, p, rack))) continue;
      const candidate = firstWithCapacity(rack);
      if (candidate >= 0 && (best < 0 || candidate < best)) best = candidate;
    }
    if (best < 0) continue;
    const member = table.subscribers[from + best] as number;
    for (const quota of quotas) quota.take(best, member, p);
  }
}

/**
 * AS-14: subscribers in member order each take, up to the capacity they have before taking,
 * the lowest unassigned partitions with a replica on their rack (any partition for a member
 * without a rack). One pointer per consumer rack, and one for members without a rack, moves
 * forward only, since everything it passed is assigned.
 */
function assignRackMatched(run: RackAwareRun, t: number): void {
  const { table, ids } = run;
  const racks = run.racks[t] as TopicRacks;
  const quota = run.quotas[t] as TopicQuota;
  const partitions = table.partitionCounts[t] as number;
  // Invert partition -> racks into rack -> partitions (ascending).
  const byRack = invertRacks(racks, partitions, ids.consumerRacks);
  const head = byRack.start.slice(0, ids.consumerRacks);
  let anyHead = 0;
  const from = table.subscriberStart[t] as number;
  const consumers = (table.subscriberStart[t + 1] as number) - from;
  for (let position = 0; position < consumers; position++) {
    const limit = quota.capacity(position);
    if (limit === 0) continue;
    const member = table.subscribers[from + position] as number;
    const rack = ids.memberRack[member] as number;
    if (rack < 0) {
      anyHead = quota.takeFirstFree(position, member, limit, null, anyHead, partitions);
    } else {
      const end = byRack.start[rack + 1] as number;
      head[rack] = quota.takeFirstFree(position, member, limit, byRack.items, head[rack] as number, end);
    }
  }
}

/** The partitions of each consumer rack, ascending, as buckets by rack id. */
function invertRacks(racks: TopicRacks, partitions: number, rackCount: number): Buckets {
  return bucketize(rackCount, (add) => {
    for (let p = 0; p < partitions; p++) {
      for (let i = racks.start[p] as number; i < (racks.start[p + 1] as number); i++) add(racks.racks[i] as number, p);
    }
  });
}

/** AS-15: subscribers in member order take, up to their capacity, the lowest unassigned partitions. */
function assignRemaining(run: RackAwareRun, t: number): void {
  const { table } = run;
  const quota = run.quotas[t] as TopicQuota;
  const partitions = table.partitionCounts[t] as number;
  const from = table.subscriberStart[t] as number;
  const consumers = (table.subscriberStart[t + 1] as number) - from;
  let at = 0;
  for (let position = 0; position < consumers && at < partitions; position++) {
    const limit = quota.capacity(position);
    if (limit > 0) at = quota.takeFirstFree(position, table.subscribers[from + position] as number, limit, null, at, partitions);
  }
}

/**
 * AS-13/AS-14 dispatch (Kafka's `assignWithRackMatching`): topics are grouped by subscriber set,
 * then by partition count. Topics whose subscribers have no rack are left out, as Kafka's
 * grouping by an empty rack map makes them a no-op.
 */
function assignWithRackMatching(run: RackAwareRun): void {
  const { table } = run;
  const groups = new Map<string, number[]>();
  for (let t = 0; t < table.topicNames.length; t++) {
    if (run.racks[t] === null) continue;
    const subscribers = table.subscribers.subarray(table.subscriberStart[t], table.subscriberStart[t + 1]);
    const key = `${table.partitionCounts[t]}:${subscribers.join(',')}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [t]);
    else group.push(t);
  }
  for (const group of groups.values()) {
    const only = group[0] as number;
    if (group.length > 1) assignCoPartitioned(run, group);
    else if ((run.racks[only] as TopicRacks).needsRackAware) assignRackMatched(run, only);
  }
}

/**
 * Computes the range assignment (AS-09 to AS-15).
 *
 * @remarks
 * Without racks this is O(partitions + subscriptions). With racks every pass is linear in
 * partitions times replicas, where Kafka's streams rescan the unassigned partitions for each
 * member; the pointers that make this possible are explained on each pass.
 */
export function assignRange(input: AssignmentInput, options: RangeAssignorOptions = {}): GroupAssignment {
  const table = buildSubscriptionTable(input);
  const topicCount = table.topicNames.length;
  let racks: (TopicRacks | null)[] = [];
  let ids: RackIds | null = null;
  if (table.members.some((member) => memberRack(member) !== null)) {
    const rackIds = new RackIds(table);
    ids = rackIds;
    racks = table.topicNames.map((_, t) => topicRacks(table, t, rackIds, options.preferRackAwareLogic === true));
  }
  if (ids === null || !racks.some((r) => r?.needsRackAware === true)) {
    return assignmentFromOwners(table, table.topicNames.map((_, t) => plainRange(table, t)));
  }
  const quotas = table.topicNames.map((_, t) => {
    const subscribers = (table.subscriberStart[t + 1] as number) - (table.subscriberStart[t] as number);
    return new TopicQuota(table.partitionCounts[t] as number, subscribers);
  });
  const run: RackAwareRun = { table, ids, racks, quotas };
  assignWithRackMatching(run);
  for (let t = 0; t < topicCount; t++) assignRemaining(run, t);
  return assignmentFromOwners(table, quotas.map((quota) => quota.owner));
}

/** A range assignor with the given options (AS-01, AS-08). */
export function createRangeAssignor(options: RangeAssignorOptions = {}): PartitionAssignor {
  return {
    name: RANGE_ASSIGNOR_NAME,
    supportedProtocols: ['EAGER'],
    assign: (input) => assignRange(input, options),
  };
}

/** Kafka's range assignor as a real consumer runs it: EAGER only, rack-aware, not sticky. */
export const rangeAssignor: PartitionAssignor = createRangeAssignor();
