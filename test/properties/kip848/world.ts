/**
 * The world of one random KIP-848 history: the replicated in-memory cluster (3 brokers, one
 * `__consumer_offsets` partition, replication 1 ms behind), up to six simulated members
 * ({@link SimMember}) heartbeating to the group's coordinator, and the checks of INV-09 to
 * INV-16 run at every instant they can be observed.
 *
 * @remarks
 * Time moves in steps of {@link STEP_MS}: each step, every member whose heartbeat is due sends
 * it, the cluster runs for a step, and every answer that arrived is handed to its member. The
 * checks run:
 *
 * - after each batch of records the coordinator replays (the shard's `records` event), on its
 *   live group: INV-09 (coordinator side), INV-10, INV-16;
 * - after each answer a member reconciles: INV-09 (members' beliefs);
 * - on the committed records (those below the high watermark, folded incrementally into a view
 *   of our own as they commit): INV-11 before each member assignment record, INV-10 and INV-16
 *   after; across failovers the committed prefix carries on, so this view never restarts;
 * - after each action, on the coordinator: INV-13 (the fold of its log equals its live groups);
 * - when a new coordinator becomes active, before it handles a request: INV-13 again, and INV-14
 *   (every member is there at least at the epoch it was told);
 * - at the end, {@link Kip848World.finish}: INV-12 (liveness) and INV-14 (nobody was fenced
 *   or forgotten without a reason other than failovers).
 *
 * Nothing here patches the system under test: it reads the shard's state, its log and the
 * answers, as a test of the cluster may.
 */
import { CONSUMER_OFFSETS_TOPIC } from '../../../src/broker/coordinator-placement.js';
import type { CoordinatorShard } from '../../../src/broker/coordinator-shard.js';
import { InMemoryKafka } from '../../../src/broker/in-memory-kafka.js';
import type { CoordinatorEvent } from '../../../src/broker/kafka-broker.js';
import type { ConsumerGroup } from '../../../src/protocol/consumer/group.js';
import type { ConsumerGroupCurrentMemberAssignmentRecord } from '../../../src/protocol/consumer/records.js';
import { emptyCoordinatorState, fold, replay } from '../../../src/protocol/replay.js';
import { isDurable } from '../../../src/protocol/records.js';
import type { ConsumerGroupHeartbeatRequest } from '../../../src/protocol/messages/index.js';
import { beliefOverlaps, comparableGroups, doubleOwnership, EpochFloors, epochOrder, handoverViolations, partitionEpochsMismatch } from './checks.js';
import { INITIAL_PARTITIONS, MAX_PARTITIONS, SLOTS, TOPICS, topicsOf, type Action } from './history.js';
import { SimMember } from './member.js';
import { isDeepStrictEqual } from 'node:util';

/** The group every history is about. */
export const GROUP = 'g';
/** One step of virtual time. */
export const STEP_MS = 100;
/** `group.consumer.heartbeat.interval.ms` of these runs. */
export const HEARTBEAT_MS = 1000;
/** `group.consumer.session.timeout.ms` of these runs. */
export const SESSION_MS = 10_000;
/** The rebalance timeout every member asks for. */
export const REBALANCE_MS = 20_000;
/** Most answers lost in a row for one member: 3 s without news, far below both timeouts. */
export const MAX_LOST_IN_A_ROW = 3;
/** A heartbeat unanswered this long counts as lost (the client's request timeout). */
const REQUEST_TIMEOUT_MS = 3000;
/** INV-12: heartbeat rounds after the last change within which every member reaches its target. */
export const LIVENESS_BOUND_ROUNDS = 3;
/** Rounds the liveness phase may take at most (dead members expire within it). */
const MAX_ROUNDS = Math.ceil(SESSION_MS / HEARTBEAT_MS) * 3 + 10;

/** What one run saw, to show the properties are not vacuous. */
export interface WorldStats {
  answers: number;
  revocations: number;
  /** Partitions moved from one member to another in the committed records. */
  handovers: number;
  failovers: number;
  /** Failovers after which the new coordinator had every record the old one had replayed. */
  exactFailovers: number;
  /** FENCED_MEMBER_EPOCH / UNKNOWN_MEMBER_ID answers explained by lost answers or an expiry. */
  fencedExplained: number;
  /** Heartbeat rounds the liveness phase needed after its last change (-1: never converged). */
  convergenceRounds: number;
  /** Whether the group was Stable with at least one member at the end. */
  stableWithMembers: boolean;
}

/** A world running one history. */
export class Kip848World {
  readonly kafka: InMemoryKafka;
  readonly slots: (SimMember | null)[] = new Array<SimMember | null>(SLOTS).fill(null);
  readonly violations: string[] = [];
  readonly stats: WorldStats = { answers: 0, revocations: 0, handovers: 0, failovers: 0, exactFailovers: 0, fencedExplained: 0, convergenceRounds: -1, stableWithMembers: false };
  private incarnations = 0;
  private activeShard: CoordinatorShard | undefined;
  private liveFloors = new EpochFloors('live');
  private readonly committedFloors = new EpochFloors('committed');
  private readonly committed = emptyCoordinatorState();
  private committedUpTo = 0;
  /** The heartbeat being handled, to tell a rejoin (epoch 0) from an epoch going back. */
  private inHand: ConsumerGroupHeartbeatRequest | null = null;
  /** Members whose session or rebalance timer fired at the coordinator. */
  private readonly expelled = new Set<string>();
  /**
   * The active coordinator's consumer groups after its last batch of records (comparable form),
   * and the log end offset its durable records reach: if the next coordinator's log reaches it
   * too, nothing was lost and the next coordinator must hold exactly these groups (INV-14).
   */
  private lastLive: { readonly groups: unknown; readonly logEnd: number } | undefined;
  /** The member that last held each partition in the committed records (for the handover count). */
  private readonly lastHolder = new Map<string, string>();

  constructor() {
    this.kafka = new InMemoryKafka({
      brokers: 3,
      offsetsTopicPartitions: 1,
      replicaFetchDelayMs: 1,
      config: {
        consumerSessionTimeoutMs: SESSION_MS,
        consumerMinSessionTimeoutMs: SESSION_MS,
        consumerHeartbeatIntervalMs: HEARTBEAT_MS,
        consumerMinHeartbeatIntervalMs: HEARTBEAT_MS,
        // Expiration of empty groups would restart their epochs: out of reach here (EXP-01).
        offsetsRetentionCheckIntervalMs: Number.MAX_SAFE_INTEGER,
      },
      observe: (e) => this.onEvent(e),
    });
    for (const [name, n] of Object.entries(INITIAL_PARTITIONS)) this.kafka.cluster.createTopic(name, n, 1);
    this.kafka.settle();
    this.detectShard();
  }

  private get now(): number {
    return this.kafka.clock.nowMs();
  }

  /** The live members (processes that run), in slot order. */
  get alive(): SimMember[] {
    return this.slots.filter((m): m is SimMember => m !== null && m.alive);
  }

  /** The group at the coordinator, if one is active. */
  liveGroup(): ConsumerGroup | undefined {
    const shard = this.kafka.shardFor(GROUP);
    return shard?.status === 'active' ? shard.state.consumerGroups.get(GROUP) : undefined;
  }

  /** Applies one action of the history, then lets one step pass. */
  apply(a: Action): void {
    const k = this.kafka;
    switch (a.kind) {
      case 'join': {
        if (this.slots[a.slot]?.alive) break;
        const ownId = `member-${a.slot}-${++this.incarnations}`.padEnd(22, '0');
        this.slots[a.slot] = new SimMember(a.slot, a.version, a.static ? `instance-${a.slot}` : null, ownId, topicsOf(a.topics), { groupId: GROUP, rebalanceTimeoutMs: REBALANCE_MS }, this.now);
        break;
      }
      case 'leave':
        this.slots[a.slot]?.leave(this.now);
        break;
      case 'die':
        this.slots[a.slot]?.die();
        break;
      case 'subscribe':
        this.slots[a.slot]?.subscribe(topicsOf(a.topics));
        break;
      case 'grow':
        this.grow(TOPICS[a.topic]!, a.by);
        break;
      case 'lose': {
        const m = this.slots[a.slot];
        if (m?.alive && m.lostInARow + m.loseNext < MAX_LOST_IN_A_ROW) m.loseNext++;
        break;
      }
      case 'wait':
        for (let t = 0; t < a.ms; t += STEP_MS) this.step();
        this.afterAction();
        return;
      case 'crash':
        // Mid-step, right after this step's heartbeats went out: their writes are not replicated
        // yet, so a crash loses them and disconnects their answers.
        this.step(() => {
          if (k.cluster.isUp(a.broker) && k.cluster.brokers().filter((b) => b.up).length > 1) k.crash(a.broker);
        });
        this.afterAction();
        return;
      case 'restart':
        if (!k.cluster.isUp(a.broker)) k.restart(a.broker);
        break;
      case 'move':
        this.step(() => {
          const p = k.cluster.partition(CONSUMER_OFFSETS_TOPIC, 0);
          if (p && p.leader !== null && p.leader !== a.broker && p.isr.includes(a.broker) && k.cluster.isUp(a.broker)) k.moveCoordinator(GROUP, a.broker);
        });
        this.afterAction();
        return;
    }
    this.detectShard();
    this.step();
    this.afterAction();
  }

  private grow(name: string, by: number): void {
    const count = this.kafka.cluster.partitionCount(name);
    if (count === undefined) this.kafka.cluster.createTopic(name, by, 1);
    else if (count < MAX_PARTITIONS) this.kafka.addPartitions(name, Math.min(MAX_PARTITIONS, count + by));
    this.kafka.settle();
  }

  /**
   * One step: due heartbeats go out, then `fault` (a crash or a leadership move) if any, then the
   * cluster runs {@link STEP_MS} and the answers come back.
   */
  step(fault?: () => void): void {
    for (const m of this.alive) {
      if (m.inFlight !== null && this.now - m.inFlight.sentAtMs >= REQUEST_TIMEOUT_MS) this.deliver(m, { kind: 'lost' });
      if (m.due(this.now)) this.send(m);
    }
    if (fault !== undefined) {
      fault();
      this.detectShard();
    }
    this.kafka.advance(STEP_MS);
    this.detectShard();
    this.collect();
  }

  private send(m: SimMember): boolean {
    const node = this.kafka.coordinatorFor(GROUP);
    if (node === null) {
      m.nextAtMs = this.now + STEP_MS;
      return false;
    }
    const hb = m.heartbeat();
    const id = this.kafka.send(node, hb.request);
    this.inHand = null;
    m.sent(id, hb, this.now);
    return true;
  }

  /** Hands every answer that arrived to its member. */
  private collect(): void {
    for (const m of this.alive) {
      if (m.inFlight === null) continue;
      const d = this.kafka.delivery(m.inFlight.requestId);
      if (d === undefined) continue;
      this.kafka.take(m.inFlight.requestId);
      if (d.kind === 'networkError') this.deliver(m, { kind: 'lost' });
      else if (m.loseNext > 0) {
        m.loseNext--;
        this.deliver(m, { kind: 'lost' });
      } else if (d.response.api === 'ConsumerGroupHeartbeat') this.deliver(m, { kind: 'response', response: d.response });
      else this.violations.push(`a heartbeat was answered with ${d.response.api}`);
    }
  }

  private deliver(m: SimMember, outcome: Parameters<SimMember['receive']>[0]): void {
    const revocations = m.revocations;
    const errors = m.errors.length;
    m.receive(outcome, this.now);
    this.stats.answers++;
    this.stats.revocations += m.revocations - revocations;
    for (const e of m.errors.slice(errors)) this.judgeError(m, e);
    this.violations.push(...beliefOverlaps(this.alive.map((x) => ({ name: `slot ${x.slot} (${x.memberId})`, owned: x.owned }))));
  }

  /** INV-14: a member is fenced or forgotten only after two lost answers in a row or an expiry. */
  private judgeError(m: SimMember, e: SimMember['errors'][number]): void {
    const FENCED = 110;
    const UNKNOWN_MEMBER_ID = 25;
    if (e.errorCode !== FENCED && e.errorCode !== UNKNOWN_MEMBER_ID) {
      if (![14, 15, 16, 111].includes(e.errorCode)) this.violations.push(`[INV-14] slot ${m.slot} (${e.memberId}) got error ${e.errorCode} to a heartbeat at epoch ${e.requestEpoch}`);
      return;
    }
    if (e.lostBefore >= 2 || this.expelled.has(e.memberId)) this.stats.fencedExplained++;
    else this.violations.push(`[INV-14] slot ${m.slot} (${e.memberId}) got ${e.errorCode === FENCED ? 'FENCED_MEMBER_EPOCH' : 'UNKNOWN_MEMBER_ID'} at epoch ${e.requestEpoch} after ${e.lostBefore} lost answer(s) and no expiry`);
  }

  private onEvent(e: CoordinatorEvent): void {
    if (e.type === 'request') {
      this.inHand = e.request.api === 'ConsumerGroupHeartbeat' ? e.request : null;
      return;
    }
    if (e.type === 'timer') {
      this.inHand = null;
      const t = e.event;
      if ((t.type === 'timer.consumerSessionExpired' || t.type === 'timer.consumerRebalanceExpired') && t.groupId === GROUP) this.expelled.add(t.memberId);
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
    const shard = this.kafka.shardFor(GROUP);
    const node = this.kafka.coordinatorFor(GROUP);
    if (shard === undefined || shard !== this.activeShard || node === null) return;
    const logEnd = (this.kafka.cluster.logEndOffset(CONSUMER_OFFSETS_TOPIC, 0, node) ?? 0) + appended;
    this.lastLive = { groups: comparableGroups(shard.state.consumerGroups), logEnd };
  }

  /** Notices a new active coordinator before it handles anything, and checks INV-13/INV-14. */
  private detectShard(): void {
    const shard = this.kafka.shardFor(GROUP);
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
    const node = this.kafka.coordinatorFor(GROUP);
    const logEnd = node === null ? 0 : (this.kafka.cluster.logEndOffset(CONSUMER_OFFSETS_TOPIC, 0, node) ?? 0);
    const before = this.lastLive;
    if (before !== undefined && logEnd >= before.logEnd) {
      // Every record the old coordinator had replayed reached the new one's log: same groups.
      this.stats.exactFailovers++;
      const now = comparableGroups(shard.state.consumerGroups);
      if (!isDeepStrictEqual(now, before.groups)) this.violations.push(`[INV-14] after failover the new coordinator's groups differ from the old one's:\n old ${JSON.stringify(before.groups)}\n new ${JSON.stringify(now)}`);
    }
    this.lastLive = undefined;
    const group = shard.state.consumerGroups.get(GROUP);
    for (const m of this.alive) {
      if (m.phase !== 'member' || m.leaving || this.expelled.has(m.memberId)) continue;
      const at = group?.members.get(m.memberId);
      if (at === undefined) this.violations.push(`[INV-14] after failover, slot ${m.slot} (${m.memberId}, told epoch ${m.memberEpoch}) is not a member of the new coordinator`);
      else if (at.memberEpoch < m.memberEpoch) this.violations.push(`[INV-14] after failover, slot ${m.slot} (${m.memberId}) is at epoch ${at.memberEpoch}, below the ${m.memberEpoch} it was told`);
    }
  }

  /** INV-13: the fold of the coordinator's log equals its live consumer groups. */
  checkReplay(label = '[INV-13]'): void {
    const shard = this.kafka.shardFor(GROUP);
    const node = this.kafka.coordinatorFor(GROUP);
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
      if (record.type === 'ConsumerGroupCurrentMemberAssignment' && record.groupId === GROUP) {
        const before = this.committed.consumerGroups.get(GROUP);
        this.violations.push(...handoverViolations(before, record));
        this.stats.handovers += this.countHandovers(record);
      }
      replay(this.committed, record);
    }
    const group = this.committed.consumerGroups.get(GROUP);
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

  private afterAction(): void {
    this.syncCommitted();
    this.checkReplay();
  }

  /** The run ends: the cluster heals and INV-12 is measured in heartbeat rounds. */
  finish(): void {
    for (const b of this.kafka.cluster.brokers()) if (!b.up) this.kafka.restart(b.nodeId);
    for (const m of this.alive) m.loseNext = 0;
    for (let t = 0; t < 3000; t += STEP_MS) this.step();
    this.liveness();
    this.afterAction();
    const g = this.liveGroup();
    this.stats.stableWithMembers = g !== undefined && g.members.size > 0 && this.converged(g);
  }

  /**
   * INV-12: rounds in which every live member heartbeats once (answers awaited), then a
   * heartbeat interval passes. Counts the rounds from the last one in which the group epoch
   * changed to the first in which every member is at its target.
   */
  private liveness(): void {
    let lastChange = 0;
    let convergedAt = -1;
    let epoch = this.liveGroup()?.groupEpoch ?? -1;
    for (let round = 1; round <= MAX_ROUNDS; round++) {
      for (const m of this.alive) this.roundTrip(m);
      this.kafka.advance(HEARTBEAT_MS);
      this.detectShard();
      this.collect();
      const g = this.liveGroup();
      const e = g?.groupEpoch ?? -1;
      if (e !== epoch) {
        lastChange = round;
        convergedAt = -1;
      }
      epoch = e;
      if (this.converged(g)) {
        if (convergedAt < 0) convergedAt = round;
        if (this.settled(g)) break;
      } else convergedAt = -1;
    }
    const g = this.liveGroup();
    if (convergedAt < 0 || !this.settled(g)) {
      this.violations.push(`[INV-12] the group did not reach its target within ${MAX_ROUNDS} rounds: ${this.describe(g)}`);
      return;
    }
    this.stats.convergenceRounds = convergedAt - lastChange;
    if (convergedAt - lastChange > LIVENESS_BOUND_ROUNDS) {
      this.violations.push(`[INV-12] reaching the target took ${convergedAt - lastChange} rounds after the last change (bound ${LIVENESS_BOUND_ROUNDS})`);
    }
  }

  /** Sends one heartbeat for the member and waits for its answer. */
  private roundTrip(m: SimMember): void {
    for (let i = 0; i < 50 && m.inFlight !== null; i++) {
      this.kafka.advance(1);
      this.collect();
    }
    if (!m.alive || m.inFlight !== null || !this.send(m)) return;
    for (let i = 0; i < 50 && m.inFlight !== null; i++) {
      this.kafka.advance(1);
      this.collect();
    }
  }

  /** Every live member is STABLE at the target epoch and owns exactly its target, and the group is Stable. */
  converged(g: ConsumerGroup | undefined): boolean {
    // Nobody left: nothing to reach (an emptied group keeps a group epoch ahead of its target).
    if (g === undefined || g.members.size === 0) return this.alive.length === 0;
    if (g.groupEpoch !== g.targetAssignmentEpoch) return false;
    for (const m of this.alive) {
      const at = g.members.get(m.memberId);
      if (m.phase !== 'member' || at === undefined || at.state !== 'STABLE' || at.memberEpoch !== g.targetAssignmentEpoch || m.memberEpoch !== at.memberEpoch) return false;
      if (!sameAssignment(m.owned, g.targetAssignment.get(m.memberId)) || !sameAssignment(at.assignedPartitions, g.targetAssignment.get(m.memberId))) return false;
    }
    for (const at of g.members.values()) if (at.state !== 'STABLE' || at.memberEpoch !== g.targetAssignmentEpoch) return false;
    return true;
  }

  /** Converged and every member at the coordinator is a live member (the dead have expired). */
  private settled(g: ConsumerGroup | undefined): boolean {
    if (g === undefined) return this.alive.length === 0;
    const ids = new Set(this.alive.map((m) => m.memberId));
    return this.converged(g) && [...g.members.keys()].every((id) => ids.has(id));
  }

  private describe(g: ConsumerGroup | undefined): string {
    if (g === undefined) return 'no active coordinator or group';
    const members = [...g.members.values()].map((m) => `${m.memberId}@${m.memberEpoch}/${m.state}`).join(', ');
    const sims = this.alive.map((m) => `slot ${m.slot} ${m.memberId}@${m.memberEpoch}/${m.phase}`).join(', ');
    return `group epoch ${g.groupEpoch}, target ${g.targetAssignmentEpoch}; coordinator: ${members}; members: ${sims}`;
  }
}

function sameAssignment(a: ReadonlyMap<string, ReadonlySet<number>>, b: ReadonlyMap<string, ReadonlySet<number>> | undefined): boolean {
  const rows = (x: ReadonlyMap<string, ReadonlySet<number>> | undefined): string =>
    JSON.stringify([...(x ?? new Map<string, ReadonlySet<number>>())].filter(([, ps]) => ps.size > 0).map(([t, ps]) => [t, [...ps].sort((p, q) => p - q)]).sort());
  return rows(a) === rows(b);
}

/** Runs a history to its end (healing and the liveness phase included). */
export function runHistory(actions: readonly Action[]): Kip848World {
  const w = new Kip848World();
  for (const a of actions) w.apply(a);
  w.finish();
  return w;
}
