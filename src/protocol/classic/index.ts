/**
 * The classic group coordinator: one pure function per API and one for timers.
 * @see spec/
 */
import type { GroupRequest, RequestEnvelope } from '../messages.js';
import type { CoordinatorState } from '../replay.js';
import { validateRequest } from '../validate.js';
import { describeGroups, listGroups } from './describe-groups.js';
import { heartbeat } from './heartbeat.js';
import { joinGroup } from './join-group.js';
import { leaveGroup } from './leave-group.js';
import { syncGroup } from './sync-group.js';
import type { HandlerContext, HandlerResult } from './txn.js';

/**
 * Handles any classic group request: validates it (throwing InvalidRequestError, with no
 * effect, for input no version can carry) and dispatches to the API's handler.
 */
export function handleRequest(state: CoordinatorState, env: RequestEnvelope, ctx: HandlerContext): HandlerResult {
  const request = validateRequest(env.request);
  switch (request.api) {
    case 'JoinGroup':
      return joinGroup(state, { requestId: env.requestId, request }, ctx);
    case 'SyncGroup':
      return syncGroup(state, { requestId: env.requestId, request }, ctx);
    case 'Heartbeat':
      return heartbeat(state, { requestId: env.requestId, request }, ctx);
    case 'LeaveGroup':
      return leaveGroup(state, { requestId: env.requestId, request }, ctx);
    case 'DescribeGroups':
      return describeGroups(state, { requestId: env.requestId, request });
    case 'ListGroups':
      return listGroups(state, { requestId: env.requestId, request });
  }
}

export { fireTimer } from './timers.js';
export { joinGroup, syncGroup, heartbeat, leaveGroup, describeGroups, listGroups };
export * from './txn.js';
export * from './responses.js';
