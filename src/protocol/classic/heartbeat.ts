/**
 * Heartbeat (api key 12), versions 0-4: the coordinator side.
 * @see spec/heartbeat.md
 * @see Kafka `GroupMetadataManager.classicGroupHeartbeat`
 */
import { ErrorCodes } from '../errors.js';
import { validateMember } from '../group.js';
import type { HeartbeatRequest, RequestEnvelope } from '../messages/index.js';
import type { CoordinatorState } from '../replay.js';
import type { HandlerContext, HandlerResult } from '../handler/index.js';
import { GroupDraft } from '../handler/index.js';

/** Handles a Heartbeat request. A failed check does not refresh the session. */
export function heartbeat(state: CoordinatorState, env: RequestEnvelope<HeartbeatRequest>, ctx: HandlerContext): HandlerResult {
  const { request: req, requestId } = env;
  const draft = new GroupDraft(state, req.groupId, ctx);
  // Built here rather than by `draft.respond` (see `ResultBuilder.answer`), as is the timer below.
  draft.answer({ requestId, response: { api: 'Heartbeat', errorCode: check(draft, req) } });
  return draft.result();
}

/** The checks in Kafka's order; NONE or REBALANCE_IN_PROGRESS refresh the session. */
function check(draft: GroupDraft, req: HeartbeatRequest): number {
  const g = draft.group();
  if (g === undefined) return ErrorCodes.UNKNOWN_MEMBER_ID; // HB-01
  if (g.state === 'Dead') return ErrorCodes.COORDINATOR_NOT_AVAILABLE; // FO-07
  if (req.groupInstanceId !== null) {
    const staticError = validateMember(g, req.memberId, req.groupInstanceId);
    if (staticError !== ErrorCodes.NONE) return staticError; // ST-09, ST-10
  }
  // One lookup of the member, which at 50,000 members is a cache miss or more: the check and
  // the session timer below both use it.
  const member = g.members.get(req.memberId);
  if (member === undefined) return ErrorCodes.UNKNOWN_MEMBER_ID; // HB-01
  if (req.generationId !== g.generationId) return ErrorCodes.ILLEGAL_GENERATION; // HB-02
  if (g.state === 'Empty') return ErrorCodes.UNKNOWN_MEMBER_ID; // HB-01
  // The member id the group holds, not the request's equal copy: the shell filed the timer under it.
  const { memberId, sessionTimeoutMs } = member;
  // TM-03. The operation, its key and its event are built here rather than by `scheduleSession`:
  // V8 decides per allocation site whether to allocate straight into the old generation, and that
  // helper's objects are kept (as armed timers, in the join phase's result) when a large group
  // forms, so it would; a heartbeat's are dropped at once (the shell keeps the equal armed event)
  // and would then be old-generation garbage.
  const { groupId } = draft;
  draft.timer({
    op: 'schedule',
    key: { timer: 'session', groupId, memberId },
    deadlineMs: draft.ctx.nowMs + sessionTimeoutMs,
    event: { type: 'timer.sessionExpired', groupId, memberId },
  });
  // HB-03, HB-04
  return g.state === 'PreparingRebalance' ? ErrorCodes.REBALANCE_IN_PROGRESS : ErrorCodes.NONE;
}
