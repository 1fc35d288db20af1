/**
 * Kafka's `sortedCurrentSubscriptions` for the general path: members ordered by (number of
 * partitions, member id), with the queries the general builder makes of it answered in
 * O(log members) instead of by walking the ordered set.
 *
 * @remarks
 * Members with the same subscribed topics and the same rack form a class. The general builder
 * only ever asks for the first member, in (size, id) order, among the subscribers of one topic
 * (optionally on-rack for one partition), so each class keeps a min segment tree of its members'
 * keys `size * memberCount + m` and a query takes the minimum over the classes subscribing to the
 * topic. Two global trees give the overall first and last member. A member taken out of the
 * order (Kafka removes members that cannot take part in reassignment) has key +Infinity in the
 * min trees and -Infinity in the max tree.
 *
 * @see spec/assignors-sticky.md (AS-38, AS-41)
 * @packageDocumentation
 */
import type { GroupIndex } from './group-index.js';
import { partitionOnRack, type RackInfo } from './racks.js';

/** Members grouped by (subscribed topics, rack). */
export interface SubscriptionClasses {
  /** The class of each member. */
  readonly classOf: Int32Array;
  /** Each member's position within its class (classes list members ascending). */
  readonly positionInClass: Int32Array;
  /** The number of members in each class. */
  readonly classSize: Int32Array;
  /** Each class's rack number, -1 for members without a rack (or when not rack-aware). */
  readonly classRack: Int32Array;
  /** Topic `t` is subscribed by classes `topicClasses[topicClassStart[t] .. topicClassStart[t + 1]]`. */
  readonly topicClassStart: Int32Array;
  /** The classes subscribing to each topic, one topic after the other. */
  readonly topicClasses: Int32Array;
}

/** FNV-1a over a list of topic indices and a rack number. */
function hashTopics(topics: Int32Array, rack: number): number {
  let hash = Math.imul(0x811c9dc5 ^ (rack + 1), 0x01000193);
  for (let i = 0; i < topics.length; i++) hash = Math.imul(hash ^ (topics[i] as number), 0x01000193);
  return hash >>> 0;
}

/** Whether two ascending topic lists are equal. */
function sameTopics(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The topic index lists of each class, for building the topic-to-class table. */
function topicClassTable(topicCount: number, classTopics: readonly Int32Array[]): { start: Int32Array; classes: Int32Array } {
  const start = new Int32Array(topicCount + 1);
  for (const topics of classTopics) for (const t of topics) start[t + 1] = (start[t + 1] as number) + 1;
  for (let t = 0; t < topicCount; t++) start[t + 1] = (start[t + 1] as number) + (start[t] as number);
  const classes = new Int32Array(start[topicCount] as number);
  const fill = start.slice(0, topicCount);
  classTopics.forEach((topics, c) => {
    for (const t of topics) {
      classes[fill[t] as number] = c;
      fill[t] = (fill[t] as number) + 1;
    }
  });
  return { start, classes };
}

/**
 * Groups members into classes by their assignable topics and rack. Classes are found through a
 * hash of the topic list, so grouping costs one pass over the subscriptions.
 */
export function buildClasses(index: GroupIndex, racks: RackInfo): SubscriptionClasses {
  const members = index.members.length;
  const classesByHash = new Map<number, number[]>();
  const classOf = new Int32Array(members);
  const positionInClass = new Int32Array(members);
  const sizes: number[] = [];
  const classRack: number[] = [];
  const classTopics: Int32Array[] = [];
  for (let m = 0; m < members; m++) {
    const rack = racks.aware ? (racks.memberRack[m] as number) : -1;
    const topics = index.memberTopics.subarray(index.memberTopicStart[m], index.memberTopicStart[m + 1]);
    const hash = hashTopics(topics, rack);
    let candidates = classesByHash.get(hash);
    if (candidates === undefined) classesByHash.set(hash, (candidates = []));
    let c = candidates.find((k) => classRack[k] === rack && sameTopics(classTopics[k] as Int32Array, topics));
    if (c === undefined) {
      c = sizes.length;
      candidates.push(c);
      sizes.push(0);
      classRack.push(rack);
      classTopics.push(topics);
    }
    classOf[m] = c;
    positionInClass[m] = sizes[c] as number;
    sizes[c] = (sizes[c] as number) + 1;
  }
  const table = topicClassTable(index.topicNames.length, classTopics);
  return {
    classOf,
    positionInClass,
    classSize: Int32Array.from(sizes),
    classRack: Int32Array.from(classRack),
    topicClassStart: table.start,
    topicClasses: table.classes,
  };
}

/** Members ordered by (size, member id), with per-class minimum queries. */
export class MemberOrder {
  /** The current number of partitions of each member. */
  readonly sizes: Int32Array;
  private readonly count: number;
  private readonly active: Uint8Array;
  private readonly minTree: Float64Array;
  private readonly maxTree: Float64Array;
  private readonly classTree: Float64Array;
  private readonly classOffset: Int32Array;

  constructor(
    private readonly classes: SubscriptionClasses,
    sizes: Int32Array,
  ) {
    this.count = sizes.length;
    this.sizes = sizes;
    this.active = new Uint8Array(this.count).fill(1);
    this.minTree = new Float64Array(2 * this.count).fill(Infinity);
    this.maxTree = new Float64Array(2 * this.count).fill(-Infinity);
    const classCount = classes.classSize.length;
    this.classOffset = new Int32Array(classCount + 1);
    for (let c = 0; c < classCount; c++) {
      this.classOffset[c + 1] = (this.classOffset[c] as number) + 2 * (classes.classSize[c] as number);
    }
    this.classTree = new Float64Array(this.classOffset[classCount] as number).fill(Infinity);
    for (let m = 0; m < this.count; m++) this.update(m);
  }

  /** Sets a member's size and re-sorts it. */
  setSize(m: number, size: number): void {
    this.sizes[m] = size;
    this.update(m);
  }

  /** Takes a member out of the order (it keeps its size). */
  deactivate(m: number): void {
    this.active[m] = 0;
    this.update(m);
  }

  /** The first member in (size, id) order, or -1 when the order is empty. */
  first(): number {
    return this.count === 0 ? -1 : this.memberOf(this.minTree[1] as number);
  }

  /** The last member in (size, id) order, or -1 when the order is empty. */
  last(): number {
    return this.count === 0 ? -1 : this.memberOf(this.maxTree[1] as number);
  }

  /**
   * The first member in (size, id) order that subscribes to topic `t`, or -1. With `racks` and
   * a partition `g`, only members without a rack or on one of `g`'s racks qualify (AS-38).
   */
  firstSubscriber(t: number, racks?: RackInfo, g?: number): number {
    const { topicClassStart, topicClasses, classRack } = this.classes;
    let best = Infinity;
    const end = topicClassStart[t + 1] as number;
    for (let i = topicClassStart[t] as number; i < end; i++) {
      const c = topicClasses[i] as number;
      if (racks !== undefined && g !== undefined) {
        const r = classRack[c] as number;
        if (r >= 0 && !partitionOnRack(racks, g, r)) continue;
      }
      const key = this.classTree[(this.classOffset[c] as number) + 1] as number;
      if (key < best) best = key;
    }
    return this.memberOf(best);
  }

  private memberOf(key: number): number {
    return key === Infinity || key === -Infinity ? -1 : key % this.count;
  }

  private update(m: number): void {
    const on = this.active[m] === 1;
    const key = (this.sizes[m] as number) * this.count + m;
    const n = this.count;
    let i = n + m;
    this.minTree[i] = on ? key : Infinity;
    this.maxTree[i] = on ? key : -Infinity;
    for (i >>= 1; i >= 1; i >>= 1) {
      this.minTree[i] = Math.min(this.minTree[2 * i] as number, this.minTree[2 * i + 1] as number);
      this.maxTree[i] = Math.max(this.maxTree[2 * i] as number, this.maxTree[2 * i + 1] as number);
    }
    const c = this.classes.classOf[m] as number;
    const base = this.classOffset[c] as number;
    const size = this.classes.classSize[c] as number;
    let j = size + (this.classes.positionInClass[m] as number);
    this.classTree[base + j] = on ? key : Infinity;
    for (j >>= 1; j >= 1; j >>= 1) {
      this.classTree[base + j] = Math.min(this.classTree[base + 2 * j] as number, this.classTree[base + 2 * j + 1] as number);
    }
  }
}
