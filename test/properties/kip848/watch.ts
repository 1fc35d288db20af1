/**
 * What the properties watch at the coordinator of a KIP-848 history: its live group after every
 * batch of records, its log, the records as they commit, and each takeover by a new coordinator.
 * Violations go to the world's list, each starting with its rule ID (spec/invariants.md).
 *
 * @remarks
 * - After each batch of records the coordinator replays (the shard's `records` event), on its
 *   live group: INV-09 (coordinator side), INV-10 (order; epochs never back within one
 *   coordinator's tenure), INV-16.
 * - On the committed records (below the high watermark), folded incrementally into a view of our
 *   own as they commit: INV-11 before each member assignment record, INV-10 and INV-16 after.
 *   The committed prefix carries over from one coordinator to the next, so this view never
 *   restarts, and INV-10 holds across failovers there.
 * - {@link CoordinatorWatch.checkReplay}: INV-13, the fold of the coordinator's log equals its
 *   live groups.
 * - When a new coordinator becomes active, before it handles a request: INV-13 again, and INV-14
 *   (the same groups as the old coordinator had when no record was lost, every live member at
 *   least at the epoch it was told), and INV-15 (acknowledged offsets are there).
 */
import { isDeepStrictEqual } from 'node:util';
import { CONSUMER_OFFSETS_TOPIC } from '../../../src/broker/coordinator-placement.js';
import type { CoordinatorShard } from '../../../src/broker/coordinator-shard.js';
import type { InMemoryKafka } from '../../../src/broker/in-memory-kafka.js';
import type { CoordinatorEvent } from '../../../src/broker/kafka-broker.js';
import type { ConsumerGroup } from '../../../src/protocol/consumer/group.js';
import type { ConsumerGroupCurrentMemberAssignmentRecord } from '../../../src/protocol/consumer/records.js';
import type { ConsumerGroupHeartbeatRequest } from '../../../src/protocol/messages/index.js';
import { isDurable } from '../../../src/protocol/records.js';
import { emptyCoordinatorState, fold, replay } from '../../../src/protocol/replay.js';
import { comparableGroups, doubleOwnership, EpochFloors, epochOrder, handoverViolations, partitionEpochsMismatch } from './checks.js';
import type { SimMember } from './member.js';
import type { CommitTracker } from './offsets.js';

/** What the watch counts, to show the properties are not vacuous. */
export interface WatchStats {
  /** Partitions moved from one member to another in the committed records. */
  handovers: number;
  failovers: number;
  /** Failovers after which the new coordinator had every record the old one had replayed. */
  exactFailovers: number;
  /** Failovers once some offset commit had been acknowledged (INV-15 has something to lose). */
  failoversAfterCommits: number;
}

/** Watches the coordinator of one group. */
export class CoordinatorWatch {
  readonly stats: WatchStats = { handovers: 0, failovers: 0, exactFailovers: 0, failoversAfterCommits: 0 };
  /** Members whose session or rebalance timer fired at the coordinator. */
  readonly expelled = new Set<string>();
  private activeShard: CoordinatorShard | undefined;
  private liveFloors = new EpochFloors('live');
  private readonly committedFloors = new EpochFloors('committed');
  private readonly committed = emptyCoordinatorState();
  private committedUpTo = 0;
  /** The heartbeat being handled, to tell a rejoin (epoch 0) from an epoch going back. */
  private inHand: ConsumerGroupHeartbeatRequest | null = null;
  /**
   * The active coordinator's consumer groups after its last batch of records (comparable form),
   * and the log end offset its durable records reach: if the next coordinator's log reaches it
   * too, nothing was lost and the next coordinator must hold exactly these groups (INV-14).
   */
  private lastLive: { readonly groups: unknown; readonly logEnd: number } | undefined;
  /** The member that last held each partition in the committed records (for the handover count). */
  private readonly lastHolder = new Map<string, string>();

  constructor(
    private readonly kafka: InMemoryKafka,
    private readonly group: string,
    private readonly violations: string[],
    /** The live simulated members. */
    private readonly alive: () => readonly SimMember[],
    /** The members' offset commits, when the history has any (INV-15). */
    private readonly commits?: CommitTracker,
  ) {}

  /** The group at the coordinator, if one is active. */
  liveGroup(): ConsumerGroup | undefined {
    const shard = this.kafka.shardFor(this.group);
    return shard?.status === 'active' ? shard.state.consumerGroups.get(this.group) : undefined;
  }

  /** The request last sent has been handled: records that follow are not its own. */
  handled(): void {
    this.inHand = null;
  }

  /** Everything the coordinators report: the requests they take, their timers, their records. */
  onEvent(e: CoordinatorEvent): void {
    if (e.type === 'request') {
      this.inHand = e.request.api === 'ConsumerGroupHeartbeat' ? e.request : null;
      return;
    }
    if (e.type === 'timer') {
      this.inHand = null;
      const t = e.event;
      if ((t.type === 'timer.consumerSessionExpired' || t.type === 'timer.consumerRebalanceExpired') && t.groupId === this.group) this.expelled.add(t.memberId);
      return;
    }
    if (e.type !== 'records') return;
    const rejoin = this.inHand;
    this.inHand = null;
    this.detectShard();
    this.snapshot(e.records.filter(isDurable).length);
    const group = this.liveGroup();
    if (group === undefined) return;
    this.violations.push(...doubleOwnership(group), ...epochOrder(group), ...partitionEpochsMismatch(group));
    this.violations.push(...this.liveFloors.observe(group, (id) => rejoin !== null && rejoin.memberEpoch === 0 && rejoin.memberId === id));
  }

  /** Keeps the live groups of the active coordinator after a batch that appends `appended` records. */
  private snapshot(appended: number): void {
    const shard = this.kafka.shardFor(this.group);
    const node = this.kafka.coordinatorFor(this.group);
    if (shard === undefined || shard !== this.activeShard || node === null) return;
    const logEnd = (this.kafka.cluster.logEndOffset(CONSUMER_OFFSETS_TOPIC, 0, node) ?? 0) + appended;
    this.lastLive = { groups: comparableGroups(shard.state.consumerGroups), logEnd };
  }

  /** Notices a new active coordinator before it handles anything, and checks INV-13/INV-14. */
  detectShard(): void {
    const shard = this.kafka.shardFor(this.group);
    if (shard === undefined || shard.status !== 'active' || shard === this.activeShard) return;
    const first = this.activeShard === undefined;
    this.activeShard = shard;
    this.liveFloors = new EpochFloors('live');
    if (!first) this.checkFailover(shard);
    this.snapshot(0);
  }

  /** INV-13 and INV-14 for a coordinator that has just taken over, before it handles anything. */
  private checkFailover(shard: CoordinatorShard): void {
    this.stats.failovers++;
    this.checkReplay('[INV-14] after failover');
    const node = this.kafka.coordinatorFor(this.group);
    const logEnd = node === null ? 0 : (this.kafka.cluster.logEndOffset(CONSUMER_OFFSETS_TOPIC, 0, node) ?? 0);
    const before = this.lastLive;
    if (before !== undefined && logEnd >= before.logEnd) {
      // Every record the old coordinator had replayed reached the new one's log: same groups.
      this.stats.exactFailovers++;
      const now = comparableGroups(shard.state.consumerGroups);
      if (!isDeepStrictEqual(now, before.groups)) this.violations.push(`[INV-14] after failover the new coordinator's groups differ from the old one's:\n old ${JSON.stringify(before.groups)}\n new ${JSON.stringify(now)}`);
    }
    this.lastLive = undefined;
    if (this.commits !== undefined) {
      if (this.commits.ackedCount > 0) this.stats.failoversAfterCommits++;
      this.violations.push(...this.commits.check(shard.state, 'after failover'));
    }
    const group = shard.state.consumerGroups.get(this.group);
    for (const m of this.alive()) {
      if (m.phase !== 'member' || m.leaving || this.expelled.has(m.memberId)) continue;
      const at = group?.members.get(m.memberId);
      if (at === undefined) this.violations.push(`[INV-14] after failover, slot ${m.slot} (${m.memberId}, told epoch ${m.memberEpoch}) is not a member of the new coordinator`);
      else if (at.memberEpoch < m.memberEpoch) this.violations.push(`[INV-14] after failover, slot ${m.slot} (${m.memberId}) is at epoch ${at.memberEpoch}, below the ${m.memberEpoch} it was told`);
    }
  }

  /** INV-13: the fold of the coordinator's log equals its live consumer groups. */
  checkReplay(label = '[INV-13]'): void {
    const shard = this.kafka.shardFor(this.group);
    const node = this.kafka.coordinatorFor(this.group);
    if (shard === undefined || shard.status !== 'active' || node === null) return;
    const log = this.kafka.cluster.log(CONSUMER_OFFSETS_TOPIC, 0, node) ?? [];
    const folded = comparableGroups(fold(log.map((e) => e.record)).consumerGroups);
    const live = comparableGroups(shard.state.consumerGroups);
    if (!isDeepStrictEqual(folded, live)) this.violations.push(`${label} the fold of the log differs from the live consumer groups:\n live ${JSON.stringify(live)}\n fold ${JSON.stringify(folded)}`);
  }

  /** Folds the newly committed records into the committed view, checking INV-11, INV-10, INV-16. */
  syncCommitted(): void {
    const p = this.kafka.cluster.partition(CONSUMER_OFFSETS_TOPIC, 0);
    if (p === undefined || p.leader === null) return;
    const log = this.kafka.cluster.log(CONSUMER_OFFSETS_TOPIC, 0, p.leader) ?? [];
    for (; this.committedUpTo < p.highWatermark && this.committedUpTo < log.length; this.committedUpTo++) {
      const entry = log[this.committedUpTo]!;
      const record = entry.record;
      if (record.type === 'ConsumerGroupCurrentMemberAssignment' && record.groupId === this.group) {
        const before = this.committed.consumerGroups.get(this.group);
        this.violations.push(...handoverViolations(before, record));
        this.stats.handovers += this.countHandovers(record);
      }
      replay(this.committed, record);
    }
    const group = this.committed.consumerGroups.get(this.group);
    if (group === undefined) return;
    this.violations.push(...epochOrder(group).map((v) => `${v} (committed)`), ...partitionEpochsMismatch(group).map((v) => `${v} (committed)`));
    this.violations.push(...this.committedFloors.observe(group, () => true));
  }

  /** Partitions a member record gives that another member held last (handed over). */
  private countHandovers(record: ConsumerGroupCurrentMemberAssignmentRecord): number {
    if (record.value === null) return 0;
    let n = 0;
    for (const { topicId, partitions } of record.value.assignedPartitions) {
      for (const p of partitions) {
        const key = `${topicId}-${p}`;
        const last = this.lastHolder.get(key);
        if (last !== undefined && last !== record.memberId) n++;
        this.lastHolder.set(key, record.memberId);
      }
    }
    return n;
  }
}
