/**
 * Whole-request error answers of the offset APIs, in each API's error shape, for a front door
 * that refuses a request before the coordinator sees it (NOT_COORDINATOR,
 * COORDINATOR_LOAD_IN_PROGRESS, COORDINATOR_NOT_AVAILABLE).
 * @see spec/offsets.md OC-01, OF-08, OD-01, DEL-01
 * @see Kafka `OffsetCommitRequest.getErrorResponse`, `OffsetDeleteRequest.getErrorResponse`,
 *   `DeleteGroupsRequest.getErrorResultCollection`, `GroupCoordinatorService.fetchOffsets`
 */
import type {
  DeleteGroupsRequest,
  DeleteGroupsResponse,
  OffsetCommitRequest,
  OffsetCommitResponse,
  OffsetDeleteResponse,
  OffsetFetchRequest,
  OffsetFetchResponse,
} from '../messages/index.js';
import { distinctGroupIds } from './delete-groups.js';
import { fetchedGroups, offsetFetchResponse } from './offset-fetch.js';
import { allPartitions } from './topic-results.js';

/** Every requested partition answered with the error. */
export function offsetCommitErrorResponse(req: OffsetCommitRequest, errorCode: number): OffsetCommitResponse {
  return { api: 'OffsetCommit', topics: allPartitions(req.topics, errorCode) };
}

/** Every requested group answered with the error and no topics (v0-1: an empty answer). */
export function offsetFetchErrorResponse(req: OffsetFetchRequest, errorCode: number): OffsetFetchResponse {
  return offsetFetchResponse(req.version, fetchedGroups(req).map((g) => ({ groupId: g.groupId, topics: [], errorCode })));
}

/** A top-level error and no topics. */
export function offsetDeleteErrorResponse(errorCode: number): OffsetDeleteResponse {
  return { api: 'OffsetDelete', errorCode, topics: [] };
}

/** Every distinct requested group answered with the error. */
export function deleteGroupsErrorResponse(req: DeleteGroupsRequest, errorCode: number): DeleteGroupsResponse {
  return { api: 'DeleteGroups', results: distinctGroupIds(req).map((groupId) => ({ groupId, errorCode })) };
}
