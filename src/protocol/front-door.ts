/**
 * The checks Kafka makes before a group request reaches the group's coordinator shard, and
 * the error response of each API, so the broker can answer NOT_COORDINATOR,
 * COORDINATOR_LOAD_IN_PROGRESS or a front-door error without running a handler.
 * @see spec/failover.md
 */
import { consumerGroupDescribeError, consumerGroupHeartbeatError } from './consumer/responses.js';
import { invalidFirst } from './consumer/describe.js';
import { ErrorCodes } from './errors.js';
import type { GroupCoordinatorConfig } from './config.js';
import type { GroupRequest, GroupResponse } from './messages/index.js';
import { joinGroupError, syncGroupError } from './classic/responses.js';
import { distinctGroupIds } from './offsets/delete-groups.js';
import { deleteGroupsErrorResponse, offsetCommitErrorResponse, offsetDeleteErrorResponse, offsetFetchErrorResponse } from './offsets/responses.js';

/**
 * Errors Kafka answers before looking for the coordinator shard: SyncGroup v5+ without
 * protocol type or name (API layer), an empty group id where the API rejects it, a JoinGroup
 * session timeout out of bounds. Null when the request passes (FO-01).
 */
export function frontDoorError(request: GroupRequest, config: GroupCoordinatorConfig): number | null {
  switch (request.api) {
    case 'SyncGroup':
      if (request.version >= 5 && (request.protocolType === null || request.protocolName === null)) return ErrorCodes.INCONSISTENT_GROUP_PROTOCOL; // SG-01
      return request.groupId === '' ? ErrorCodes.INVALID_GROUP_ID : null; // SG-02
    case 'JoinGroup':
      // JG-02
      if (request.groupId === '') return ErrorCodes.INVALID_GROUP_ID;
      if (request.sessionTimeoutMs < config.minSessionTimeoutMs || request.sessionTimeoutMs > config.maxSessionTimeoutMs) {
        return ErrorCodes.INVALID_SESSION_TIMEOUT;
      }
      return null;
    case 'Heartbeat':
    case 'LeaveGroup':
    case 'OffsetDelete':
      return request.groupId === '' ? ErrorCodes.INVALID_GROUP_ID : null; // HB-01, LG-01, OD-01
    case 'ConsumerGroupDescribe':
      // CGO-01: Kafka's service refuses the empty id before routing; a request (or a part of a
      // split one) naming only empty ids is answered here, whichever broker receives it.
      return request.groupIds.length > 0 && request.groupIds.every((id) => id === '') ? ErrorCodes.INVALID_GROUP_ID : null;
    default:
      // OffsetCommit, OffsetFetch, DescribeGroups and DeleteGroups refuse only a null id,
      // which no request can carry here (OC-01, OF-01, DG-01, DEL-01).
      return null;
  }
}

/**
 * The group a request is about, for routing to its coordinator shard; null for requests that
 * span groups (DescribeGroups, ListGroups).
 */
export function groupOf(request: GroupRequest): string | null {
  if (request.api === 'OffsetFetch') return request.version < 8 ? (request.groupId ?? null) : null;
  return 'groupId' in request && typeof request.groupId === 'string' ? request.groupId : null;
}

/**
 * A request that names several groups, split into one request per group (in request order),
 * so each part goes to its own coordinator shard; null for other requests (FO-01).
 */
export function splitByGroup(request: GroupRequest): { readonly groupId: string; readonly request: GroupRequest }[] | null {
  switch (request.api) {
    case 'DescribeGroups':
      return request.groups.map((groupId) => ({ groupId, request: { ...request, groups: [groupId] } }));
    case 'DeleteGroups':
      // Each distinct group is answered once, however often it is listed (DEL-01).
      return distinctGroupIds(request).map((groupId) => ({ groupId, request: { ...request, groupsNames: [groupId] } }));
    case 'OffsetFetch':
      if (request.version < 8) return null;
      return (request.groups ?? []).map((g) => ({ groupId: g.groupId, request: { ...request, groups: [g] } }));
    case 'ConsumerGroupDescribe':
      return request.groupIds.map((groupId) => ({ groupId, request: { ...request, groupIds: [groupId] } }));
    default:
      return null;
  }
}

/** Joins the answers to the parts of {@link splitByGroup}, in request order. */
export function combineByGroup(request: GroupRequest, parts: readonly GroupResponse[]): GroupResponse {
  switch (request.api) {
    case 'DescribeGroups':
      return { api: 'DescribeGroups', groups: parts.flatMap((p) => (p.api === 'DescribeGroups' ? p.groups : [])) };
    case 'DeleteGroups':
      return { api: 'DeleteGroups', results: parts.flatMap((p) => (p.api === 'DeleteGroups' ? p.results : [])) };
    case 'OffsetFetch':
      return { api: 'OffsetFetch', errorCode: ErrorCodes.NONE, topics: [], groups: parts.flatMap((p) => (p.api === 'OffsetFetch' ? p.groups : [])) };
    case 'ConsumerGroupDescribe':
      // CGO-01: entries refused for an empty id lead, as Kafka's service answers them first.
      return { api: 'ConsumerGroupDescribe', throttleTimeMs: 0, groups: invalidFirst(parts.flatMap((p) => (p.api === 'ConsumerGroupDescribe' ? p.groups : []))) };
    default:
      throw new Error(`${request.api} is not split by group`);
  }
}

/**
 * The response a request gets when it fails as a whole with `errorCode` (front door, not the
 * coordinator, loading, unloaded). Heartbeat answers COORDINATOR_LOAD_IN_PROGRESS as NONE (FO-02).
 */
export function errorResponse(request: GroupRequest, errorCode: number): GroupResponse {
  switch (request.api) {
    case 'JoinGroup':
      return joinGroupError(request.version, errorCode, request.memberId);
    case 'SyncGroup':
      return syncGroupError(errorCode);
    case 'Heartbeat':
      return { api: 'Heartbeat', errorCode: errorCode === ErrorCodes.COORDINATOR_LOAD_IN_PROGRESS ? ErrorCodes.NONE : errorCode }; // FO-02
    case 'LeaveGroup':
      return { api: 'LeaveGroup', errorCode, members: [] };
    case 'DescribeGroups':
      return {
        api: 'DescribeGroups',
        groups: request.groups.map((groupId) => ({ errorCode, groupId, groupState: '', protocolType: '', protocolData: '', members: [], authorizedOperations: -2_147_483_648 })),
      };
    case 'ListGroups':
      return { api: 'ListGroups', errorCode, groups: [] }; // FO-02
    case 'OffsetCommit':
      return offsetCommitErrorResponse(request, errorCode);
    case 'OffsetFetch':
      return offsetFetchErrorResponse(request, errorCode);
    case 'OffsetDelete':
      return offsetDeleteErrorResponse(errorCode);
    case 'DeleteGroups':
      return deleteGroupsErrorResponse(request, errorCode);
    case 'ConsumerGroupHeartbeat':
      return consumerGroupHeartbeatError(errorCode);
    case 'ConsumerGroupDescribe':
      return consumerGroupDescribeError(request, errorCode);
  }
}
