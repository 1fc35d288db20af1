/**
 * The handler contract: what every coordinator handler (request or timer) is given and what it
 * returns. The coordinator shell (`src/broker/coordinator-shard.ts`) is the one place a
 * {@link HandlerResult} is applied.
 *
 * @remarks
 * A handler is a pure function of a read-only view of the coordinator state, the request (with
 * its request id) and a {@link HandlerContext}. It returns its own answer (absent when the
 * request is parked), the answers to parked requests it completes, the records to replay and
 * append, and the timers to arm or cancel.
 * @see spec/records.md, spec/timers.md
 */
import type { AddressedResponse, GroupResponse } from '../messages/index.js';
import type { GroupCoordinatorConfig } from '../config.js';
import type { CoordinatorRecord } from '../records.js';
import type { TopicsImage } from '../consumer/topics.js';

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
  | { readonly type: 'timer.syncExpired'; readonly groupId: string; readonly generationId: number }
  /** A consumer-group (KIP-848) member not heard from within its session timeout. */
  | { readonly type: 'timer.consumerSessionExpired'; readonly groupId: string; readonly memberId: string }
  /** A consumer-group member still revoking at the same epoch when its rebalance timeout ends. */
  | { readonly type: 'timer.consumerRebalanceExpired'; readonly groupId: string; readonly memberId: string; readonly memberEpoch: number };

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

/**
 * Whether two timer events are the same event: same type and the same fields. The shell keeps
 * the event it has armed when a re-arm brings an equal one (every heartbeat re-arms its
 * member's session timer with a new but equal event), so it retains one object per timer.
 */
export function sameTimerEvent(a: TimerEvent, b: TimerEvent): boolean {
  if (a === b) return true;
  switch (a.type) {
    case 'timer.sessionExpired':
    case 'timer.pendingMemberExpired':
    case 'timer.consumerSessionExpired':
      return b.type === a.type && b.groupId === a.groupId && b.memberId === a.memberId;
    case 'timer.consumerRebalanceExpired':
      return b.type === a.type && b.groupId === a.groupId && b.memberId === a.memberId && b.memberEpoch === a.memberEpoch;
    case 'timer.syncExpired':
      return b.type === a.type && b.groupId === a.groupId && b.generationId === a.generationId;
    case 'timer.joinPhaseExpired': {
      if (b.type !== a.type || b.groupId !== a.groupId) return false;
      const x = a.initialDelay;
      const y = b.initialDelay;
      return x === y || (x !== null && y !== null && x.delayMs === y.delayMs && x.remainingMs === y.remainingMs);
    }
    case 'timer.offsetsCleanup':
      return b.type === a.type;
  }
}

/**
 * A member's session timer named by its parts (TM-03): one per group id and member id.
 *
 * @remarks
 * Kept apart rather than joined into a key string because every heartbeat re-arms it: the shell
 * files the timer under the member id in a table of its group, so a heartbeat builds, hashes and
 * compares no key string (at 50,000 members that string was most of a heartbeat's cost). Its text
 * form, which the shell reports, is {@link timerKeyText}.
 */
export interface SessionTimerKey {
  readonly timer: 'session';
  readonly groupId: string;
  readonly memberId: string;
}

/** A timer's identity: a key string, or a member's session timer by its parts. */
export type TimerKey = string | SessionTimerKey;

/**
 * The text of a timer key, as the shell reports armed timers: a string key as it is, a session
 * timer as the JSON text of `['session', groupId, memberId]`, which no other key spells.
 */
export function timerKeyText(key: TimerKey): string {
  if (typeof key === 'string') return key;
  return JSON.stringify([key.timer, key.groupId, key.memberId]);
}

/** Arm (or re-arm: same key replaces) or cancel a keyed timer. */
export type TimerOp =
  | { readonly op: 'schedule'; readonly key: TimerKey; readonly deadlineMs: number; readonly event: TimerEvent }
  | { readonly op: 'cancel'; readonly key: TimerKey };

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
  /**
   * The cluster's topics (ids, names, partition counts), which consumer groups (KIP-848)
   * subscribe to. Absent: a cluster without topics.
   * @see spec/consumer-group.md
   */
  readonly topics?: TopicsImage;
}

/** The result of a handler that answers its request at once: the answer and the records it writes. */
export function answered(requestId: string, response: GroupResponse, records: readonly CoordinatorRecord[] = []): HandlerResult {
  return { responses: [{ requestId, response }], records, timers: [] };
}

/** Several results as one, in order (loading and unloading touch every group). */
export function mergeResults(results: readonly HandlerResult[]): HandlerResult {
  return {
    responses: results.flatMap((r) => r.responses),
    records: results.flatMap((r) => r.records),
    timers: results.flatMap((r) => r.timers),
  };
}
