/**
 * OffsetDelete (api key 47), version 0 (KIP-496): deleting a group's offsets of topics it does
 * not consume.
 * @see spec/offsets.md OD-01..OD-06
 * @see Kafka `OffsetMetadataManager.deleteOffsets`; `ClassicGroup.validateOffsetDelete`,
 *   `isSubscribedToTopic`; `GroupCoordinatorService.deleteOffsets`; `KafkaApis.handleOffsetDeleteRequest`
 */
import { ErrorCodes } from '../errors.js';
import { isSubscribedToTopic } from '../group.js';
import type { OffsetDeleteRequest, OffsetDeleteResponse, OffsetTopicResult, RequestEnvelope } from '../messages/index.js';
import type { CoordinatorRecord } from '../records.js';
import { newOffsetCommitTombstone } from '../records.js';
import type { CoordinatorState } from '../replay.js';
import { answered, type HandlerContext, type HandlerResult } from '../handler/index.js';
import { committedOffset } from './offset-store.js';
import { isConsumerGroupSubscribedToTopic } from '../consumer/admin.js';
import { splitUnknownPartitions, TopicResults } from './topic-results.js';

type ValidTopics = readonly { readonly name: string; readonly partitions: readonly { readonly partitionIndex: number }[] }[];

/** The coordinator's answer: a top-level error, or per-partition results and tombstones. */
function deleteFromGroup(state: CoordinatorState, groupId: string, topics: ValidTopics, records: CoordinatorRecord[]): OffsetDeleteResponse {
  const fail = (errorCode: number): OffsetDeleteResponse => ({ api: 'OffsetDelete', errorCode, topics: [] });
  // OD-01: the empty group id is refused at the front door.
  const consumer = state.consumerGroups.get(groupId);
  const g = state.groups.get(groupId);
  let subscribed: (topic: string) => boolean;
  if (consumer !== undefined) {
    // CGO-15: a consumer group allows offset deletion in every state; its members' topics are kept.
    subscribed = (topic) => isConsumerGroupSubscribedToTopic(consumer, topic);
  } else {
    if (g === undefined || g.state === 'Dead') return fail(ErrorCodes.GROUP_ID_NOT_FOUND); // OD-03
    if (g.state !== 'Empty' && g.protocolType !== 'consumer') return fail(ErrorCodes.NON_EMPTY_GROUP); // OD-03
    subscribed = (topic) => isSubscribedToTopic(g, topic);
  }
  const out: OffsetTopicResult[] = topics.map((topic) => {
    // OD-05: a subscribed topic (OD-04) is refused; otherwise a tombstone per stored offset (REC-08).
    if (subscribed(topic.name)) {
      return { name: topic.name, partitions: topic.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode: ErrorCodes.GROUP_SUBSCRIBED_TO_TOPIC })) };
    }
    for (const p of topic.partitions) {
      if (committedOffset(state, groupId, topic.name, p.partitionIndex) !== undefined) {
        records.push(newOffsetCommitTombstone(groupId, topic.name, p.partitionIndex));
      }
    }
    return { name: topic.name, partitions: topic.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode: ErrorCodes.NONE })) };
  });
  return { api: 'OffsetDelete', errorCode: ErrorCodes.NONE, topics: out };
}

/**
 * Handles an OffsetDelete request. The API layer answers unknown partitions itself (OD-02);
 * the coordinator is asked even when none is left, and its top-level error replaces the whole
 * answer.
 */
export function offsetDelete(state: CoordinatorState, env: RequestEnvelope<OffsetDeleteRequest>, ctx: HandlerContext): HandlerResult {
  const { request: req, requestId } = env;
  const rejected = new TopicResults();
  const valid = splitUnknownPartitions(req.topics, ctx, rejected);
  const records: CoordinatorRecord[] = [];
  const answer = deleteFromGroup(state, req.groupId, valid, records);
  let response: OffsetDeleteResponse = answer;
  if (answer.errorCode === ErrorCodes.NONE && !rejected.isEmpty) { // OD-02: a top-level error replaces everything
    rejected.merge(answer.topics);
    response = { api: 'OffsetDelete', errorCode: ErrorCodes.NONE, topics: rejected.toArray() };
  }
  return answered(requestId, response, records);
}
