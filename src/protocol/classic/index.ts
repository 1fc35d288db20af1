/**
 * The group coordinator's entry points: one pure function per API and one for timers. The
 * classic group APIs live in this folder, the offset APIs in `../offsets/`.
 * @see spec/
 */
import type { RequestEnvelope } from '../messages/index.js';
import type { CoordinatorState } from '../replay.js';
import { cleanupGroupMetadata } from '../offsets/expiration.js';
import { deleteGroups } from '../offsets/delete-groups.js';
import { offsetCommit } from '../offsets/offset-commit.js';
import { offsetDelete } from '../offsets/offset-delete.js';
import { offsetFetch } from '../offsets/offset-fetch.js';
import { describeGroups, listGroups } from './describe-groups.js';
import { heartbeat } from './heartbeat.js';
import { joinGroup } from './join-group.js';
import { leaveGroup } from './leave-group.js';
import { syncGroup } from './sync-group.js';
import { fireGroupTimer } from './timers.js';
import { consumerGroupDescribe, consumerGroupHeartbeat, fireConsumerTimer, isConsumerTimer } from '../consumer/index.js';
import type { HandlerContext, HandlerResult, TimerEvent } from '../handler/index.js';

/**
 * Dispatches a group request to the API's handler.
 *
 * @remarks
 * The request must have passed the front door (`validateRequest` and `frontDoorError` in
 * `front-door.ts`, applied by the broker): handlers do not repeat Kafka's API-layer checks.
 */
export function handleRequest(state: CoordinatorState, env: RequestEnvelope, ctx: HandlerContext): HandlerResult {
  const { request, requestId } = env;
  switch (request.api) {
    case 'JoinGroup':
      return joinGroup(state, { requestId, request }, ctx);
    case 'SyncGroup':
      return syncGroup(state, { requestId, request }, ctx);
    case 'Heartbeat':
      return heartbeat(state, { requestId, request }, ctx);
    case 'LeaveGroup':
      return leaveGroup(state, { requestId, request }, ctx);
    case 'DescribeGroups':
      return describeGroups(state, { requestId, request });
    case 'ListGroups':
      return listGroups(state, { requestId, request });
    case 'OffsetCommit':
      return offsetCommit(state, { requestId, request }, ctx);
    case 'OffsetFetch':
      return offsetFetch(state, { requestId, request });
    case 'OffsetDelete':
      return offsetDelete(state, { requestId, request }, ctx);
    case 'DeleteGroups':
      return deleteGroups(state, { requestId, request });
    case 'ConsumerGroupHeartbeat':
      return consumerGroupHeartbeat(state, { requestId, request }, ctx);
    case 'ConsumerGroupDescribe':
      return consumerGroupDescribe(state, { requestId, request }, ctx);
  }
}

/**
 * Handles a fired timer: a group's timers go to the classic group handlers, the
 * coordinator-wide cleanup to offset and group expiration.
 * @see spec/timers.md, spec/offsets.md EXP-06
 */
export function fireTimer(state: CoordinatorState, event: TimerEvent, ctx: HandlerContext): HandlerResult {
  if (event.type === 'timer.offsetsCleanup') return cleanupGroupMetadata(state, ctx);
  if (isConsumerTimer(event)) return fireConsumerTimer(state, event, ctx);
  return fireGroupTimer(state, event, ctx);
}

export { joinGroup, syncGroup, heartbeat, leaveGroup, describeGroups, listGroups };
export { offsetCommit, offsetFetch, offsetDelete, deleteGroups };
export { onCoordinatorLoaded, OFFSETS_CLEANUP_TIMER_KEY } from '../offsets/expiration.js';
export * from '../handler/index.js';
export * from './timer-keys.js';
export * from './responses.js';
