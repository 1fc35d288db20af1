/**
 * Validation of a ConsumerGroupHeartbeat before any group is looked at: Kafka 4.0's
 * `GroupMetadataManager.throwIfConsumerGroupHeartbeatRequestIsInvalid`, in Kafka's order and
 * with Kafka's messages, plus the regular-expression check.
 * @see spec/consumer-group.md CG-02, CG-03, CG-04
 */
import { RE2JS } from 're2js';
import type { GroupCoordinatorConfig } from '../config.js';
import { ErrorCodes } from '../errors.js';
import type { ConsumerGroupHeartbeatRequest } from '../messages/consumer-group-heartbeat.js';
import { LEAVE_GROUP_MEMBER_EPOCH, LEAVE_GROUP_STATIC_MEMBER_EPOCH } from '../messages/consumer-group-heartbeat.js';

/** A protocol error a step of the heartbeat answers with (Kafka throws an `ApiException`). */
export interface Rejection {
  readonly errorCode: number;
  /** Kafka's message; null where Kafka sends none (UNKNOWN_SERVER_ERROR). */
  readonly errorMessage: string | null;
}

/** A rejection with Kafka's error code and message. */
export function reject(errorCode: number, errorMessage: string | null): Rejection {
  return { errorCode, errorMessage };
}

/** Whether a value is a rejection rather than a result. */
export function isRejection(value: unknown): value is Rejection {
  return typeof value === 'object' && value !== null && 'errorCode' in value && 'errorMessage' in value;
}

/** The first ConsumerGroupHeartbeat version whose member id the client generates (KIP-1082). */
export const CONSUMER_GENERATED_MEMBER_ID_REQUIRED_VERSION = 1;

/** Java's `String.trim().isEmpty()` on a non-null value (trim strips code points <= U+0020). */
function blank(value: string | null): boolean {
  return value !== null && value.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '') === '';
}

function invalid(message: string): Rejection {
  return reject(ErrorCodes.INVALID_REQUEST, message);
}

/**
 * The assignor names as Kafka lists them in UNSUPPORTED_ASSIGNOR's message: the keys of a Java
 * HashMap, which for the two names that exist iterates `uniform` before `range`.
 */
export function supportedAssignorsText(config: GroupCoordinatorConfig): string {
  const javaOrder = ['uniform', 'range'];
  return [...config.consumerAssignors].sort((a, b) => javaOrder.indexOf(a) - javaOrder.indexOf(b)).join(', ');
}

/**
 * Compiles a subscription regex as Kafka does (RE2J), or answers INVALID_REGULAR_EXPRESSION
 * with Kafka's message (`throwIfRegularExpressionIsInvalid`). @see CG-30
 */
export function compileRegex(regex: string): RE2JS | Rejection {
  try {
    return RE2JS.compile(regex);
  } catch (e) {
    const description = (e as { error?: string }).error ?? String(e);
    return reject(ErrorCodes.INVALID_REGULAR_EXPRESSION, `SubscribedTopicRegex \`${regex}\` is not a valid regular expression: ${description}.`);
  }
}

/** The checks of the member-epoch ranges (CG-03). */
function checkEpoch(r: ConsumerGroupHeartbeatRequest): Rejection | null {
  if (r.memberEpoch === 0) {
    if (r.rebalanceTimeoutMs === -1) return invalid('RebalanceTimeoutMs must be provided in first request.');
    if (r.topicPartitions === null || r.topicPartitions.length > 0) return invalid('TopicPartitions must be empty when (re-)joining.');
    // Kafka accepts an empty list of names or an empty regex: a member subscribed to nothing.
    if (r.subscribedTopicNames === null && r.subscribedTopicRegex === null) {
      return invalid('Either SubscribedTopicNames or SubscribedTopicRegex must be non-null when (re-)joining.');
    }
  } else if (r.memberEpoch === LEAVE_GROUP_STATIC_MEMBER_EPOCH) {
    if (r.instanceId === null) return invalid("InstanceId can't be null.");
  } else if (r.memberEpoch < LEAVE_GROUP_STATIC_MEMBER_EPOCH) {
    return invalid('MemberEpoch is invalid.');
  }
  return null;
}

/**
 * The request-level checks, first failure wins, in Kafka's order: member id (never empty in v1,
 * nor when heartbeating or leaving in v0), group id, instance id, rack id, the epoch ranges,
 * the regex (v0 cannot carry one: our v0 decoder leaves it null), the server assignor.
 * @see CG-02, CG-03, CG-04
 */
export function validateHeartbeat(r: ConsumerGroupHeartbeatRequest, config: GroupCoordinatorConfig): Rejection | null {
  if (r.version >= CONSUMER_GENERATED_MEMBER_ID_REQUIRED_VERSION || r.memberEpoch > 0 || r.memberEpoch === LEAVE_GROUP_MEMBER_EPOCH) {
    if (blank(r.memberId)) return invalid("MemberId can't be empty.");
  }
  if (blank(r.groupId)) return invalid("GroupId can't be empty.");
  if (blank(r.instanceId)) return invalid("InstanceId can't be empty.");
  if (blank(r.rackId)) return invalid("RackId can't be empty.");
  const epoch = checkEpoch(r);
  if (epoch !== null) return epoch;
  if (r.version < 1 && r.subscribedTopicRegex !== null) return invalid('SubscribedTopicRegex is not supported in version 0.');
  if (r.serverAssignor !== null && !config.consumerAssignors.includes(r.serverAssignor)) {
    return reject(ErrorCodes.UNSUPPORTED_ASSIGNOR, `ServerAssignor ${r.serverAssignor} is not supported. Supported assignors: ${supportedAssignorsText(config)}.`);
  }
  return null;
}
