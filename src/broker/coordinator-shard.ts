/**
 * The coordinator shell: the one place a handler's result is applied. Every coordinator runs
 * in one: a shard of the in-memory cluster (the coordinator of one `__consumer_offsets`
 * partition on the broker that leads it) and the lone coordinator
 * ({@link GroupCoordinatorRuntime}, a one-broker cluster) alike. It loads the partition's
 * durable records when it becomes leader, runs the pure handlers, replays their records,
 * appends the durable ones to the replicated log, arms their timers, answers only once those
 * records are committed, and unloads when leadership moves away.
 *
 * @remarks
 * Kafka's CoordinatorRuntime in miniature (spec/failover.md):
 * - loading: every request for the partition gets COORDINATOR_LOAD_IN_PROGRESS (Heartbeat:
 *   NONE) until the fold of the durable records and the load rules are done;
 * - writes: a result's records are replayed at once, its durable records appended at the
 *   leader epoch the shard loaded at; its responses wait until the high watermark passes the
 *   shard's last write, so nothing is acknowledged before it is replicated;
 * - unload: groups go to Dead, parked JoinGroup/SyncGroup get NOT_COORDINATOR, timers stop,
 *   responses still waiting for a commit get NOT_COORDINATOR.
 */
import type { Cluster } from './cluster/cluster.js';
import type { CommitResult } from './cluster/types.js';
import type { EventLoop, TimerScope } from '../time/event-loop.js';
import { CONSUMER_OFFSETS_TOPIC } from './coordinator-placement.js';
import type { GroupCoordinatorConfig } from '../protocol/config.js';
import { ErrorCodes } from '../protocol/errors.js';
import type { GroupRequest, GroupResponse } from '../protocol/messages/index.js';
import type { CoordinatorRecord } from '../protocol/records.js';
import { isDurable } from '../protocol/records.js';
import type { GroupStateName } from '../protocol/group.js';
import type { TimerEntry } from '../time/timer-queue.js';
import type { CoordinatorState, MutableCoordinatorState } from '../protocol/replay.js';
import { emptyCoordinatorState, replay } from '../protocol/replay.js';
import { fireTimer, handleRequest, sameTimerEvent } from '../protocol/classic/index.js';
import type { HandlerContext, HandlerResult, TimerEvent } from '../protocol/classic/index.js';
import { errorResponse } from '../protocol/front-door.js';
import { loadCoordinator, unloadCoordinator } from '../protocol/load.js';
import type { TopicsImage } from '../protocol/consumer/topics.js';
import { clusterTopicsImage } from './topics-image.js';
import { SessionTimers } from './session-timers.js';

/** Where a shard is in its life. */
export type ShardStatus = 'loading' | 'active' | 'unloaded';

/** How a shard answers: the request id it was given and the response. */
export type Reply = (response: GroupResponse) => void;

/**
 * What a shell reports as it works, for traces, timelines and the lone runtime's record log:
 * the records each result appended (durable and volatile, in order), every timer that fired,
 * every group state transition.
 */
export type ShellEvent =
  | { readonly type: 'records'; readonly atMs: number; readonly records: readonly CoordinatorRecord[] }
  | { readonly type: 'timer'; readonly atMs: number; readonly event: TimerEvent }
  | { readonly type: 'transition'; readonly atMs: number; readonly groupId: string; readonly from: GroupStateName; readonly to: GroupStateName };

/**
 * How an unloaded shell answers a request that still reaches it.
 *
 * @remarks
 * `notCoordinator`: Kafka's coordinator runtime removes the shard, so the broker answers
 * NOT_COORDINATOR (the cluster removes its shards at once, this is only a safety net).
 * `deadGroups`: the shell keeps its Dead groups and runs the handlers, which answer
 * COORDINATOR_NOT_AVAILABLE (GS-01), as Kafka's groups do between the unload and the shard's
 * removal; that is the moment the group statechart models, so the lone runtime keeps it.
 */
export type AfterUnload = 'notCoordinator' | 'deadGroups';

/** What a shard needs from its broker. */
export interface ShardOptions {
  readonly partition: number;
  readonly nodeId: number;
  readonly leaderEpoch: number;
  readonly cluster: Cluster<CoordinatorRecord>;
  readonly loop: EventLoop;
  readonly config: GroupCoordinatorConfig;
  readonly newId: () => string;
  /** Records folded per virtual millisecond while loading (at least 1 ms per load). */
  readonly loadRecordsPerMs: number;
  /** Whether a topic partition exists, for OffsetCommit's per-partition checks. */
  readonly partitionExists?: (topic: string, partition: number) => boolean;
  /** How an unloaded shell answers (`notCoordinator` by default). */
  readonly afterUnload?: AfterUnload;
  /** Receives every {@link ShellEvent}. */
  readonly observe?: (event: ShellEvent) => void;
  /**
   * Whether `observe` wants events at this moment (always, when absent). Events are built only
   * when it says yes: an observer that keeps nothing for now (the lone runtime with no record log
   * and no listener) costs no event object per request, result or transition.
   */
  readonly observing?: () => boolean;

  /**
   * A deliberate bug for the mutation test: answer before the write is replicated. Never set
   * it outside that test.
   */
  readonly unsafeAckBeforeReplication?: boolean;
}

interface Waiting {
  readonly requestId: string;
  readonly request: GroupRequest;
  readonly reply: Reply;
  /** Set once answered; a request answered while still in hand is never held. */
  answered: boolean;
  /** Set while its answer waits for the high watermark to pass the shard's last write. */
  committing: boolean;
  /** The answer it gets once its write commits (while `committing`). */
  answer: GroupResponse | undefined;
  /**
   * Where the shard holds it once its handling is over: `parked` in the map by id (no answer yet,
   * or parked first and answered by a later write), `committing` in the list of answers that
   * wait for their own write, `no` while in hand or once answered or dropped.
   */
  held: 'no' | 'parked' | 'committing';
  /** When it was first held: an unload answers in this order, as it always has. */
  order: number;
}

/** One coordinator shard. */
/**
 * `observe` when it is given and wants events at this moment (`observing` absent or true), else
 * undefined: the one rule every place that emits an event (a shard's {@link ShellEvent}, a
 * broker's request) follows, so that nobody builds an event no one keeps.
 */
export function activeObserver<E>(opts: {
  readonly observe?: ((event: E) => void) | undefined;
  readonly observing?: (() => boolean) | undefined;
}): ((event: E) => void) | undefined {
  const { observe, observing } = opts;
  return observe !== undefined && (observing === undefined || observing()) ? observe : undefined;
}

export class CoordinatorShard {
  readonly partition: number;
  readonly leaderEpoch: number;
  status: ShardStatus = 'loading';
  /** The live state; replay is the only writer. */
  private readonly live: MutableCoordinatorState = emptyCoordinatorState();
  private readonly opts: ShardOptions;
  /**
   * Requests handled and not answered yet, by id: parked (a JoinGroup waiting for its join
   * phase), including those a later write answered that wait for that write to commit.
   */
  private readonly waiting = new Map<string, Waiting>();
  /**
   * Requests whose own write decided their answer, waiting for that write to commit (most
   * writes: an offset commit on a replicated partition). No later handler answers them, so
   * nothing looks them up by id: a list emptied in bulk rather than a map entry added and
   * deleted per request. Finished entries are dropped once every entry is finished, or once
   * they outnumber the open ones.
   */
  private committingList: Waiting[] = [];
  /** How many entries of {@link committingList} are still held there. */
  private committingOpen = 0;
  /** Requests held so far, for {@link Waiting.order}. */
  private heldCount = 0;
  /**
   * The request being handled: most are answered before their handling ends (nothing to
   * wait for), so only those still unanswered then enter {@link waiting}.
   */
  private inHand: Waiting | undefined;
  /** Counts unloads, so a request whose handling unloaded the shard is not kept waiting. */
  private unloads = 0;
  /**
   * This shard's timers in the loop: each carries the event the handler armed it with, under the
   * handler's key (the loop's table of the scope is the only record of them; no per-timer key
   * string or closure: a million idle members each hold one session timer). A re-arm with an
   * equal event keeps the armed one, so a heartbeat retains nothing new.
   */
  private readonly timerScope: TimerScope<TimerEvent> = {
    fire: (_key, event) => {
      if (this.status !== 'loading') this.fire(event);
    },
    same: sameTimerEvent,
  };
  /**
   * The session timers of each group (TM-03), filed under the member id in a table of their
   * group: a heartbeat re-arms its member's timer through the group's table and the member id
   * string the state holds, with no key string to build, hash or compare.
   */
  private readonly sessionTimers: SessionTimers;
  private lastWrittenOffset = -1;
  private committedOffset = -1;
  private readonly loadKey: string;
  /** The last handler context built, see {@link context}. */
  private ctx: HandlerContext | undefined;
  /** The cluster's topics as consumer-group handlers see them (a live view). */
  private readonly topicsImage: TopicsImage;

  constructor(opts: ShardOptions) {
    this.opts = opts;
    this.topicsImage = clusterTopicsImage(opts.cluster);
    this.partition = opts.partition;
    this.leaderEpoch = opts.leaderEpoch;
    this.loadKey = `shard:${opts.nodeId}:${opts.partition}:load`;
    this.sessionTimers = new SessionTimers(opts.loop, (event) => this.timerScope.fire('', event));
  }

  /** The live state, read-only: handlers get this view and only replay writes it. */
  get state(): CoordinatorState {
    return this.live;
  }

  /**
   * Starts loading: the fold takes virtual time proportional to the records in the log
   * (`loadRecordsPerMs`, rounded up; an empty partition loads at once).
   */
  load(): void {
    const log = this.opts.cluster.log(CONSUMER_OFFSETS_TOPIC, this.partition, this.opts.nodeId) ?? [];
    const delayMs = Math.ceil(log.length / this.opts.loadRecordsPerMs);
    this.opts.loop.schedule(this.loadKey, delayMs, () => {
      if (this.status !== 'loading') return;
      const entries = this.opts.cluster.log(CONSUMER_OFFSETS_TOPIC, this.partition, this.opts.nodeId) ?? [];
      const records = entries.map((e) => e.record);
      this.lastWrittenOffset = this.committedOffset = (this.opts.cluster.logEndOffset(CONSUMER_OFFSETS_TOPIC, this.partition, this.opts.nodeId) ?? 0) - 1;
      for (const r of records) replay(this.live, r);
      this.status = 'active';
      // FO-02: the fold is done; the load rules rebuild the live groups and arm their timers.
      this.apply(loadCoordinator(this.state, this.context()));
    });
  }

  /** Stops coordinating: groups go Dead, parked and waiting requests get NOT_COORDINATOR. */
  unload(): void {
    const wasLoading = this.status === 'loading';
    this.status = 'unloaded';
    this.unloads++;
    this.opts.loop.cancel(this.loadKey);
    this.opts.loop.cancelScope(this.timerScope);
    this.sessionTimers.cancelAll();
    if (!wasLoading) {
      // GS-02: every group goes to Dead; parked JoinGroups and SyncGroups get NOT_COORDINATOR.
      const result = unloadCoordinator(this.state, this.context());
      this.replayAll(result.records);
      for (const { requestId, response } of result.responses) this.deliver(requestId, response);
    }
    // Answers waiting for their write to commit never will under this leadership. A parked
    // request that is still waiting was dropped by its handler (a member's newer JoinGroup took
    // its place): Kafka never answers it, and neither does the unload.
    // The request in hand first, then every held one in the order it was first held.
    const held = [...this.waiting.values(), ...this.committingList.filter((w) => w.held === 'committing')].sort((a, b) => a.order - b.order);
    const unanswered = this.inHand !== undefined && !this.inHand.answered ? [this.inHand, ...held] : held;
    for (const w of unanswered) {
      if (w.committing && this.isHeld(w)) this.finish(w, errorResponse(w.request, ErrorCodes.NOT_COORDINATOR));
    }
    for (const w of this.waiting.values()) w.held = 'no';
    this.waiting.clear();
    this.committingList = [];
    this.committingOpen = 0;
  }

  /**
   * Armed timers with the keys the handlers gave them (a session timer's as `sessionTimerKey` spells it),
   * earliest first (ties: order armed, TM-01).
   */
  timers(): TimerEntry<TimerEvent>[] {
    const loop = this.opts.loop;
    const all = loop.entries(this.timerScope).map(({ key, deadlineMs, seq, payload }) => ({ key, deadlineMs, seq, payload }));
    for (const entry of this.sessionTimers.entries()) all.push(entry);
    return all.sort((a, b) => a.deadlineMs - b.deadlineMs || a.seq - b.seq);
  }

  /** Handles a request routed to this shard. */
  handle(requestId: string, request: GroupRequest, reply: Reply): void {
    if (this.status === 'loading') return reply(errorResponse(request, ErrorCodes.COORDINATOR_LOAD_IN_PROGRESS));
    if (this.status === 'unloaded' && this.opts.afterUnload !== 'deadGroups') return reply(errorResponse(request, ErrorCodes.NOT_COORDINATOR));
    const result = handleRequest(this.state, { requestId, request }, this.context());
    if (request.api === 'DescribeGroups' || request.api === 'ListGroups' || request.api === 'OffsetFetch') {
      // Reads answer at once; they do not wait for earlier writes to commit.
      for (const r of result.responses) reply(r.response);
      return;
    }
    const w: Waiting = { requestId, request, reply, answered: false, committing: false, answer: undefined, held: 'no', order: 0 };
    const outer = this.inHand;
    const unloads = this.unloads;
    this.inHand = w;
    try {
      this.apply(result);
    } finally {
      this.inHand = outer;
    }
    // An unload during the handling dropped what the shard held: it keeps nothing afterwards either.
    if (!w.answered && this.unloads === unloads) this.hold(w);
  }

  /** Holds a request its handling left unanswered: by id if parked, else until its write commits. */
  private hold(w: Waiting): void {
    w.order = this.heldCount++;
    if (w.committing) {
      w.held = 'committing';
      this.committingList.push(w);
      this.committingOpen++;
    } else {
      w.held = 'parked';
      this.waiting.set(w.requestId, w);
    }
  }

  /** How many requests wait here (parked, or answered and waiting for the commit): what the shard holds per request. */
  get waitingCount(): number {
    return this.waiting.size + this.committingOpen;
  }

  /** Whether a request is still waiting here (parked, or waiting for its write to commit). */
  isWaiting(requestId: string): boolean {
    return this.waitingFor(requestId) !== undefined || this.committingList.some((w) => w.held === 'committing' && w.requestId === requestId);
  }

  /**
   * The handler context at the current time. Reused while the clock stands still (it is
   * read-only data), so a burst of requests at one instant builds it once.
   */
  private context(): HandlerContext {
    const nowMs = this.opts.loop.nowMs();
    if (this.ctx !== undefined && this.ctx.nowMs === nowMs) return this.ctx;
    const { config, newId, partitionExists } = this.opts;
    const topics = this.topicsImage;
    return (this.ctx = partitionExists ? { nowMs, config, newId, partitionExists, topics } : { nowMs, config, newId, topics });
  }

  /** Replays a result, appends its durable records, arms its timers, answers once committed. */
  private apply(result: HandlerResult): void {
    this.replayAll(result.records);
    // Most requests (heartbeats) write nothing: no filtered copy for them.
    const durable = result.records.length === 0 ? result.records : result.records.filter(isDurable);
    if (durable.length > 0) {
      const appended = this.opts.cluster.append(CONSUMER_OFFSETS_TOPIC, this.partition, durable, {
        leaderId: this.opts.nodeId,
        leaderEpoch: this.leaderEpoch,
      });
      if ('error' in appended) {
        // The partition moved away: the unload that follows answers the waiting requests.
        for (const { requestId } of result.responses) {
          const w = this.waitingFor(requestId);
          if (w) this.deliver(requestId, errorResponse(w.request, ErrorCodes.NOT_COORDINATOR));
        }
        return;
      }
      this.lastWrittenOffset = appended.lastOffset;
    }
    this.armTimers(result);
    this.answerWhenCommitted(result.responses);
  }

  /** Replays records in order, reporting them and every group state transition they make. */
  private replayAll(records: readonly CoordinatorRecord[]): void {
    const observe = this.observer();
    if (observe === undefined) {
      for (const r of records) replay(this.live, r);
      return;
    }
    const atMs = this.opts.loop.nowMs();
    for (const record of records) {
      const from = record.type === 'GroupStateChanged' ? this.state.groups.get(record.groupId)?.state : undefined;
      replay(this.live, record);
      if (record.type === 'GroupStateChanged' && from !== undefined) observe({ type: 'transition', atMs, groupId: record.groupId, from, to: record.state });
    }
    if (records.length > 0) observe({ type: 'records', atMs, records });
  }

  /** TM-01: timers are keyed loop tasks; re-arming a key replaces its timer. */
  private armTimers(result: HandlerResult): void {
    const loop = this.opts.loop;
    // Indexed: a for-of here allocated an iterator per request.
    const timers = result.timers;
    for (let i = 0; i < timers.length; i++) {
      const op = timers[i]!;
      const key = op.key;
      if (typeof key !== 'string') {
        if (op.op === 'cancel') this.sessionTimers.cancel(key);
        else this.sessionTimers.arm(key, op.deadlineMs, op.event);
      } else if (op.op === 'cancel') loop.cancel(key, this.timerScope);
      else loop.arm(this.timerScope, key, Math.max(0, op.deadlineMs - loop.nowMs()), op.event);
    }
  }

  /** How many groups have session timers armed here (what the shard keeps per group for them). */
  get sessionTimerGroups(): number {
    return this.sessionTimers.groups;
  }

  /**
   * Expels a member as its session expiring would: the handler of its session timer runs now
   * (TM-04, TM-05), so the records, the rebalance and the log lines are those of an expiry, and a
   * member parked in a JoinGroup or SyncGroup is kept, as Kafka keeps it. Says what came of it.
   */
  expireSession(groupId: string, memberId: string): 'expelled' | 'kept' | 'unknownGroup' | 'unknownMember' | 'notActive' {
    if (this.status !== 'active') return 'notActive';
    const known = (): boolean => {
      const g = this.live.groups.get(groupId);
      return g !== undefined && (g.members.has(memberId) || g.pendingJoinMembers.has(memberId));
    };
    const g = this.live.groups.get(groupId);
    if (g === undefined || g.state === 'Dead') return 'unknownGroup';
    if (!known()) return 'unknownMember';
    this.fire({ type: 'timer.sessionExpired', groupId, memberId });
    return known() ? 'kept' : 'expelled';
  }

  /** The observer, when there is one and it wants events now (see {@link ShardOptions.observing}). */
  private observer(): ((event: ShellEvent) => void) | undefined {
    return activeObserver(this.opts);
  }

  /** A timer that fires is just another handler call. */
  private fire(event: TimerEvent): void {
    this.observer()?.({ type: 'timer', atMs: this.opts.loop.nowMs(), event });
    this.apply(fireTimer(this.state, event, this.context()));
  }

  /** Answers now when every write so far is committed, else when the last one is. */
  private answerWhenCommitted(responses: HandlerResult['responses']): void {
    if (responses.length === 0) return;
    const upTo = this.lastWrittenOffset;
    if (upTo <= this.committedOffset || this.opts.unsafeAckBeforeReplication) {
      // Indexed: a for-of here allocated an iterator per request.
      for (let i = 0; i < responses.length; i++) this.deliver(responses[i]!.requestId, responses[i]!.response);
      return;
    }
    // The requests answered, found now (they cannot be answered otherwise before the commit).
    const batch: Waiting[] = [];
    for (const { requestId, response } of responses) {
      const w = this.waitingFor(requestId);
      if (w === undefined) continue;
      w.committing = true;
      w.answer = response;
      batch.push(w);
    }
    // One closure per write: the outcome and what it answers are passed on, not captured twice.
    this.opts.cluster.onCommitted(CONSUMER_OFFSETS_TOPIC, this.partition, upTo, (c) => this.committed(c, upTo, batch), this.leaderEpoch);
  }

  /**
   * The write up to `upTo` committed (each request of `batch` gets its answer) or did not
   * (NOT_COORDINATOR); a request the shard no longer holds (an unload answered it) gets nothing.
   */
  private committed(c: CommitResult, upTo: number, batch: readonly Waiting[]): void {
    const ok = c.error === 'NONE';
    if (ok || c.error === 'NOT_ENOUGH_REPLICAS_AFTER_APPEND') this.committedOffset = Math.max(this.committedOffset, upTo);
    for (const w of batch) {
      if (!this.isHeld(w)) continue;
      // Not committed under this leadership: the client must find the new coordinator.
      this.finish(w, ok ? (w.answer as GroupResponse) : errorResponse(w.request, ErrorCodes.NOT_COORDINATOR));
    }
  }

  /** Whether a request is still unanswered and held: in hand, parked, or waiting for its commit. */
  private isHeld(w: Waiting): boolean {
    return !w.answered && (w === this.inHand || w.held !== 'no');
  }

  /** The unanswered request with this id: the one in hand, or one waiting. */
  private waitingFor(requestId: string): Waiting | undefined {
    const h = this.inHand;
    if (h !== undefined && h.requestId === requestId && !h.answered) return h;
    return this.waiting.get(requestId);
  }

  private deliver(requestId: string, response: GroupResponse): void {
    const w = this.waitingFor(requestId);
    if (w !== undefined) this.finish(w, response);
  }

  /** Answers a request and stops holding it (the request in hand is held only if its handling leaves it unanswered). */
  private finish(w: Waiting, response: GroupResponse): void {
    w.answered = true;
    w.committing = false;
    w.answer = undefined;
    const held = w.held;
    w.held = 'no';
    if (held === 'parked') this.waiting.delete(w.requestId);
    else if (held === 'committing') this.settleCommitting();
    w.reply(response);
  }

  /** One entry of {@link committingList} finished: drop the finished ones in bulk. */
  private settleCommitting(): void {
    if (--this.committingOpen === 0) this.committingList.length = 0;
    else if (this.committingList.length > 2 * this.committingOpen + 16) this.committingList = this.committingList.filter((w) => w.held === 'committing');
  }
}
