/**
 * A group coordinator shard: the coordinator of one `__consumer_offsets` partition on the
 * broker that leads it. It loads the partition's durable records when it becomes leader,
 * runs the pure handlers, appends their durable records to the replicated log, answers only
 * once those records are committed, and unloads when leadership moves away.
 *
 * @remarks
 * Kafka's CoordinatorRuntime in miniature (classic-protocol.md section 10):
 * - loading: every request for the partition gets COORDINATOR_LOAD_IN_PROGRESS (Heartbeat:
 *   NONE) until the fold of the durable records and the load rules are done;
 * - writes: a result's records are replayed at once, its durable records appended at the
 *   leader epoch the shard loaded at; its responses wait until the high watermark passes the
 *   shard's last write, so nothing is acknowledged before it is replicated;
 * - unload: groups go to Dead, parked JoinGroup/SyncGroup get NOT_COORDINATOR, timers stop,
 *   responses still waiting for a commit get NOT_COORDINATOR.
 */
import type { Cluster } from './cluster/cluster.js';
import type { EventLoop } from '../time/event-loop.js';
import { CONSUMER_OFFSETS_TOPIC } from './coordinator-placement.js';
import type { GroupCoordinatorConfig } from '../protocol/config.js';
import { ErrorCodes } from '../protocol/errors.js';
import type { GroupRequest, GroupResponse } from '../protocol/messages.js';
import type { CoordinatorRecord } from '../protocol/records.js';
import { isDurable } from '../protocol/records.js';
import type { CoordinatorState } from '../protocol/replay.js';
import { emptyCoordinatorState, replay } from '../protocol/replay.js';
import { fireTimer, handleRequest } from '../protocol/classic/index.js';
import type { HandlerContext, HandlerResult, TimerEvent } from '../protocol/classic/index.js';
import { errorResponse } from '../protocol/front-door.js';
import { loadCoordinator, unloadCoordinator } from '../protocol/load.js';

/** Where a shard is in its life. */
export type ShardStatus = 'loading' | 'active' | 'unloaded';

/** How a shard answers: the request id it was given and the response. */
export type Reply = (response: GroupResponse) => void;

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
  /**
   * A deliberate bug for the mutation test: answer before the write is replicated. Never set
   * it outside that test.
   */
  readonly unsafeAckBeforeReplication?: boolean;
}

interface Waiting {
  readonly request: GroupRequest;
  readonly reply: Reply;
}

/** One coordinator shard. */
export class CoordinatorShard {
  readonly partition: number;
  readonly leaderEpoch: number;
  status: ShardStatus = 'loading';
  readonly state: CoordinatorState = emptyCoordinatorState();
  private readonly opts: ShardOptions;
  private readonly waiting = new Map<string, Waiting>();
  private readonly timerKeys = new Set<string>();
  private lastWrittenOffset = -1;
  private committedOffset = -1;
  private readonly loadKey: string;

  constructor(opts: ShardOptions) {
    this.opts = opts;
    this.partition = opts.partition;
    this.leaderEpoch = opts.leaderEpoch;
    this.loadKey = `shard:${opts.nodeId}:${opts.partition}:load`;
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
      for (const r of records) replay(this.state, r);
      this.status = 'active';
      this.apply(loadCoordinator(this.state, this.context()));
    });
  }

  /** Stops coordinating: groups go Dead, parked and waiting requests get NOT_COORDINATOR. */
  unload(): void {
    if (this.status === 'unloaded') return;
    const wasActive = this.status === 'active';
    this.status = 'unloaded';
    this.opts.loop.cancel(this.loadKey);
    for (const key of this.timerKeys) this.opts.loop.cancel(key);
    this.timerKeys.clear();
    if (wasActive) {
      const result = unloadCoordinator(this.state, this.context());
      for (const r of result.records) replay(this.state, r);
      for (const { requestId, response } of result.responses) this.deliver(requestId, response);
    }
    for (const [requestId, w] of [...this.waiting]) this.deliver(requestId, errorResponse(w.request, ErrorCodes.NOT_COORDINATOR));
  }

  /** Handles a request routed to this shard. */
  handle(requestId: string, request: GroupRequest, reply: Reply): void {
    if (this.status !== 'active') {
      const code = this.status === 'loading' ? ErrorCodes.COORDINATOR_LOAD_IN_PROGRESS : ErrorCodes.NOT_COORDINATOR;
      reply(errorResponse(request, code));
      return;
    }
    const result = handleRequest(this.state, { requestId, request }, this.context());
    if (request.api === 'DescribeGroups' || request.api === 'ListGroups' || request.api === 'OffsetFetch') {
      // Reads answer at once; they do not wait for earlier writes to commit.
      for (const r of result.responses) reply(r.response);
      return;
    }
    this.waiting.set(requestId, { request, reply });
    this.apply(result);
  }

  /** Whether a request is still waiting here (parked, or waiting for its write to commit). */
  isWaiting(requestId: string): boolean {
    return this.waiting.has(requestId);
  }

  private context(): HandlerContext {
    return {
      nowMs: this.opts.loop.nowMs(),
      config: this.opts.config,
      newId: this.opts.newId,
      ...(this.opts.partitionExists ? { partitionExists: this.opts.partitionExists } : {}),
    };
  }

  /** Replays a result, appends its durable records, arms its timers, answers once committed. */
  private apply(result: HandlerResult): void {
    for (const r of result.records) replay(this.state, r);
    const durable = result.records.filter(isDurable);
    if (durable.length > 0) {
      const appended = this.opts.cluster.append(CONSUMER_OFFSETS_TOPIC, this.partition, durable, {
        leaderId: this.opts.nodeId,
        leaderEpoch: this.leaderEpoch,
      });
      if ('error' in appended) {
        // The partition moved away: the unload that follows answers the waiting requests.
        for (const { requestId } of result.responses) {
          const w = this.waiting.get(requestId);
          if (w) this.deliver(requestId, errorResponse(w.request, ErrorCodes.NOT_COORDINATOR));
        }
        return;
      }
      this.lastWrittenOffset = appended.lastOffset;
    }
    this.armTimers(result);
    this.answerWhenCommitted(result.responses);
  }

  private armTimers(result: HandlerResult): void {
    for (const op of result.timers) {
      const key = `shard:${this.opts.nodeId}:${this.partition}:${op.key}`;
      if (op.op === 'cancel') {
        this.opts.loop.cancel(key);
        this.timerKeys.delete(key);
        continue;
      }
      const event = op.event;
      this.timerKeys.add(key);
      this.opts.loop.schedule(key, Math.max(0, op.deadlineMs - this.opts.loop.nowMs()), () => {
        this.timerKeys.delete(key);
        if (this.status === 'active') this.fire(event);
      });
    }
  }

  private fire(event: TimerEvent): void {
    this.apply(fireTimer(this.state, event, this.context()));
  }

  /** Answers now when every write so far is committed, else when the last one is. */
  private answerWhenCommitted(responses: HandlerResult['responses']): void {
    if (responses.length === 0) return;
    const upTo = this.lastWrittenOffset;
    const send = (): void => {
      for (const { requestId, response } of responses) this.deliver(requestId, response);
    };
    if (upTo <= this.committedOffset || this.opts.unsafeAckBeforeReplication) return send();
    this.opts.cluster.onCommitted(
      CONSUMER_OFFSETS_TOPIC,
      this.partition,
      upTo,
      (c) => {
        if (c.error === 'NONE' || c.error === 'NOT_ENOUGH_REPLICAS_AFTER_APPEND') {
          this.committedOffset = Math.max(this.committedOffset, upTo);
          if (c.error === 'NONE') return send();
        }
        // Not committed under this leadership: the client must find the new coordinator.
        for (const { requestId } of responses) {
          const w = this.waiting.get(requestId);
          if (w) this.deliver(requestId, errorResponse(w.request, ErrorCodes.NOT_COORDINATOR));
        }
      },
      this.leaderEpoch,
    );
  }

  private deliver(requestId: string, response: GroupResponse): void {
    const w = this.waiting.get(requestId);
    if (w === undefined) return;
    this.waiting.delete(requestId);
    w.reply(response);
  }
}
