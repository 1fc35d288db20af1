/**
 * The world of one random KIP-848 history: the replicated in-memory cluster (3 brokers, one
 * `__consumer_offsets` partition, replication 1 ms behind), up to six simulated members
 * ({@link SimMember}) heartbeating to the group's coordinator, and the checks of INV-09 to
 * INV-16 run at every instant they can be observed.
 *
 * @remarks
 * Time moves in steps of {@link STEP_MS}: each step, every member whose heartbeat is due sends
 * it, the cluster runs for a step, and every answer that arrived is handed to its member. The
 * coordinator side is checked by a {@link CoordinatorWatch}; here, after each answer a member
 * reconciles, INV-09 on the members' beliefs, and on each error answer INV-14 (a member is
 * fenced or forgotten only after an answer to it was lost, or an expiry). At the end,
 * {@link Kip848World.finish} heals the cluster and measures INV-12 (liveness) in heartbeat
 * rounds, and checks INV-15 on the final coordinator.
 *
 * Nothing here patches the system under test: it reads the shard's state, its log and the
 * answers, as a test of the cluster may.
 */
import { CONSUMER_OFFSETS_TOPIC } from '../../../src/broker/coordinator-placement.js';
import { InMemoryKafka } from '../../../src/broker/in-memory-kafka.js';
import type { ConsumerGroup } from '../../../src/protocol/consumer/group.js';
import { ErrorCodes } from '../../../src/protocol/errors.js';
import { beliefOverlaps } from './checks.js';
import { INITIAL_PARTITIONS, MAX_PARTITIONS, SLOTS, TOPICS, topicsOf, type Action } from './history.js';
import { SimMember } from './member.js';
import { CommitTracker } from './offsets.js';
import { CoordinatorWatch, type WatchStats } from './watch.js';

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

const EXPECTED_ERRORS: ReadonlySet<number> = new Set([
  ErrorCodes.COORDINATOR_LOAD_IN_PROGRESS,
  ErrorCodes.COORDINATOR_NOT_AVAILABLE,
  ErrorCodes.NOT_COORDINATOR,
  ErrorCodes.UNRELEASED_INSTANCE_ID,
]);

/** What one run saw, to show the properties are not vacuous. */
export interface WorldStats extends WatchStats {
  answers: number;
  revocations: number;
  /** FENCED_MEMBER_EPOCH / UNKNOWN_MEMBER_ID answers explained by a lost answer or an expiry. */
  fencedExplained: number;
  /** FENCED_MEMBER_EPOCH answers to the epoch-0 rejoins of a member fenced before (Kafka 4.0). */
  refencedRejoins: number;
  /** Offset commits acknowledged (per partition). */
  commitsAcked: number;
  /** Heartbeat rounds the liveness phase needed after its last change (-1: never converged). */
  convergenceRounds: number;
  /** Whether the group was Stable with at least one member at the end. */
  stableWithMembers: boolean;
}

/** Options of a world. */
export interface WorldOptions {
  /** Whether members commit offsets (OffsetCommit v9 with their member epoch; INV-15). */
  readonly commits?: boolean;
}

/** A world running one history. */
export class Kip848World {
  readonly kafka: InMemoryKafka;
  readonly slots: (SimMember | null)[] = new Array<SimMember | null>(SLOTS).fill(null);
  readonly violations: string[] = [];
  private readonly counts = { answers: 0, revocations: 0, fencedExplained: 0, refencedRejoins: 0, convergenceRounds: -1, stableWithMembers: false };
  private readonly watch: CoordinatorWatch;
  private readonly commits: CommitTracker | undefined;
  private incarnations = 0;

  constructor(options: WorldOptions = {}) {
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
      // The watch is created right after the cluster; the cluster reports nothing before.
      observe: (e) => this.watch?.onEvent(e),
    });
    this.commits = options.commits ? new CommitTracker(this.kafka, GROUP) : undefined;
    this.watch = new CoordinatorWatch(this.kafka, GROUP, this.violations, () => this.alive, this.commits);
    for (const [name, n] of Object.entries(INITIAL_PARTITIONS)) this.kafka.cluster.createTopic(name, n, 1);
    this.kafka.settle();
    this.watch.detectShard();
  }

  /** What the run saw. */
  get stats(): WorldStats {
    return { ...this.counts, ...this.watch.stats, commitsAcked: this.commits?.ackedCount ?? 0 };
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
    return this.watch.liveGroup();
  }

  /** Applies one action of the history, then lets one step pass. */
  apply(a: Action): void {
    const k = this.kafka;
    switch (a.kind) {
      case 'join': {
        if (this.slots[a.slot]?.alive) break;
        const ownId = `member-${a.slot}-${++this.incarnations}`.padEnd(22, '0');
        this.slots[a.slot] = new SimMember(a.slot, a.version, a.static ? `instance-${a.slot}` : null, ownId, topicsOf(a.topics), { groupId: GROUP, rebalanceTimeoutMs: REBALANCE_MS, serverAssignor: a.assignor ?? null }, this.now);
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
      case 'commit':
        this.commit(a.slot);
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
          if (a.commitFirst) this.commit(0);
          if (k.cluster.isUp(a.broker) && k.cluster.brokers().filter((b) => b.up).length > 1) k.crash(a.broker);
        });
        this.afterAction();
        return;
      case 'restart':
        if (!k.cluster.isUp(a.broker)) k.restart(a.broker);
        break;
      case 'move':
        this.step(() => {
          if (a.commitFirst) this.commit(0);
          const p = k.cluster.partition(CONSUMER_OFFSETS_TOPIC, 0);
          if (p && p.leader !== null && p.leader !== a.broker && p.isr.includes(a.broker) && k.cluster.isUp(a.broker)) k.moveCoordinator(GROUP, a.broker);
        });
        this.afterAction();
        return;
    }
    this.watch.detectShard();
    this.step();
    this.afterAction();
  }

  /** The slot's member, or the next one (in slot order) that owns partitions, commits them. */
  private commit(slot: number): void {
    const order = [...this.slots.slice(slot), ...this.slots.slice(0, slot)];
    const m = order.find((x) => x?.alive && x.phase === 'member' && !x.leaving && x.owned.size > 0);
    if (m) this.commits?.commit(m);
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
      this.watch.detectShard();
    }
    this.kafka.advance(STEP_MS);
    this.watch.detectShard();
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
    this.watch.handled();
    m.sent(id, hb, this.now);
    return true;
  }

  /** Hands every answer that arrived to its member. */
  private collect(): void {
    this.commits?.collect();
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
    this.counts.answers++;
    this.counts.revocations += m.revocations - revocations;
    for (const e of m.errors.slice(errors)) this.judgeError(m, e);
    this.violations.push(...beliefOverlaps(this.alive.map((x) => ({ name: `slot ${x.slot} (${x.memberId})`, owned: x.owned }))));
  }

  /** INV-14: a member is fenced or forgotten only after an answer to it was lost, or an expiry. */
  private judgeError(m: SimMember, e: SimMember['errors'][number]): void {
    const fenced = e.errorCode === ErrorCodes.FENCED_MEMBER_EPOCH;
    if (!fenced && e.errorCode !== ErrorCodes.UNKNOWN_MEMBER_ID) {
      // The coordinator moving or loading, and a static member's previous incarnation not gone
      // yet, are the only other answers a correct member gets here.
      if (!EXPECTED_ERRORS.has(e.errorCode)) this.violations.push(`[INV-14] slot ${m.slot} (${e.memberId}) got error ${e.errorCode} to a heartbeat at epoch ${e.requestEpoch}`);
      return;
    }
    // Kafka 4.0 answers a fenced member's epoch-0 rejoin under the same member id with
    // FENCED_MEMBER_EPOCH again until its session expires (KAFKA-19233 lifted that after 4.0):
    // those answers follow from the first fencing, which is judged on its own.
    if (e.lostBefore >= 1 || this.watch.expelled.has(e.memberId)) this.counts.fencedExplained++;
    else if (fenced && e.rejoiningAfterFence) this.counts.refencedRejoins++;
    else this.violations.push(`[INV-14] slot ${m.slot} (${e.memberId}) got ${fenced ? 'FENCED_MEMBER_EPOCH' : 'UNKNOWN_MEMBER_ID'} at epoch ${e.requestEpoch} after ${e.lostBefore} lost answer(s) and no expiry`);
  }

  private afterAction(): void {
    this.watch.syncCommitted();
    this.watch.checkReplay();
  }

  /** The run ends: the cluster heals and INV-12 is measured in heartbeat rounds. */
  finish(): void {
    for (const b of this.kafka.cluster.brokers()) if (!b.up) this.kafka.restart(b.nodeId);
    for (const m of this.alive) m.loseNext = 0;
    for (let t = 0; t < 3000; t += STEP_MS) this.step();
    this.liveness();
    this.afterAction();
    const shard = this.kafka.shardFor(GROUP);
    if (this.commits !== undefined && shard?.status === 'active') this.violations.push(...this.commits.check(shard.state, 'at the end'));
    const g = this.liveGroup();
    this.counts.stableWithMembers = g !== undefined && g.members.size > 0 && this.converged(g);
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
      this.watch.detectShard();
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
    this.counts.convergenceRounds = convergedAt - lastChange;
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
export function runHistory(actions: readonly Action[], options: WorldOptions = {}): Kip848World {
  const w = new Kip848World(options);
  for (const a of actions) w.apply(a);
  w.finish();
  return w;
}
