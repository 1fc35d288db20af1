/**
 * The stateful shell around the pure classic-group core: one coordinator that appends the
 * records a handler returns, replays them, keeps the timers and delivers responses, including
 * the answers to parked JoinGroup and SyncGroup requests.
 *
 * @remarks
 * Time comes from the injected {@link Clock}. With a {@link ManualClock} and
 * {@link GroupCoordinatorRuntime.advance} the whole coordinator runs in virtual time.
 */
import type { Clock } from '../time/clock.js';
import { ManualClock } from '../time/clock.js';
import { TimerQueue } from '../time/timer-queue.js';
import type { TimerEntry } from '../time/timer-queue.js';
import type { GroupCoordinatorConfig } from '../protocol/config.js';
import { DEFAULT_CONFIG } from '../protocol/config.js';
import type { GroupRequest, GroupResponse } from '../protocol/messages/index.js';
import type { CoordinatorRecord, DurableRecord } from '../protocol/records.js';
import { isDurable } from '../protocol/records.js';
import type { CoordinatorState } from '../protocol/replay.js';
import { emptyCoordinatorState, replay } from '../protocol/replay.js';
import { fireTimer, handleRequest } from '../protocol/classic/index.js';
import type { HandlerContext, HandlerResult, TimerEvent } from '../protocol/classic/index.js';
import { sequentialIds } from '../protocol/ids.js';
import { unloadCoordinator } from '../protocol/load.js';
import type { GroupStateName } from '../protocol/group.js';

/** What the runtime reports as it works; the demo's timeline and the sequence diagrams are drawn from these. */
export type RuntimeEvent =
  | { readonly type: 'request'; readonly atMs: number; readonly requestId: string; readonly request: GroupRequest }
  | { readonly type: 'response'; readonly atMs: number; readonly requestId: string; readonly response: GroupResponse }
  | { readonly type: 'timer'; readonly atMs: number; readonly event: TimerEvent }
  | { readonly type: 'transition'; readonly atMs: number; readonly groupId: string; readonly from: GroupStateName; readonly to: GroupStateName };

/** Options of a coordinator runtime. */
export interface RuntimeOptions {
  /** Where time comes from; a fresh ManualClock at 0 by default. */
  readonly clock?: Clock;
  readonly config?: Partial<GroupCoordinatorConfig>;
  /** Source of member-id suffixes; sequential UUID-shaped ids by default. */
  readonly newId?: () => string;
  /** Whether a topic partition exists (OffsetCommit's per-partition check); all do by default. */
  readonly partitionExists?: (topic: string, partition: number) => boolean;
}

/** One classic group coordinator with its log, timers and outbox. */
export class GroupCoordinatorRuntime {
  readonly clock: Clock;
  readonly config: GroupCoordinatorConfig;
  private readonly newId: () => string;
  private readonly partitionExists: ((topic: string, partition: number) => boolean) | undefined;
  private readonly live: CoordinatorState = emptyCoordinatorState();
  private readonly log: CoordinatorRecord[] = [];
  private readonly timerQueue = new TimerQueue<TimerEvent>();
  private readonly outbox = new Map<string, GroupResponse>();
  private readonly pending = new Set<string>();
  private readonly listeners: ((e: RuntimeEvent) => void)[] = [];
  private nextRequestId = 1;

  constructor(options: RuntimeOptions = {}) {
    this.clock = options.clock ?? new ManualClock(0);
    this.config = Object.freeze({ ...DEFAULT_CONFIG, ...options.config });
    this.newId = options.newId ?? sequentialIds();
    this.partitionExists = options.partitionExists;
  }

  /** The live state. Read it; never change it (replay is the only mutator). */
  get state(): CoordinatorState {
    return this.live;
  }

  /** Every record appended so far, durable and volatile, in order. */
  get records(): readonly CoordinatorRecord[] {
    return this.log;
  }

  /** The records written to `__consumer_offsets`, in order. */
  durableRecords(): DurableRecord[] {
    return this.log.filter(isDurable);
  }

  /** Armed timers, earliest first. */
  timers(): TimerEntry<TimerEvent>[] {
    return this.timerQueue.entries();
  }

  /** The armed timer with this key, if any. */
  timer(key: string): TimerEntry<TimerEvent> | undefined {
    return this.timerQueue.get(key);
  }

  /** Subscribes to runtime events; returns an unsubscribe function. */
  subscribe(listener: (e: RuntimeEvent) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /**
   * Handles a request and returns its request id. The response, once there is one, is read
   * with {@link response}; a parked request has none until a later event answers it.
   * Throws InvalidRequestError, changing nothing, for input no version can carry.
   */
  submit(request: GroupRequest, requestId: string = `r${this.nextRequestId++}`): string {
    if (this.pending.has(requestId) || this.outbox.has(requestId)) throw new Error(`request id ${requestId} is already in use`);
    const result = handleRequest(this.live, { requestId, request }, this.context());
    this.emit({ type: 'request', atMs: this.clock.nowMs(), requestId, request });
    this.pending.add(requestId);
    this.apply(result);
    // TM-02: a timer already due (armed with delay 0, say) fires before the next input.
    this.runDueTimers();
    return requestId;
  }

  /** The response to a request, if it has been answered. */
  response(requestId: string): GroupResponse | undefined {
    return this.outbox.get(requestId);
  }

  /**
   * Forgets what a long-running coordinator need not keep: the volatile records (Kafka never
   * writes them anywhere) and the responses already delivered. The durable records stay: they
   * are the `__consumer_offsets` log.
   */
  compact(): void {
    let kept = 0;
    for (const r of this.log) if (isDurable(r)) this.log[kept++] = r;
    this.log.length = kept;
    this.outbox.clear();
  }

  /** Whether a request is still parked (neither answered nor dropped). */
  isPending(requestId: string): boolean {
    return this.pending.has(requestId);
  }

  /** The earliest armed timer deadline, if any. */
  nextTimerDeadlineMs(): number | undefined {
    return this.timerQueue.peek()?.deadlineMs;
  }

  /** Fires every timer due at the clock's current time, in deadline order (ties: order armed). */
  runDueTimers(): number {
    let fired = 0;
    for (let entry = this.timerQueue.popDue(this.clock.nowMs()); entry; entry = this.timerQueue.popDue(this.clock.nowMs())) {
      this.emit({ type: 'timer', atMs: this.clock.nowMs(), event: entry.payload });
      this.apply(fireTimer(this.live, entry.payload, this.context()));
      fired++;
    }
    return fired;
  }

  /**
   * Virtual time: moves the manual clock forward by `ms`, stopping at each timer deadline on
   * the way to fire it at exactly its deadline.
   */
  advance(ms: number): void {
    if (!(this.clock instanceof ManualClock)) throw new Error('advance() needs a ManualClock; real clocks move by themselves');
    const clock = this.clock;
    const target = clock.nowMs() + ms;
    if (!(ms >= 0)) throw new RangeError(`ms: must be a non-negative number, got ${ms}`);
    for (let next = this.nextTimerDeadlineMs(); next !== undefined && next <= target; next = this.nextTimerDeadlineMs()) {
      if (next > clock.nowMs()) clock.set(next);
      this.runDueTimers();
    }
    clock.set(target);
  }

  /**
   * Unloads the coordinator as Kafka does when it loses the partition (section 10.2): every
   * group goes to Dead, parked JoinGroups and SyncGroups are answered NOT_COORDINATOR, timers
   * stop. The runtime keeps the Dead groups, which answer COORDINATOR_NOT_AVAILABLE, as Kafka's
   * do between the unload and the shard's removal.
   */
  unload(): void {
    this.apply(unloadCoordinator(this.live, this.context()));
    this.timerQueue.clear();
  }

  private context(): HandlerContext {
    return { nowMs: this.clock.nowMs(), config: this.config, newId: this.newId, ...(this.partitionExists ? { partitionExists: this.partitionExists } : {}) };
  }

  private apply(result: HandlerResult): void {
    const atMs = this.clock.nowMs();
    for (const record of result.records) {
      const before = record.type === 'GroupStateChanged' ? this.live.groups.get(record.groupId)?.state : undefined;
      replay(this.live, record);
      this.log.push(record);
      if (record.type === 'GroupStateChanged' && before !== undefined) {
        this.emit({ type: 'transition', atMs, groupId: record.groupId, from: before, to: record.state });
      }
    }
    for (const op of result.timers) {
      if (op.op === 'schedule') this.timerQueue.schedule(op.key, op.deadlineMs, op.event);
      else this.timerQueue.cancel(op.key);
    }
    for (const { requestId, response } of result.responses) {
      this.pending.delete(requestId);
      this.outbox.set(requestId, response);
      this.emit({ type: 'response', atMs, requestId, response });
    }
  }

  private emit(event: RuntimeEvent): void {
    for (const l of this.listeners) l(event);
  }
}

/** The handler result type, re-exported for callers that drive handlers directly. */
export type { HandlerResult };
