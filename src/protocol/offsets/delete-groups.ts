/**
 * DeleteGroups (api key 42), versions 0-2: deleting Empty groups with all their offsets.
 * @see spec/offsets.md DEL-01..DEL-04
 * @see Kafka `GroupCoordinatorShard.deleteGroups`; `ClassicGroup.validateDeleteGroup`;
 *   `OffsetMetadataManager.deleteAllOffsets`; `KafkaApis.handleDeleteGroupsRequest`
 */
import { ErrorCodes } from '../errors.js';
import type { DeletableGroupResult, DeleteGroupsRequest, RequestEnvelope } from '../messages/index.js';
import type { CoordinatorRecord } from '../records.js';
import { newGroupMetadataTombstone, newOffsetCommitTombstone } from '../records.js';
import type { CoordinatorState } from '../replay.js';
import { answered, type HandlerResult } from '../handler/index.js';
import { sortedOffsets } from './offset-store.js';
import { consumerGroupDeleteError, consumerGroupTombstones } from '../consumer/admin.js';

/** The distinct group ids of a request, in the order of their first occurrence (DEL-01). */
export function distinctGroupIds(req: DeleteGroupsRequest): string[] {
  return [...new Set(req.groupsNames)];
}

/** Deletes one group if it may be; returns its error code (DEL-02, DEL-03). */
function deleteGroup(state: CoordinatorState, groupId: string, records: CoordinatorRecord[]): number {
  const consumer = state.consumerGroups.get(groupId);
  if (consumer !== undefined) {
    const error = consumerGroupDeleteError(consumer); // CGO-16
    if (error !== ErrorCodes.NONE) return error;
    // CGO-17: the offsets' tombstones (order of OF-06), then the group's, as Kafka's shard writes them.
    for (const o of sortedOffsets(state, groupId)) records.push(newOffsetCommitTombstone(groupId, o.topic, o.partition));
    records.push(...consumerGroupTombstones(consumer));
    return ErrorCodes.NONE;
  }
  const g = state.groups.get(groupId);
  if (g === undefined || g.state === 'Dead') return ErrorCodes.GROUP_ID_NOT_FOUND; // DEL-02
  if (g.state !== 'Empty') return ErrorCodes.NON_EMPTY_GROUP; // DEL-02
  // DEL-03: offset tombstones in the order of OF-06, then the group's (REC-08, REC-09).
  for (const o of sortedOffsets(state, groupId)) records.push(newOffsetCommitTombstone(groupId, o.topic, o.partition));
  records.push(newGroupMetadataTombstone(groupId));
  return ErrorCodes.NONE;
}

/** Handles a DeleteGroups request: one result per distinct group id, in request order (DEL-01). */
export function deleteGroups(state: CoordinatorState, env: RequestEnvelope<DeleteGroupsRequest>): HandlerResult {
  const { request: req, requestId } = env;
  const records: CoordinatorRecord[] = [];
  const results: DeletableGroupResult[] = distinctGroupIds(req).map((groupId) => ({ groupId, errorCode: deleteGroup(state, groupId, records) }));
  return answered(requestId, { api: 'DeleteGroups', results }, records);
}
