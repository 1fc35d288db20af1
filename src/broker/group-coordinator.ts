/**
 * The lone group coordinator: the coordinator shell of a one-broker cluster, with a request id
 * per request and an outbox, so a test or a library user can drive one coordinator directly.
 *
 * @remarks
 * Not a second implementation: requests go through the broker's front door to the same
 * {@link CoordinatorShard} every coordinator of the in-memory cluster runs in, with one
 * `__consumer_offsets` partition, one replica (so every write is committed at once) and every
 * topic partition taken to exist unless told otherwise. It keeps what the shell reports (the
 * records, durable and volatile, and the responses) so tests can read them back.
 *
 * Time is virtual: the runtime owns a {@link ManualClock} and {@link GroupCoordinatorRuntime.advance}
 * moves it, firing every timer at exactly its deadline.
 */
import { ManualClock } from '../time/clock.js';
import type { TimerEntry } from '../time/timer-queue.js';
import type { GroupCoordinatorConfig } from '../protocol/config.js';
import type { GroupRequest, GroupResponse } from '../protocol/messages/index.js';
import type { CoordinatorRecord, DurableRecord } from '../protocol/records.js';
import { isDurable } from '../protocol/records.js';
import type { CoordinatorState } from '../protocol/replay.js';
import type { HandlerResult, TimerEvent } from '../protocol/classic/index.js';
import type { GroupStateName } from '../protocol/group.js';
import type { CoordinatorShard } from './coordinator-shard.js';
import { InMemoryKafka } from './in-memory-kafka.js';
import type { CoordinatorEvent, KafkaBroker } from './kafka-broker.js';

/** What the runtime reports as it works; timelines and sequence diagrams are drawn from these. */
export type RuntimeEvent =
  | { readonly type: 'request'; readonly atMs: number; readonly requestId: string; readonly request: GroupRequest }
  | { readonly type: 'response'; readonly atMs: number; readonly requestId: string; readonly response: GroupResponse }
  | { readonly type: 'timer'; readonly atMs: number; readonly event: TimerEvent }
  | { readonly type: 'transition'; readonly atMs: number; readonly groupId: string; readonly from: GroupStateName; readonly to: GroupStateName };

/** Options of a coordinator runtime. */
export interface RuntimeOptions {
  /** Where time comes from; a fresh ManualClock at 0 by default. */
  readonly clock?: ManualClock;
  readonly config?: Partial<GroupCoordinatorConfig>;
  /** Source of member-id suffixes; sequential UUID-shaped ids by default. */
  readonly newId?: () => string;
  /** Whether a topic partition exists (OffsetCommit's per-partition check); all do by default. */
  readonly partitionExists?: (topic: string, partition: number) => boolean;
}

/** One classic group coordinator with its log, timers and outbox. */
export class GroupCoordinatorRuntime {
  readonly clock: ManualClock;
  readonly config: GroupCoordinatorConfig;
  private readonly kafka: InMemoryKafka;
  private readonly broker: KafkaBroker;
  private readonly shell: CoordinatorShard;
  private readonly log: CoordinatorRecord[] = [];
  private readonly outbox = new Map<string, GroupResponse>();
  private readonly pending = new Set<string>();
  private readonly listeners: ((e: RuntimeEvent) => void)[] = [];
  private nextRequestId = 1;

  constructor(options: RuntimeOptions = {}) {
    this.kafka = new InMemoryKafka({
      brokers: 1,
      offsetsTopicPartitions: 1,
      offsetsTopicReplicationFactor: 1,
      clock: options.clock ?? new ManualClock(0),
      ...(options.config ? { config: options.config } : {}),
      ...(options.newId ? { newId: options.newId } : {}),
      partitionExists: options.partitionExists ?? (() => true),
      afterUnload: 'deadGroups',
      observe: (e) => this.observe(e),
    });
    this.clock = this.kafka.clock;
    this.config = this.kafka.config;
    this.broker = this.kafka.brokers.get(0)!;
    const shell = this.broker.shards.get(0);
    if (shell === undefined || shell.status !== 'active') throw new Error('the lone coordinator did not load its partition');
    this.shell = shell;
  }

  /** The live state. Read it; never change it (replay is the only mutator). */
  get state(): CoordinatorState {
    return this.shell.state;
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
    return this.shell.timers();
  }

  /** The armed timer with this key, if any. */
  timer(key: string): TimerEntry<TimerEvent> | undefined {
    return this.shell.timers().find((t) => t.key === key);
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
    this.pending.add(requestId);
    try {
      this.broker.handleGroup(requestId, request, (response) => this.answer(requestId, response));
    } catch (e) {
      this.pending.delete(requestId);
      throw e;
    }
    // TM-02: a timer already due (armed with delay 0, say) fires before the next input.
    this.kafka.settle();
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
    return this.shell.timers()[0]?.deadlineMs;
  }

  /** Fires every timer due at the clock's current time, in deadline order (ties: order armed). */
  runDueTimers(): number {
    return this.kafka.loop.runDue();
  }

  /**
   * Virtual time: moves the manual clock forward by `ms`, stopping at each timer deadline on
   * the way to fire it at exactly its deadline.
   */
  advance(ms: number): void {
    this.kafka.advance(ms);
  }

  /**
   * Unloads the coordinator as Kafka does when it loses the partition (section 10.2): every
   * group goes to Dead, parked JoinGroups and SyncGroups are answered NOT_COORDINATOR, timers
   * stop. The runtime keeps the Dead groups, which answer COORDINATOR_NOT_AVAILABLE, as Kafka's
   * do between the unload and the shard's removal.
   */
  unload(): void {
    this.shell.unload();
    this.kafka.settle();
  }

  private answer(requestId: string, response: GroupResponse): void {
    if (!this.pending.delete(requestId)) return;
    this.outbox.set(requestId, response);
    this.emit({ type: 'response', atMs: this.clock.nowMs(), requestId, response });
  }

  private observe(e: CoordinatorEvent): void {
    if (e.type === 'records') {
      for (const r of e.records) this.log.push(r);
      return;
    }
    if (this.listeners.length === 0) return;
    if (e.type === 'request') this.emit({ type: 'request', atMs: e.atMs, requestId: e.requestId, request: e.request });
    else this.emit(e);
  }

  private emit(event: RuntimeEvent): void {
    for (const l of this.listeners) l(event);
  }
}

/** The handler result type, re-exported for callers that drive handlers directly. */
export type { HandlerResult };
