/**
 * ConsumerGroupDescribe (api key 69), versions 0-1: the admin view of consumer groups (KIP-848).
 *
 * @remarks
 * Follows Kafka 4.0's `GroupMetadataManager.consumerGroupDescribe`, `ConsumerGroup.asDescribedGroup`
 * and `ConsumerGroupMember.asConsumerGroupDescribeMember`; the empty group id is refused the way
 * `GroupCoordinatorService.consumerGroupDescribe` refuses it. Read-only: it writes nothing.
 * @see spec/consumer-group-admin.md CGO-01..CGO-08
 */
import { selectAssignor } from './heartbeat-target.js';
import { ErrorCodes } from '../errors.js';
import type {
  ConsumerGroupDescribeRequest,
  DescribedConsumerAssignment,
  DescribedConsumerGroup,
  DescribedConsumerMember,
  RequestEnvelope,
} from '../messages/index.js';
import type { CoordinatorState } from '../replay.js';
import { answered, type HandlerContext, type HandlerResult } from '../handler/index.js';
import type { Assignment } from './assignment.js';
import { assignmentToList, EMPTY_ASSIGNMENT } from './assignment.js';
import type { ConsumerGroup, ConsumerMember } from './group.js';
import { consumerGroupState } from './group.js';
import type { TopicsImage } from './topics.js';
import { NO_TOPICS } from './topics.js';

/** Kafka's "authorized operations not requested" value: authorization is not modelled (CGO-07). */
const NOT_REQUESTED = -2_147_483_648;

/** `MemberType` of ConsumerGroupDescribe v1 (KIP-1099): a member using the consumer protocol. */
const CONSUMER_MEMBER_TYPE = 1;
/** The schema default of `MemberType`, what a v0 answer holds (the field is not on the wire). */
const NO_MEMBER_TYPE = -1;

/** An assignment with topic names; topics the metadata image no longer has are left out (CGO-04). */
function describedAssignment(assignment: Assignment, topics: TopicsImage): DescribedConsumerAssignment {
  const topicPartitions = assignmentToList(assignment).flatMap((t) => {
    const image = topics.byId(t.topicId);
    return image === undefined ? [] : [{ topicId: t.topicId, topicName: image.name, partitions: t.partitions }];
  });
  return { topicPartitions };
}

/** One member as `ConsumerGroupMember.asConsumerGroupDescribeMember` shows it (CGO-04, CGO-06). */
function describedMember(group: ConsumerGroup, m: ConsumerMember, topics: TopicsImage, version: number): DescribedConsumerMember {
  return {
    memberId: m.memberId,
    instanceId: m.instanceId,
    rackId: m.rackId,
    memberEpoch: m.memberEpoch,
    clientId: m.clientId,
    clientHost: m.clientHost,
    subscribedTopicNames: [...m.subscribedTopicNames],
    // Kafka's member keeps "" when it has no regex, and describes it so (CGO-06).
    subscribedTopicRegex: m.subscribedTopicRegex ?? '',
    assignment: describedAssignment(m.assignedPartitions, topics),
    targetAssignment: describedAssignment(group.targetAssignment.get(m.memberId) ?? EMPTY_ASSIGNMENT, topics),
    memberType: version >= 1 ? CONSUMER_MEMBER_TYPE : NO_MEMBER_TYPE,
  };
}

/** A group-level error entry (CGO-01, CGO-02). */
function errorEntry(groupId: string, errorCode: number, errorMessage: string | null): DescribedConsumerGroup {
  return { errorCode, errorMessage, groupId, groupState: '', groupEpoch: 0, assignmentEpoch: 0, assignorName: '', members: [], authorizedOperations: NOT_REQUESTED };
}

/** One requested id's entry. */
function describeOne(state: CoordinatorState, groupId: string, version: number, ctx: HandlerContext): DescribedConsumerGroup {
  // CGO-01: the service refuses the empty id before any coordinator shard sees it.
  if (groupId === '') return errorEntry('', ErrorCodes.INVALID_GROUP_ID, null);
  const group = state.consumerGroups.get(groupId);
  if (group === undefined) {
    // CGO-02: Kafka's `group(...)` and `consumerGroup(...)` lookups name the reason.
    const message = state.groups.has(groupId) ? `Group ${groupId} is not a consumer group.` : `Group ${groupId} not found.`;
    return errorEntry(groupId, ErrorCodes.GROUP_ID_NOT_FOUND, message);
  }
  const topics = ctx.topics ?? NO_TOPICS;
  return {
    errorCode: ErrorCodes.NONE,
    errorMessage: null,
    groupId,
    groupState: consumerGroupState(group), // CGO-03
    groupEpoch: group.groupEpoch,
    assignmentEpoch: group.targetAssignmentEpoch,
    assignorName: selectAssignor(group.members.values(), ctx.config), // CGO-05: the one the heartbeat uses (CG-24)
    members: [...group.members.values()].map((m) => describedMember(group, m, topics, version)), // CGO-03: join order
    authorizedOperations: NOT_REQUESTED, // CGO-07
  };
}

/**
 * Answers ConsumerGroupDescribe: one entry per requested id; entries refused for an empty id
 * come first, the others follow in request order (CGO-01). Changes nothing (CGO-08).
 */
export function consumerGroupDescribe(state: CoordinatorState, env: RequestEnvelope<ConsumerGroupDescribeRequest>, ctx: HandlerContext): HandlerResult {
  const { request: req, requestId } = env;
  const entries = req.groupIds.map((id) => describeOne(state, id, req.version, ctx));
  return answered(requestId, { api: 'ConsumerGroupDescribe', throttleTimeMs: 0, groups: invalidFirst(entries) });
}

/**
 * Kafka's service answers the empty ids at once and the coordinator's answers after them, so the
 * refused entries lead; the rest keep request order (CGO-01).
 */
export function invalidFirst(groups: readonly DescribedConsumerGroup[]): DescribedConsumerGroup[] {
  const refused = (g: DescribedConsumerGroup): boolean => g.errorCode === ErrorCodes.INVALID_GROUP_ID && g.groupId === '';
  return [...groups.filter(refused), ...groups.filter((g) => !refused(g))];
}
