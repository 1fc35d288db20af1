/**
 * The working copy a handler builds its result in.
 *
 * @remarks
 * A handler never mutates the state it is given. It emits records through a {@link GroupTxn},
 * which applies each one to a private fork of the group (made on the first record), so later
 * steps of the same handler see earlier ones, exactly as Kafka's handlers see their own
 * mutations. The runtime then replays the same records onto the live state.
 */
import type { AddressedResponse, GroupResponse } from '../messages/index.js';
import type { ClassicGroup } from '../group.js';
import { forkGroup } from '../group.js';
import type { CoordinatorRecord } from '../records.js';
import { isDurable } from '../records.js';
import type { CoordinatorState } from '../replay.js';
import { replayVolatile } from '../replay.js';
import type { GroupCoordinatorConfig } from '../config.js';

/** A timer event of one group: what the clock delivers when a group timer's deadline passes. */
export type GroupTimerEvent =
  | { readonly type: 'timer.sessionExpired'; readonly groupId: string; readonly memberId: string }
  | { readonly type: 'timer.pendingMemberExpired'; readonly groupId: string; readonly memberId: string }
  | {
      readonly type: 'timer.joinPhaseExpired';
      readonly groupId: string;
      /** Present for the initial rebalance delay (KIP-134): the delay just waited and what remains. */
      readonly initialDelay: { readonly delayMs: number; readonly remainingMs: number } | null;
    }
  | { readonly type: 'timer.syncExpired'; readonly groupId: string; readonly generationId: number };

/**
 * The coordinator-wide periodic cleanup (`offsets.retention.check.interval.ms`): expires
 * offsets and deletes expired groups (KIP-211). It belongs to no group.
 * @see spec/offsets.md EXP-01
 */
export interface OffsetsCleanupEvent {
  readonly type: 'timer.offsetsCleanup';
}

/** A timer event: what the clock delivers when a timer's deadline passes. */
export type TimerEvent = GroupTimerEvent | OffsetsCleanupEvent;

/** Arm (or re-arm: same key replaces) or cancel a keyed timer. */
export type TimerOp =
  | { readonly op: 'schedule'; readonly key: string; readonly deadlineMs: number; readonly event: TimerEvent }
  | { readonly op: 'cancel'; readonly key: string };

/** What every handler returns. */
export interface HandlerResult {
  /** The handler's own answer (absent when parked) and the answers to parked requests it completes. */
  readonly responses: readonly AddressedResponse[];
  readonly records: readonly CoordinatorRecord[];
  readonly timers: readonly TimerOp[];
}

/**
 * What a handler may know besides state and request: the time, the config, fresh ids and,
 * optionally, which topic partitions the cluster has.
 */
export interface HandlerContext {
  readonly nowMs: number;
  readonly config: GroupCoordinatorConfig;
  /** A fresh unique id (a UUID in Kafka); injected so runs are deterministic. */
  readonly newId: () => string;
  /**
   * Whether the cluster has this topic partition (Kafka's metadata cache). OffsetCommit and
   * OffsetDelete answer the others UNKNOWN_TOPIC_OR_PARTITION per partition. Absent: every
   * partition exists (a coordinator with no cluster around it).
   * @see spec/offsets.md OC-02, OD-02
   */
  readonly partitionExists?: (topic: string, partition: number) => boolean;
}

/** The key of a member's session timer (also used for a pending member). */
export function sessionTimerKey(groupId: string, memberId: string): string {
  return JSON.stringify(['session', groupId, memberId]);
}

/** The key of a group's join (rebalance) timer. */
export function joinTimerKey(groupId: string): string {
  return JSON.stringify(['join', groupId]);
}

/** The key of a group's pending-sync timer. */
export function syncTimerKey(groupId: string): string {
  return JSON.stringify(['sync', groupId]);
}

/** A handler's working copy of one group plus everything it has produced so far. */
export class GroupTxn {
  readonly groupId: string;
  readonly ctx: HandlerContext;
  private readonly live: CoordinatorState;
  private draft: Map<string, ClassicGroup> | null = null;
  private readonly records: CoordinatorRecord[] = [];
  private readonly responses: AddressedResponse[] = [];
  private readonly timers: TimerOp[] = [];

  constructor(state: CoordinatorState, groupId: string, ctx: HandlerContext) {
    this.live = state;
    this.groupId = groupId;
    this.ctx = ctx;
  }

  /** The group as the records emitted so far have left it. */
  group(): ClassicGroup | undefined {
    return (this.draft ?? this.live.groups).get(this.groupId);
  }

  /** The group, which must exist. */
  existing(): ClassicGroup {
    const g = this.group();
    if (g === undefined) throw new Error(`group ${this.groupId} vanished inside a handler`);
    return g;
  }

  /** Emits a record and applies it to the working copy. */
  emit(record: CoordinatorRecord): void {
    this.records.push(record);
    if (isDurable(record)) return;
    if (this.draft === null) {
      const g = this.live.groups.get(this.groupId);
      this.draft = new Map(g === undefined ? [] : [[this.groupId, forkGroup(g)]]);
    }
    replayVolatile(this.draft, record);
  }

  /** Answers a request (now, or a parked one). */
  respond(requestId: string, response: GroupResponse): void {
    this.responses.push({ requestId, response });
  }

  /** Arms the timer `key` to fire `delayMs` from now, replacing any timer with that key. */
  schedule(key: string, delayMs: number, event: TimerEvent): void {
    this.timers.push({ op: 'schedule', key, deadlineMs: this.ctx.nowMs + delayMs, event });
  }

  /** Cancels the timer `key` (a no-op if it is not armed). */
  cancel(key: string): void {
    this.timers.push({ op: 'cancel', key });
  }


  /** Everything produced. */
  result(): HandlerResult {
    return { responses: this.responses, records: this.records, timers: this.timers };
  }
}
