/**
 * One topic partition: its replicas, each replica's own log, the ISR, the leader and its
 * epoch, the high watermark, and the appends waiting to be acknowledged.
 *
 * @remarks
 * Every transition of the replication model lives here (RP-03 to RP-14); the
 * {@link Cluster} only routes broker crashes, restarts and scheduled follower fetches to the
 * partitions and delivers what they report. Offsets are array indices: the log start offset
 * is always 0 (no retention or DeleteRecords in this model).
 *
 * The invariants it keeps, checked by test/properties/replication.prop.test.ts:
 * - a live leader exists only as a live member of the ISR, and every ISR member is live
 *   while there is a leader;
 * - the log of every live replica is a prefix of the leader's log (its entries are the
 *   leader's entries, by identity, at the same offsets);
 * - every ISR member's log end offset is at least the high watermark, which never decreases.
 * @see spec/cluster.md
 */
import { InvariantViolation } from '../../protocol/invariant.js';
import type {
  AppendResult,
  ClusterEvent,
  CommitResult,
  FetchResult,
  LogEntry,
  MoveLeadershipResult,
  OffsetLookupResult,
  PartitionInfo,
} from './types.js';

/** What a partition needs from its cluster. */
export interface PartitionContext {
  isUp(nodeId: number): boolean;
  nowMs(): number;
  /** Most entries a follower copies per fetch. */
  readonly fetchMaxRecords: number;
  /** Arms the follower fetch of `nodeId` unless one is already armed (RP-04). */
  scheduleFetch(nodeId: number): void;
  cancelFetch(nodeId: number): void;
  /** Queues an event or callback; the cluster runs the queue once the operation has settled. */
  later(task: () => void, event?: ClusterEvent): void;
  /** Queues a waiter's answer, as {@link later} does (without a closure per waiter). */
  answer(callback: (result: CommitResult) => void, result: CommitResult): void;
}

/** An append waiting for the high watermark to pass it (RP-06). */
interface Waiter {
  readonly offset: number;
  readonly seq: number;
  readonly callback: (result: CommitResult) => void;
}

/** Leadership expectations of a writer (a coordinator knows which epoch it leads). */
export interface AppendExpectation {
  readonly leaderId?: number;
  readonly leaderEpoch?: number;
}

/** A partition and its replicas. */
export class Partition<T> {
  readonly topic: string;
  readonly index: number;
  readonly replicas: readonly number[];
  readonly minInsyncReplicas: number;
  private readonly ctx: PartitionContext;
  private readonly logs = new Map<number, LogEntry<T>[]>();
  private isr: number[];
  private leader: number | null;
  private epoch = 0;
  private hw = 0;
  private epochStart = 0;
  private waiters: Waiter[] = [];
  private waiterSeq = 0;
  /** RP-24: taken offline by a fault; no replica leads until {@link bringOnline}. */
  private heldOffline = false;

  /** A new, empty partition led by its first live replica at epoch 0 (RP-02). */
  constructor(ctx: PartitionContext, topic: string, index: number, replicas: readonly number[], minIsr: number) {
    this.ctx = ctx;
    this.topic = topic;
    this.index = index;
    this.replicas = Object.freeze([...replicas]);
    this.minInsyncReplicas = minIsr;
    for (const r of replicas) this.logs.set(r, []);
    this.isr = replicas.filter((r) => ctx.isUp(r));
    this.leader = this.isr[0] ?? null;
    if (this.leader === null) throw new InvariantViolation('RP-02', `${this.name()}: no live replica`);
    this.emit({ type: 'leaderChange', topic, partition: index, oldLeader: null, newLeader: this.leader, leaderEpoch: 0 });
  }

  /** `topic-partition`, for messages. */
  name(): string {
    return `${this.topic}-${this.index}`;
  }

  /** The current leader, or null while offline. */
  get leaderId(): number | null {
    return this.leader;
  }

  get leaderEpoch(): number {
    return this.epoch;
  }

  get highWatermark(): number {
    return this.hw;
  }

  /** A replica's log end offset (0 for a node that is not a replica). */
  logEndOffset(nodeId: number): number {
    return this.logs.get(nodeId)?.length ?? 0;
  }

  /** A copy of a replica's log, or undefined for a node that is not a replica. */
  logOf(nodeId: number): LogEntry<T>[] | undefined {
    return this.logs.get(nodeId)?.slice();
  }

  /** A snapshot of the partition. */
  info(): PartitionInfo {
    return {
      topic: this.topic,
      partition: this.index,
      leader: this.leader,
      leaderEpoch: this.epoch,
      replicas: this.replicas,
      isr: [...this.isr],
      offlineReplicas: this.replicas.filter((r) => !this.ctx.isUp(r)),
      highWatermark: this.hw,
      leaderEpochStartOffset: this.epochStart,
      minInsyncReplicas: this.minInsyncReplicas,
    };
  }

  /** RP-03: the leader appends `records` at consecutive offsets from its log end. */
  append(records: readonly T[], expect: AppendExpectation = {}): AppendResult {
    if (records.length === 0) throw new RangeError(`${this.name()}: append needs at least one record`);
    const leader = this.leader;
    if (
      leader === null ||
      (expect.leaderId !== undefined && expect.leaderId !== leader) ||
      (expect.leaderEpoch !== undefined && expect.leaderEpoch !== this.epoch)
    ) {
      return { error: 'NOT_LEADER_OR_FOLLOWER' };
    }
    if (this.isr.length < this.minInsyncReplicas) return { error: 'NOT_ENOUGH_REPLICAS' };
    const log = this.requireLog(leader);
    const baseOffset = log.length;
    const timestampMs = this.ctx.nowMs();
    for (const record of records) {
      log.push(Object.freeze({ offset: log.length, record, leaderEpoch: this.epoch, timestampMs }));
    }
    this.updateHighWatermark();
    // Every live follower fetches (RP-04); a loop, not liveFollowers(): no array per append.
    for (const r of this.replicas) if (r !== leader && this.ctx.isUp(r)) this.ctx.scheduleFetch(r);
    return { baseOffset, lastOffset: log.length - 1, leaderEpoch: this.epoch };
  }

  /**
   * RP-04/RP-07: the follower fetch of `nodeId` runs: it copies the leader's entries past its
   * log end, joins the ISR once caught up, and the high watermark follows.
   */
  replicate(nodeId: number): void {
    const leader = this.leader;
    if (leader === null || nodeId === leader || !this.ctx.isUp(nodeId) || !this.logs.has(nodeId)) return;
    const src = this.requireLog(leader);
    const dst = this.requireLog(nodeId);
    const last = dst.length - 1;
    if (dst.length > src.length || (last >= 0 && dst[last] !== src[last])) {
      throw new InvariantViolation('RP-10', `${this.name()}: replica ${nodeId} is not a prefix of leader ${leader}`);
    }
    const upTo = Math.min(src.length, dst.length + this.ctx.fetchMaxRecords);
    for (let i = dst.length; i < upTo; i++) dst.push(src[i] as LogEntry<T>);
    if (!this.isr.includes(nodeId) && dst.length >= this.hw && dst.length >= this.epochStart) {
      this.isr = this.replicas.filter((r) => r === nodeId || this.isr.includes(r));
      this.emit({ type: 'isrChange', topic: this.topic, partition: this.index, isr: [...this.isr] });
    }
    this.updateHighWatermark();
    if (dst.length < src.length) this.ctx.scheduleFetch(nodeId);
  }

  /**
   * RP-08: broker `nodeId` (already marked down) crashed: its replica loses every entry above
   * the high watermark and leaves the ISR (unless it is the last member, RP-11); if it led,
   * the first live ISR member in replica order takes over (RP-09) or the partition goes offline.
   */
  brokerDown(nodeId: number): void {
    if (!this.logs.has(nodeId)) return;
    this.ctx.cancelFetch(nodeId);
    this.truncate(nodeId, Math.min(this.logEndOffset(nodeId), this.hw));
    if (this.isr.includes(nodeId) && this.isr.length > 1) {
      this.isr = this.isr.filter((r) => r !== nodeId);
      this.emit({ type: 'isrChange', topic: this.topic, partition: this.index, isr: [...this.isr] });
    }
    if (this.leader === nodeId) {
      const next = this.replicas.find((r) => r !== nodeId && this.isr.includes(r) && this.ctx.isUp(r));
      this.changeLeader(next ?? null);
    } else {
      // A smaller ISR can only raise the minimum of its log end offsets.
      this.updateHighWatermark();
    }
  }

  /**
   * RP-12: broker `nodeId` (already marked up) restarted: its replica truncates to what it
   * shares with the leader and fetches; the last ISR member of an offline partition leads.
   */
  brokerUp(nodeId: number): void {
    if (!this.logs.has(nodeId)) return;
    if (this.heldOffline) return; // RP-24: it fetches and leads only once brought back online
    if (this.leader !== null) {
      this.truncate(nodeId, this.commonPrefix(nodeId, this.leader));
      this.ctx.scheduleFetch(nodeId);
    } else if (this.isr.length === 1 && this.isr[0] === nodeId) {
      this.changeLeader(nodeId);
    }
  }

  /** RP-13: a controlled move of leadership to a live ISR member. */
  moveLeader(to: number): MoveLeadershipResult {
    if (to === this.leader) return { error: 'ELECTION_NOT_NEEDED' };
    if (this.leader === null || !this.isr.includes(to) || !this.ctx.isUp(to)) {
      return { error: 'PREFERRED_LEADER_NOT_AVAILABLE' };
    }
    this.changeLeader(to);
    return { leader: to, leaderEpoch: this.epoch };
  }

  /**
   * RP-24: the partition goes offline as when no ISR member can lead (the leader's log directory
   * failed with no in-sync follower): no leader at the next epoch, the ISR and the logs kept.
   * Returns false (and changes nothing) if it was already held offline.
   */
  takeOffline(): boolean {
    if (this.heldOffline) return false;
    this.heldOffline = true;
    for (const r of this.replicas) this.ctx.cancelFetch(r);
    if (this.leader !== null) this.changeLeader(null);
    return true;
  }

  /**
   * RP-24: a partition taken offline comes back: the first live ISR member in replica order
   * leads at the next epoch (RP-09) and the other live replicas truncate to it and fetch; with
   * no live ISR member it stays offline as RP-11 says. Returns false if it was not held offline.
   */
  bringOnline(): boolean {
    if (!this.heldOffline) return false;
    this.heldOffline = false;
    const next = this.replicas.find((r) => this.isr.includes(r) && this.ctx.isUp(r));
    if (next !== undefined) this.changeLeader(next);
    return true;
  }

  /** Whether a fault holds the partition offline (RP-24). */
  get isHeldOffline(): boolean {
    return this.heldOffline;
  }

  /**
   * RP-06: calls `callback` once `offset` is below the high watermark, or with
   * NOT_LEADER_OR_FOLLOWER if leadership changes first. With `leaderEpoch` (the epoch the
   * append returned), a record that was replaced by another at the same offset is reported
   * as NOT_LEADER_OR_FOLLOWER, never as committed.
   */
  awaitCommit(offset: number, leaderEpoch: number | undefined, callback: (r: CommitResult) => void): void {
    if (offset < this.hw) {
      const ref = this.leader ?? this.isr[0];
      const entry = ref === undefined ? undefined : this.logs.get(ref)?.[offset];
      const same = leaderEpoch === undefined || entry?.leaderEpoch === leaderEpoch;
      const hw = this.hw;
      this.ctx.later(() => callback(same ? { error: 'NONE', highWatermark: hw } : { error: 'NOT_LEADER_OR_FOLLOWER' }));
      return;
    }
    if (this.leader === null || (leaderEpoch !== undefined && leaderEpoch !== this.epoch)) {
      this.ctx.later(() => callback({ error: 'NOT_LEADER_OR_FOLLOWER' }));
      return;
    }
    const waiter: Waiter = { offset, seq: this.waiterSeq++, callback };
    // Waiters stay in offset order, ties in the order they asked: after every offset <= this one.
    const waiters = this.waiters;
    let at = waiters.length;
    while (at > 0 && (waiters[at - 1] as Waiter).offset > offset) at--;
    if (at === waiters.length) waiters.push(waiter);
    else waiters.splice(at, 0, waiter);
  }

  /** RP-15: a consumer fetch at broker `nodeId`: entries below the high watermark, from the leader. */
  read(nodeId: number, fromOffset: number, maxRecords: number): FetchResult<T> {
    if (nodeId !== this.leader) return { error: 'NOT_LEADER_OR_FOLLOWER' };
    const log = this.requireLog(nodeId);
    if (!Number.isInteger(fromOffset) || fromOffset < 0 || fromOffset > log.length) return { error: 'OFFSET_OUT_OF_RANGE' };
    const end = Math.min(this.hw, fromOffset + Math.max(0, maxRecords));
    return { records: fromOffset < end ? log.slice(fromOffset, end) : [], highWatermark: this.hw, logStartOffset: 0 };
  }

  /** RP-17: a ListOffsets lookup at broker `nodeId` (-2 earliest, -1 latest, else a timestamp). */
  lookupOffset(nodeId: number, timestamp: number, currentLeaderEpoch = -1): OffsetLookupResult {
    if (!this.logs.has(nodeId)) return { error: 'NOT_LEADER_OR_FOLLOWER' };
    if (currentLeaderEpoch !== -1 && currentLeaderEpoch < this.epoch) return { error: 'FENCED_LEADER_EPOCH' };
    if (currentLeaderEpoch !== -1 && currentLeaderEpoch > this.epoch) return { error: 'UNKNOWN_LEADER_EPOCH' };
    if (nodeId !== this.leader) return { error: 'NOT_LEADER_OR_FOLLOWER' };
    if (timestamp < -2) return { error: 'UNSUPPORTED_VERSION' };
    const log = this.requireLog(nodeId);
    // A new leader whose high watermark lags its epoch's start cannot say where "latest" is yet.
    const lagging = this.epochStart > this.hw;
    if (timestamp === -2) return { timestamp: -1, offset: 0, leaderEpoch: log[0]?.leaderEpoch ?? this.epoch };
    if (timestamp === -1) {
      return lagging ? { error: 'OFFSET_NOT_AVAILABLE' } : { timestamp: -1, offset: this.hw, leaderEpoch: this.epoch };
    }
    const found = log[firstAtOrAfter(log, timestamp)];
    if (found !== undefined && found.offset < this.hw) {
      return { timestamp: found.timestampMs, offset: found.offset, leaderEpoch: found.leaderEpoch };
    }
    return lagging ? { error: 'OFFSET_NOT_AVAILABLE' } : { timestamp: -1, offset: -1, leaderEpoch: -1 };
  }

  /** RP-09/RP-11: a new leader (or none) at the next epoch; followers truncate to it (RP-10). */
  private changeLeader(next: number | null): void {
    const old = this.leader;
    this.failWaiters();
    this.leader = next;
    this.epoch += 1;
    this.emit({ type: 'leaderChange', topic: this.topic, partition: this.index, oldLeader: old, newLeader: next, leaderEpoch: this.epoch });
    if (next === null) return;
    this.epochStart = this.logEndOffset(next);
    const followers = this.liveFollowers();
    for (const r of followers) this.truncate(r, this.commonPrefix(r, next));
    this.updateHighWatermark();
    for (const r of followers) this.ctx.scheduleFetch(r);
  }

  /** RP-05: the high watermark is the smallest log end offset of the live ISR; it never goes back. */
  private updateHighWatermark(): void {
    if (this.leader === null) return;
    let next = Number.POSITIVE_INFINITY;
    for (const r of this.isr) if (this.ctx.isUp(r)) next = Math.min(next, this.logEndOffset(r));
    if (next < this.hw || !Number.isFinite(next)) {
      throw new InvariantViolation('RP-05', `${this.name()}: high watermark would move from ${this.hw} to ${next}`);
    }
    if (next === this.hw) return;
    this.hw = next;
    this.emit({ type: 'highWatermark', topic: this.topic, partition: this.index, highWatermark: next });
    const error = this.isr.length < this.minInsyncReplicas ? 'NOT_ENOUGH_REPLICAS_AFTER_APPEND' : 'NONE';
    let done = 0;
    while (done < this.waiters.length && (this.waiters[done] as Waiter).offset < next) done++;
    if (done === 0) return;
    // One answer object for every waiter it releases: results are read-only data. Queuing an
    // answer runs nothing, so the released waiters are dropped after the loop (no copy of them).
    const result: CommitResult = { error, highWatermark: next };
    const waiters = this.waiters;
    for (let i = 0; i < done; i++) this.ctx.answer((waiters[i] as Waiter).callback, result);
    if (done === waiters.length) waiters.length = 0;
    else waiters.splice(0, done);
  }

  /** Fails every waiting append: leadership is moving (Kafka completes delayed produces with this error). */
  private failWaiters(): void {
    for (const w of this.waiters) this.ctx.later(() => w.callback({ error: 'NOT_LEADER_OR_FOLLOWER' }));
    this.waiters = [];
  }

  /**
   * How many leading entries replica `a` shares with replica `b`.
   *
   * @remarks
   * Entries are appended only by leaders and copied in order, so two logs that hold the same
   * entry at an offset agree on every earlier offset; scanning back from the shorter end to
   * the first shared entry finds the common prefix (in O(1) when one is a prefix of the other).
   */
  private commonPrefix(a: number, b: number): number {
    const la = this.requireLog(a);
    const lb = this.requireLog(b);
    let n = Math.min(la.length, lb.length);
    while (n > 0 && la[n - 1] !== lb[n - 1]) n--;
    return n;
  }

  private truncate(nodeId: number, length: number): void {
    const log = this.requireLog(nodeId);
    if (log.length <= length) return;
    const removed = log.length - length;
    log.length = length;
    this.emit({ type: 'truncate', topic: this.topic, partition: this.index, nodeId, logEndOffset: length, removed });
  }

  private liveFollowers(): number[] {
    return this.replicas.filter((r) => r !== this.leader && this.ctx.isUp(r));
  }

  private requireLog(nodeId: number): LogEntry<T>[] {
    const log = this.logs.get(nodeId);
    if (log === undefined) throw new InvariantViolation('RP-02', `${this.name()}: ${nodeId} is not a replica`);
    return log;
  }

  private emit(event: ClusterEvent): void {
    this.ctx.later(NOTHING, event);
  }
}

/** The task of a queued event: the event is the work (no closure per event). */
function NOTHING(): void {}

/** Index of the first entry whose timestamp is at least `t` (timestamps never decrease). */
function firstAtOrAfter<T>(log: readonly LogEntry<T>[], t: number): number {
  let lo = 0;
  let hi = log.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((log[mid] as LogEntry<T>).timestampMs < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
