/**
 * Offset expiration and group expiration (KIP-211): the coordinator-wide cleanup that runs
 * every `offsets.retention.check.interval.ms`.
 * @see spec/offsets.md EXP-01..EXP-06
 * @see Kafka `GroupCoordinatorShard.cleanupGroupMetadata`, `OffsetMetadataManager.cleanupExpiredOffsets`,
 *   `OffsetExpirationConditionImpl`, `ClassicGroup.offsetExpirationCondition`
 */
import { offsetsRetentionMs } from '../config.js';
import type { ClassicGroup } from '../group.js';
import { isSubscribedToTopic } from '../group.js';
import type { CoordinatorRecord } from '../records.js';
import { newGroupMetadataTombstone, newOffsetCommitTombstone } from '../records.js';
import type { CommittedOffset, CoordinatorState } from '../replay.js';
import type { HandlerContext, HandlerResult, TimerOp } from '../handler/index.js';
import { ResultBuilder } from '../handler/index.js';
import { sortedOffsets } from './offset-store.js';
import { consumerGroupTombstones, isConsumerGroupSubscribedToTopic } from '../consumer/admin.js';
import { consumerGroupState } from '../consumer/group.js';

/** The key of the coordinator's cleanup timer (Kafka's `expire-group-metadata`). */
export const OFFSETS_CLEANUP_TIMER_KEY = JSON.stringify(['offsetsCleanup']);

/** (Re-)arms the coordinator-wide cleanup one interval from now (EXP-01). */
export function armOffsetsCleanup(out: ResultBuilder): void {
  out.schedule(OFFSETS_CLEANUP_TIMER_KEY, out.ctx.config.offsetsRetentionCheckIntervalMs, { type: 'timer.offsetsCleanup' });
}

/**
 * What a coordinator does when it has loaded its partition (Kafka's `onLoaded`): arm the
 * periodic cleanup. A runtime calls it once the load completes.
 * @see spec/offsets.md EXP-01
 */
export function onCoordinatorLoaded(_state: CoordinatorState, ctx: HandlerContext): HandlerResult {
  const out = new ResultBuilder(ctx);
  armOffsetsCleanup(out);
  return out.result();
}

/**
 * The base of an offset's retention period in the group's situation, or null when the
 * group's offsets cannot expire now (EXP-02).
 */
export function expirationBase(group: ClassicGroup): ((offset: CommittedOffset) => number) | null {
  // EXP-02, row by row: a simple group; an Empty group; a Stable consumer group with known subscriptions.
  if (group.protocolType === null) return (o) => o.commitTimestamp;
  if (group.state === 'Empty') {
    // A state timestamp of -1 (a loaded record of the old format) means "none".
    const since = group.currentStateTimestampMs;
    return (o) => (since >= 0 ? since : o.commitTimestamp);
  }
  if (group.protocolType === 'consumer' && group.subscribedTopics !== null && group.state === 'Stable') return (o) => o.commitTimestamp;
  return null;
}

/** Whether an offset has expired at `nowMs` (EXP-03). */
export function isOffsetExpired(offset: CommittedOffset, base: (o: CommittedOffset) => number, nowMs: number, retentionMs: number): boolean {
  if (offset.expireTimestamp !== undefined) return nowMs >= offset.expireTimestamp;
  return nowMs - base(offset) >= retentionMs;
}

/**
 * Tombstones for the group's expired offsets; returns whether every offset of the group is
 * gone (or it had none), which makes an Empty group deletable (EXP-04, EXP-05). `base` is null
 * when the group's offsets cannot expire now (EXP-02).
 */
function expireGroupOffsets(
  state: CoordinatorState,
  groupId: string,
  base: ((offset: CommittedOffset) => number) | null,
  subscribed: (topic: string) => boolean,
  out: ResultBuilder,
): boolean {
  const { ctx } = out;
  const offsets = sortedOffsets(state, groupId);
  if (offsets.length === 0) return true; // EXP-05, CGO-21
  if (base === null) return false; // EXP-02
  const retentionMs = offsetsRetentionMs(ctx.config);
  let allExpired = true;
  for (const o of offsets) {
    if (!subscribed(o.topic) && isOffsetExpired(o, base, ctx.nowMs, retentionMs)) { // EXP-03, EXP-04, CGO-21
      out.emit(newOffsetCommitTombstone(groupId, o.topic, o.partition));
    } else {
      allExpired = false;
    }
  }
  return allExpired;
}

/** A consumer group's offsets age from their commit, in every state (CGO-21). */
const sinceCommit = (o: CommittedOffset): number => o.commitTimestamp;

/**
 * The cleanup timer fired: for every group, expire its offsets, then delete it if it is Empty
 * and no offset is left; then re-arm the timer (EXP-06). Classic groups first, then consumer
 * groups (KIP-848), each in creation order (CGO-21, CGO-22).
 */
export function cleanupGroupMetadata(state: CoordinatorState, ctx: HandlerContext): HandlerResult {
  const out = new ResultBuilder(ctx);
  for (const group of state.groups.values()) {
    const allExpired = expireGroupOffsets(state, group.groupId, expirationBase(group), (t) => isSubscribedToTopic(group, t), out);
    if (allExpired && group.state === 'Empty') out.emit(newGroupMetadataTombstone(group.groupId)); // EXP-05
  }
  for (const group of state.consumerGroups.values()) {
    const allExpired = expireGroupOffsets(state, group.groupId, sinceCommit, (t) => isConsumerGroupSubscribedToTopic(group, t), out);
    if (allExpired && consumerGroupState(group) === 'Empty') for (const r of consumerGroupTombstones(group)) out.emit(r); // CGO-22
  }
  armOffsetsCleanup(out);
  return out.result();
}
