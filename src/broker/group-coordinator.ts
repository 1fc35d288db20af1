/**
 * The lone group coordinator: the coordinator shell of a one-broker cluster, with a request id
 * per request and an outbox, so a test or a library user can drive one coordinator directly.
 *
 * @remarks
 * Not a second implementation: requests go through the broker's front door to the same
 * {@link CoordinatorShard} every coordinator of the in-memory cluster runs in, with one
 * `__consumer_offsets` partition, one replica (so every write is committed at once) and every
 * topic partition taken to exist unless told otherwise. It keeps the records the shell reports
 * (durable and volatile, for tests; `keepRecords: false` turns that off) and each answer until
 * it is taken.
 *
 * Retention: nothing it holds grows with the number of requests served, except what the
 * caller asks it to keep. An answer is handed to whoever waits for it and dropped: to the
 * callback of {@link GroupCoordinatorRuntime.send}, or kept for {@link GroupCoordinatorRuntime.take}
 * (or read, without dropping it, with {@link GroupCoordinatorRuntime.response}) when submitted
 * with {@link GroupCoordinatorRuntime.submit}. The record log ({@link GroupCoordinatorRuntime.records})
 * grows with every record written, heartbeats excepted (they write none); long runs and benchmarks
 * turn it off. The durable records also stay in the one `__consumer_offsets` partition, as in Kafka.
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
  /**
   * Whether to keep every record written, durable and volatile, for {@link GroupCoordinatorRuntime.records}
   * (true by default, for tests); turn it off for long runs and benchmarks, whose memory would
   * otherwise grow with every record.
   */
  readonly keepRecords?: boolean;
}

/** One classic group coordinator with its log, timers and outbox. */
export class GroupCoordinatorRuntime {
  readonly clock: ManualClock;
  readonly config: GroupCoordinatorConfig;
  private readonly kafka: InMemoryKafka;
  private readonly broker: KafkaBroker;
  private readonly shell: CoordinatorShard;
  private readonly log: CoordinatorRecord[] | null;
  private readonly outbox = new Map<string, GroupResponse>();
  private readonly pending = new Set<string>();
  private readonly listeners: ((e: RuntimeEvent) => void)[] = [];
  private nextRequestId = 1;

  constructor(options: RuntimeOptions = {}) {
    this.log = options.keepRecords === false ? null : [];
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
      // The record log takes every result's records; listeners take everything.
      observing: () => this.log !== null || this.listeners.length > 0,
    });
    this.clock = this.kafka.clock;
    this.config = this.kafka.config;
    this.broker = this.kafka.brokers.get(0)!;
    const shell = this.broker.shards.get(0);
    if (shell === undefined || shell.status !== 'active') throw new Error('the lone coordinator did not load its partition');
    this.shell = shell;
  }

  /**
   * Creates a topic of `partitions` partitions in the coordinator's one-broker cluster (what
   * consumer groups subscribe to), or adds partitions to an existing one (never fewer). Returns
   * the topic id.
   */
  createTopic(name: string, partitions: number): string {
    const existing = this.kafka.cluster.topic(name);
    const result = existing === undefined ? this.kafka.cluster.createTopic(name, partitions, 1) : this.kafka.addPartitions(name, partitions);
    if ('error' in result && result.error !== undefined) throw new Error(`createTopic ${name}: ${result.error}`);
    this.kafka.settle();
    return this.kafka.cluster.topic(name)!.topicId;
  }

  /**
   * Deletes a topic of the coordinator's cluster (SRV-18): consumer groups subscribed to it see it
   * gone on their next heartbeat. Returns the deleted topic's id.
   */
  deleteTopic(name: string): string {
    const result = this.kafka.deleteTopic(name);
    if ('error' in result) throw new Error(`deleteTopic ${name}: ${result.error}`);
    return result.topicId;
  }

  /** The live state. Read it; never change it (replay is the only mutator). */
  get state(): CoordinatorState {
    return this.shell.state;
  }

  /** Every record appended so far, durable and volatile, in order. Throws when `keepRecords` is false. */
  get records(): readonly CoordinatorRecord[] {
    if (this.log === null) throw new Error('this runtime keeps no record log (keepRecords: false)');
    return this.log;
  }

  /** The records written to `__consumer_offsets`, in order. Throws when `keepRecords` is false. */
  durableRecords(): DurableRecord[] {
    return this.records.filter(isDurable);
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
   * Handles a request and returns its request id. The response, once there is one, is kept
   * until {@link take} drops it ({@link response} reads it and keeps it); a parked request has
   * none until a later event answers it.
   * Throws InvalidRequestError, changing nothing, for input no version can carry.
   */
  submit(request: GroupRequest, requestId: string = `r${this.nextRequestId++}`): string {
    return this.dispatch(request, requestId, undefined);
  }

  /**
   * Handles a request and hands its response, now or when a later event answers it, to
   * `onResponse`; the runtime keeps nothing of it. Returns the request id.
   * Throws InvalidRequestError, changing nothing, for input no version can carry.
   */
  send(request: GroupRequest, onResponse: (response: GroupResponse) => void, requestId: string = `r${this.nextRequestId++}`): string {
    return this.dispatch(request, requestId, onResponse);
  }

  /** The response to a request, if it has been answered (kept until {@link take}). */
  response(requestId: string): GroupResponse | undefined {
    return this.outbox.get(requestId);
  }

  /** The response to a request, if it has been answered, which the runtime then forgets. */
  take(requestId: string): GroupResponse | undefined {
    const response = this.outbox.get(requestId);
    if (response !== undefined) this.outbox.delete(requestId);
    return response;
  }

  /** How many answers are kept, not yet taken (what the runtime holds per request served). */
  get unreadResponses(): number {
    return this.outbox.size;
  }

  /** How many requests are parked or waiting for their write to commit (here and in the shell). */
  get pendingRequests(): number {
    return Math.max(this.pending.size, this.shell.waitingCount);
  }

  private dispatch(request: GroupRequest, requestId: string, onResponse: ((response: GroupResponse) => void) | undefined): string {
    if (this.pending.has(requestId) || this.outbox.has(requestId)) throw new Error(`request id ${requestId} is already in use`);
    // Most requests are answered while they are handled; only the others are kept pending.
    let stage: 'inHand' | 'pending' | 'answered' = 'inHand';
    this.broker.handleGroup(requestId, request, (response) => {
      if (stage === 'answered' || (stage === 'pending' && !this.pending.delete(requestId))) return;
      stage = 'answered';
      this.answer(requestId, response, onResponse);
    });
    if (stage === 'inHand') {
      stage = 'pending';
      this.pending.add(requestId);
    }
    // TM-02: a timer already due (armed with delay 0, say) fires before the next input.
    this.kafka.settle();
    return requestId;
  }

  /** Whether a request is still parked (neither answered nor dropped). */
  isPending(requestId: string): boolean {
    return this.pending.has(requestId);
  }

  /** The earliest armed timer deadline, if any. */
  nextTimerDeadlineMs(): number | undefined {
    return this.shell.timers()[0]?.deadlineMs;
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

  private answer(requestId: string, response: GroupResponse, onResponse: ((response: GroupResponse) => void) | undefined): void {
    if (onResponse === undefined) this.outbox.set(requestId, response);
    if (this.listeners.length > 0) this.emit({ type: 'response', atMs: this.clock.nowMs(), requestId, response });
    onResponse?.(response);
  }

  private observe(e: CoordinatorEvent): void {
    if (e.type === 'records') {
      if (this.log !== null) for (const r of e.records) this.log.push(r);
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
