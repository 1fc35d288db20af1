/**
 * Heartbeat (api key 12), versions 0-4: the coordinator side.
 * @see spec/heartbeat.md
 * @see Kafka `GroupMetadataManager.classicGroupHeartbeat`
 */
import { ErrorCodes } from '../errors.js';
import { validateMember } from '../group.js';
import type { HeartbeatRequest, RequestEnvelope } from '../messages/index.js';
import type { CoordinatorState } from '../replay.js';
import { scheduleSession } from './rebalance.js';
import type { HandlerContext, HandlerResult } from './txn.js';
import { GroupTxn } from './txn.js';

/** Handles a Heartbeat request. A failed check does not refresh the session. */
export function heartbeat(state: CoordinatorState, env: RequestEnvelope<HeartbeatRequest>, ctx: HandlerContext): HandlerResult {
  const { request: req, requestId } = env;
  const txn = new GroupTxn(state, req.groupId, ctx);
  const answer = (errorCode: number): HandlerResult => {
    txn.respond(requestId, { api: 'Heartbeat', errorCode });
    return txn.result();
  };
  if (req.groupId === '') return answer(ErrorCodes.INVALID_GROUP_ID);
  const g = txn.group();
  if (g === undefined) return answer(ErrorCodes.UNKNOWN_MEMBER_ID);
  if (g.state === 'Dead') return answer(ErrorCodes.COORDINATOR_NOT_AVAILABLE);
  const memberError = validateMember(g, req.memberId, req.groupInstanceId);
  if (memberError !== ErrorCodes.NONE) return answer(memberError);
  if (req.generationId !== g.generationId) return answer(ErrorCodes.ILLEGAL_GENERATION);
  if (g.state === 'Empty') return answer(ErrorCodes.UNKNOWN_MEMBER_ID);
  scheduleSession(txn, req.memberId, g.members.get(req.memberId)!.sessionTimeoutMs);
  return answer(g.state === 'PreparingRebalance' ? ErrorCodes.REBALANCE_IN_PROGRESS : ErrorCodes.NONE);
}
