/**
 * OffsetFetch (api key 9), versions 0-9: a read of committed offsets, in every group state.
 * @see spec/offsets.md OF-01..OF-08
 * @see Kafka `OffsetMetadataManager.fetchOffsets`, `fetchAllOffsets`; `ClassicGroup.validateOffsetFetch`;
 *   `OffsetFetchRequest.groups`; `OffsetFetchResponse(List, short)`
 */
import { ErrorCodes } from '../errors.js';
import type {
  OffsetFetchRequest,
  OffsetFetchRequestGroup,
  OffsetFetchResponse,
  OffsetFetchResponseGroup,
  OffsetFetchResponsePartition,
  OffsetFetchResponseTopic,
  RequestEnvelope,
} from '../messages/index.js';
import { NO_OFFSET } from '../messages/index.js';
import type { CommittedOffset, CoordinatorState } from '../replay.js';
import { answered, type HandlerResult } from '../handler/index.js';
import { validateConsumerOffsetFetch } from '../consumer/admin.js';
import { byTopic, committedOffset, sortedOffsets } from './offset-store.js';

/**
 * The groups a request asks about: v8+ list them; v0-7 carry one group, which Kafka turns into
 * a one-element list (OF-01).
 */
export function fetchedGroups(req: OffsetFetchRequest): readonly OffsetFetchRequestGroup[] {
  if (req.version >= 8) return req.groups ?? [];
  return [{ groupId: req.groupId ?? '', memberId: null, memberEpoch: -1, topics: req.topics === undefined ? [] : req.topics }];
}

/** One partition's answer: the stored offset, or -1 / -1 / `""` when there is none (OF-03). */
function partitionAnswer(version: number, partitionIndex: number, o: CommittedOffset | undefined): OffsetFetchResponsePartition {
  return {
    partitionIndex,
    committedOffset: o?.offset ?? NO_OFFSET,
    // The leader epoch is carried from v5 (OF-05); older versions hold the schema default.
    committedLeaderEpoch: version >= 5 ? (o?.leaderEpoch ?? NO_OFFSET) : NO_OFFSET,
    metadata: o?.metadata ?? '',
    errorCode: ErrorCodes.NONE,
  };
}

/** The answer for one group: an unknown or Dead group is answered as one without offsets (OF-02). */
function fetchGroup(state: CoordinatorState, version: number, req: OffsetFetchRequestGroup): OffsetFetchResponseGroup {
  const consumer = state.consumerGroups.get(req.groupId);
  if (consumer !== undefined) {
    // CGO-13: v9+ carry the member id and epoch; older versions carry none (null, -1) and pass.
    const error = version >= 9 ? validateConsumerOffsetFetch(consumer, req.memberId, req.memberEpoch) : ErrorCodes.NONE;
    if (error !== ErrorCodes.NONE) return { groupId: req.groupId, topics: [], errorCode: error };
  }
  const g = state.groups.get(req.groupId);
  const known = consumer !== undefined || (g !== undefined && g.state !== 'Dead'); // OF-02
  let topics: OffsetFetchResponseTopic[];
  if (req.topics === null) {
    // OF-04: every offset the group holds, in the order of OF-06.
    const all = known ? sortedOffsets(state, req.groupId) : [];
    topics = byTopic(all).map((t) => ({ name: t.topic, partitions: t.offsets.map((o) => partitionAnswer(version, o.partition, o)) }));
  } else {
    // OF-03: each requested partition, in request order.
    topics = req.topics.map((t) => ({
      name: t.name,
      partitions: t.partitionIndexes.map((p) => partitionAnswer(version, p, known ? committedOffset(state, req.groupId, t.name, p) : undefined)),
    }));
  }
  return { groupId: req.groupId, topics, errorCode: ErrorCodes.NONE };
}

/** The response in the request's version: v8+ per group; v0-7 the single group's topics at the top (OF-01). */
export function offsetFetchResponse(version: number, groups: readonly OffsetFetchResponseGroup[]): OffsetFetchResponse {
  if (version >= 8) return { api: 'OffsetFetch', errorCode: ErrorCodes.NONE, topics: [], groups }; // OF-01
  const only = groups[0] ?? { groupId: '', topics: [], errorCode: ErrorCodes.NONE };
  if (version >= 2 || only.errorCode === ErrorCodes.NONE) return { api: 'OffsetFetch', errorCode: only.errorCode, topics: only.topics, groups: [] };
  // v0-1 have no top-level error: Kafka puts it on every partition of the group's answer (OF-01).
  const topics = only.topics.map((t) => ({
    name: t.name,
    partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, committedOffset: NO_OFFSET, committedLeaderEpoch: NO_OFFSET, metadata: '', errorCode: only.errorCode })),
  }));
  return { api: 'OffsetFetch', errorCode: ErrorCodes.NONE, topics, groups: [] };
}

/**
 * Handles an OffsetFetch request. `requireStable` (v7+) changes nothing here: this model has
 * no transactional offsets and applies every commit before answering (OF-07). A fetch changes nothing (OF-08).
 */
export function offsetFetch(state: CoordinatorState, env: RequestEnvelope<OffsetFetchRequest>): HandlerResult {
  const { request: req, requestId } = env;
  const groups = fetchedGroups(req).map((g) => fetchGroup(state, req.version, g));
  return answered(requestId, offsetFetchResponse(req.version, groups));
}
