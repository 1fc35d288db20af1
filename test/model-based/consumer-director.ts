/**
 * Makes a real `KafkaConsumer` walk a path of the member statechart: each planned event is
 * brought about by a real situation in the {@link ConsumerWorld}, and the consumer's trace,
 * mapped by the {@link ConsumerOracle}, must show the planned transition.
 *
 * @remarks
 * For each planned event the director first *arms* what the transition about to fire needs
 * (the request it sends is held back on "me"'s network, so the next situation can arise before
 * the request reaches the coordinator), then *acts* (sets the situation for the planned answer,
 * or polls, closes, commits) and waits, polling every consumer every 20 ms, until the oracle
 * steps the planned transition. Meanwhile the consumer may take other transitions that keep
 * its state (heartbeats, polls, a coordinator lost and found again); one that changes its state
 * otherwise ends the attempt with {@link NotRealized}. Situations per planned answer:
 *
 * | answer | situation |
 * | --- | --- |
 * | REBALANCE_IN_PROGRESS | another consumer joins (static variants: a stable one leaves, when there is one) |
 * | UNKNOWN_MEMBER_ID | an administrator removes "me"; a stable cooperative member's heartbeat: its session expires at the coordinator (its heartbeats are lost) |
 * | ILLEGAL_GENERATION (static) | "me" sits out a rebalance (its heartbeat answers are lost, so it never hears of it) |
 * | FENCED_INSTANCE_ID (static) | a twin consumer with "me"'s `group.instance.id` starts |
 * | NOT_COORDINATOR / network error | the coordinator moves; or its broker crashes (static JoinGroup and SyncGroup, cooperative stable heartbeats), failing the requests in flight |
 * | COORDINATOR_LOAD_IN_PROGRESS | "me"'s coordinator is moved away and back, and loads |
 * | INCONSISTENT_GROUP_PROTOCOL | a consumer with another assignor is in the group first |
 * | poll timeout | "me" is not polled for `max.poll.interval.ms` (in CompletingRebalance a slow peer keeps the rebalance open) |
 */
import { initialMemberContext, stepMember } from '../../machines/index.js';
import type { MemberContext, MemberEvent, MemberStateKey } from '../../machines/index.js';
import { TOPIC } from './member-world.js';
import { MEMBER_PARTITIONS } from './member-driver.js';
import { ConsumerWorld, NotRealized, TIMING } from './consumer-world.js';
import type { OracleStep } from './consumer-oracle.js';
import { edgeKey } from './coverage.js';

/** One planned step: the event and what the statechart does with it. */
interface PlanStep {
  readonly event: MemberEvent;
  readonly from: MemberStateKey;
  readonly to: MemberStateKey;
  readonly case: string;
  readonly before: MemberContext;
  readonly after: MemberContext;
}

/** The statechart's steps along `events`. */
function planOf(world: ConsumerWorld, events: readonly MemberEvent[]): PlanStep[] {
  let ctx = initialMemberContext({ protocol: world.variant.protocol, isStatic: world.variant.isStatic, partitions: MEMBER_PARTITIONS });
  return events.map((event) => {
    const step = stepMember(ctx, event);
    if (step === null) throw new Error(`the path is not a path: ${JSON.stringify(event)} in ${ctx.state}`);
    const planned = { event, from: ctx.state, to: step.state, case: step.case, before: ctx, after: step.context };
    ctx = step.context;
    return planned;
  });
}

const codeOf = (e: MemberEvent): number => ('errorCode' in e ? e.errorCode : -1);
/** How long "me" sits out a rebalance: the rebalance timeout and some margin. */
const SIT_OUT_MS = TIMING.maxPollIntervalMs + 2_000;

/**
 * How long "me"'s JoinGroup is held for its planned answer: long enough for another consumer to
 * join first (FENCED_INSTANCE_ID, INCONSISTENT_GROUP_PROTOCOL), briefly for what an instant
 * does (a move, a reload, a removal by member id); not at all for a JoinGroup without member
 * id that must park before its removal, or for an answer that needs nothing.
 */
function joinHoldMs(code: number, hasMemberId: boolean): number {
  switch (code) {
    case 82:
    case 23:
      return 300;
    case 14:
    case 16:
      return 30;
    case 25:
      return hasMemberId ? 30 : 0;
    default:
      return 0;
  }
}

/** Drives one world along one path. */
export class Director {
  private readonly plan: PlanStep[];
  /** Oracle steps before this index were matched or allowed already. */
  private mark = 0;
  private current = 0;
  private cleanups: (() => void)[] = [];

  constructor(
    private readonly w: ConsumerWorld,
    events: readonly MemberEvent[],
  ) {
    this.plan = planOf(w, events);
  }

  /** The goal: the last planned transition. */
  get goal(): string {
    const last = this.plan.at(-1)!;
    return edgeKey(last.from, last.case, last.to);
  }

  /** Walks the path; throws {@link NotRealized} when the world took another turn, `ModelMismatch` on a disagreement. */
  run(): void {
    this.prelude();
    for (this.current = 0; this.current < this.plan.length; this.current++) {
      const p = this.plan[this.current]!;
      if (this.w.oracle.state !== p.from) throw new NotRealized(`step ${this.current + 1}: the consumer is ${this.w.oracle.state}, the path expects ${p.from}`);
      this.arm(this.current);
      this.act(p);
      this.await(p, this.current === this.plan.length - 1);
      for (const c of this.cleanups.splice(0)) c();
    }
  }

  /** Whether "me" may be polled now: never while a poll timeout is awaited, else only if the poll keeps its state. */
  private pollMeNow = (): boolean => {
    const p = this.plan[this.current];
    const o = this.w.oracle;
    if (p?.event.type === 'timer.pollTimeout' || o.state === 'leaving' || o.state === 'left') return false;
    const step = stepMember(o.context, { type: 'poll' });
    return step === null || step.state === o.state;
  };

  private until(done: () => boolean, what: string, maxMs?: number): void {
    this.w.until(done, what, this.pollMeNow, maxMs);
  }

  /** A peer whose larger rebalance timeout keeps a rebalance open while "me" times out in CompletingRebalance. */
  private prelude(): void {
    if (!this.plan.some((p) => p.from === 'completingRebalance' && p.event.type === 'timer.pollTimeout')) return;
    const slow = this.w.start('slow');
    this.until(() => slow.state === 'stable', 'the slow peer joins');
  }

  // ---- arming: holding back the request the next transition sends ---------------------------

  private arm(i: number): void {
    const p = this.plan[i]!;
    const next = this.plan[i + 1];
    if (p.to === 'preparingRebalance' && p.after.sent.includes('joinGroup') && next?.event.type === 'response.joinGroup') {
      const ms = joinHoldMs(codeOf(next.event), p.after.hasMemberId);
      if (ms > 0) this.w.hold('JoinGroup', ms);
    }
    if (p.to === 'completingRebalance' && p.from !== 'completingRebalance') {
      const ms = this.windowMs(i + 1, 'completingRebalance');
      if (ms > 0) this.w.hold('SyncGroup', ms);
    }
    if (p.before.coordinatorKnown && !p.after.coordinatorKnown && next !== undefined && next.event.type !== 'coordinator.found') {
      const ms = this.windowMs(i + 1, null);
      if (ms > 0) this.w.hold('FindCoordinator', ms);
    }
  }

  /**
   * How long the request must be held so that the planned events from `j` happen first: the
   * events while the member stays in `state` (or, for `null`, until the coordinator is found).
   */
  private windowMs(j: number, state: MemberStateKey | null): number {
    let total = 0;
    let needed = false;
    for (let k = j; k < this.plan.length; k++) {
      const q = this.plan[k]!;
      if (state !== null ? q.from !== state : q.event.type === 'coordinator.found') break;
      const code = codeOf(q.event);
      switch (q.event.type) {
        case 'timer.heartbeat':
          total += TIMING.heartbeatIntervalMs + 100;
          break;
        case 'timer.pollTimeout':
          total += TIMING.maxPollIntervalMs + 1_000;
          break;
        case 'response.heartbeat':
          // The situation arises after the last heartbeat; the next one, an interval later, gets the answer.
          total += code === 0 ? 0 : TIMING.heartbeatIntervalMs + (code === 22 ? SIT_OUT_MS : 500);
          break;
        case 'response.syncGroup':
          total += code === 22 ? SIT_OUT_MS : code === 0 ? 0 : 400;
          needed ||= code !== 0;
          break;
        case 'poll':
          total += 50;
          break;
      }
      needed ||= q.event.type !== 'response.syncGroup' && q.event.type !== 'close';
      if (state !== null && q.to !== state) break;
    }
    return needed ? total + 200 : 0;
  }

  // ---- acting: the situation for the planned event ------------------------------------------

  private act(p: PlanStep): void {
    const e = p.event;
    const code = codeOf(e);
    switch (e.type) {
      case 'poll':
        this.w.oracle.poll();
        return;
      case 'close':
        this.w.oracle.close();
        return;
      case 'response.joinGroup':
        return this.actJoin(code);
      case 'response.syncGroup':
        return this.actAnswer(code, 'SyncGroup');
      case 'response.heartbeat':
        return this.actAnswer(code, 'Heartbeat');
      case 'response.offsetCommit':
        this.actAnswer(code, 'OffsetCommit');
        this.w.oracle.commit([{ topic: TOPIC, partition: 0, offset: 0 }]);
        return;
    }
  }

  private actJoin(code: number): void {
    const w = this.w;
    switch (code) {
      case 14:
        return w.reloadOn(w.lastNode('JoinGroup'));
      case 16:
        return this.coordinatorGone(w.lastNode('JoinGroup'), w.variant.isStatic);
      case 25:
        if (w.lastMemberId('JoinGroup') === '') this.until(() => w.meParked(), "me's JoinGroup parks");
        return w.removeMe();
      case 82:
        return this.twinTakesOver(w.lastMemberId('JoinGroup'));
      case 23: {
        const peer = w.start('incompatible');
        this.until(() => w.cluster.group()?.members.has(peer.groupMetadata().memberId) === true, 'a consumer with another assignor joins');
        return;
      }
    }
  }

  /** The situation for an answer to SyncGroup, Heartbeat or OffsetCommit. */
  private actAnswer(code: number, api: 'SyncGroup' | 'Heartbeat' | 'OffsetCommit'): void {
    const w = this.w;
    const { isStatic, protocol } = w.variant;
    switch (code) {
      case 27:
        return w.triggerRebalance(isStatic);
      case 25:
        if (api === 'Heartbeat' && protocol === 'cooperative' && this.w.oracle.state === 'stable') return this.sessionExpires();
        return w.removeMe();
      case 22:
        return this.sitOut(api);
      case 16:
        // A crash fails every request in flight to the broker, the oldest first: only where the planned one is the oldest.
        return this.coordinatorGone(
          w.me.memberView().coordinator ?? w.cluster.coordinator(),
          api === 'Heartbeat' ? protocol === 'cooperative' && w.oracle.state === 'stable' : api === 'SyncGroup' && isStatic,
        );
      case 82:
        if (api === 'OffsetCommit') this.loseAnswers('Heartbeat');
        return this.twinTakesOver(w.me.memberView().memberId);
    }
  }

  /** "me"'s answers of `api` are lost until the planned step has fired. */
  private loseAnswers(api: string): void {
    this.w.droppedAnswers.add(api);
    this.cleanups.push(() => this.w.droppedAnswers.delete(api));
  }

  /** The coordinator leaves `node`: it moves to another replica, or (`crash`) the broker crashes and restarts after the step. */
  private coordinatorGone(node: number, crash: boolean): void {
    const w = this.w;
    if (w.cluster.coordinator() !== node) return;
    if (!crash) return w.moveCoordinatorAwayFrom(node);
    w.crashCoordinator();
    this.cleanups.push(() => w.kafka.restart(node));
  }

  /** A twin with "me"'s `group.instance.id` starts and takes "me"'s place (member id `mine` no longer valid). */
  private twinTakesOver(mine: string): void {
    const w = this.w;
    w.start('twin');
    this.until(() => {
      const g = w.cluster.group();
      return g !== undefined && [...g.members.values()].some((m) => m.groupInstanceId === 'i-me' && m.memberId !== mine);
    }, 'the twin takes over');
  }

  /** A stable member's heartbeats are lost until the coordinator expires its session. */
  private sessionExpires(): void {
    const w = this.w;
    const mine = w.me.memberView().memberId;
    w.droppedRequests.add('Heartbeat');
    this.until(() => {
      const g = w.cluster.group();
      return g !== undefined && !g.members.has(mine);
    }, "the coordinator expires me's session");
    w.droppedRequests.delete('Heartbeat');
  }

  /**
   * A static "me" sits out a rebalance: another consumer joins and, with "me"'s heartbeat
   * answers lost, the rebalance completes without it (static members stay in the group).
   */
  private sitOut(api: 'SyncGroup' | 'Heartbeat' | 'OffsetCommit'): void {
    const w = this.w;
    const mine = w.me.memberView().generationId;
    w.droppedAnswers.add('Heartbeat');
    w.triggerRebalance(false);
    this.until(() => {
      const g = w.cluster.group();
      return g !== undefined && g.generationId > mine && g.state !== 'PreparingRebalance';
    }, 'the rebalance completes without me', 3 * SIT_OUT_MS);
    if (api === 'Heartbeat') w.droppedAnswers.delete('Heartbeat');
    else this.cleanups.push(() => w.droppedAnswers.delete('Heartbeat'));
  }

  // ---- waiting for the planned transition -----------------------------------------------------

  /**
   * Ticks until the oracle steps the planned transition. The goal must fire exactly; earlier
   * steps may fire a sibling with the same event and target (a SyncGroup that revokes or not).
   * Transitions that keep the state are allowed meanwhile; any other ends the attempt.
   */
  private await(p: PlanStep, isGoal: boolean): void {
    const edge = edgeKey(p.from, p.case, p.to);
    const matches = (s: OracleStep): boolean => !s.proxy && (s.edge === edge || (!isGoal && s.event.type === p.event.type && s.edge.startsWith(`${p.from}|`) && s.edge.endsWith(`|${p.to}`) && codeOf(s.event) === codeOf(p.event)));
    const found = (): boolean => {
      const steps = this.w.oracle.steps;
      for (; this.mark < steps.length; this.mark++) {
        const s = steps[this.mark]!;
        if (matches(s)) {
          this.mark++;
          return true;
        }
        const [from, , to] = s.edge.split('|');
        if (from !== to) throw new NotRealized(`step ${this.current + 1} plans ${edge}, but the consumer took ${s.edge} (${s.cause})`);
      }
      return false;
    };
    this.until(found, `step ${this.current + 1}: ${edge}`);
  }
}
