/**
 * ConsumerGroupDescribe (API key 69), versions 0-1: request and response as plain data.
 *
 * @remarks
 * Follows Kafka 4.0's `clients/src/main/resources/common/message/ConsumerGroupDescribeRequest.json`
 * and `ConsumerGroupDescribeResponse.json` (KIP-848; v1 adds the member type of KIP-1099). Every
 * version is flexible. Conventions shared by every message: `./index.ts`.
 * @see spec/consumer-group.md
 */
import type { RequestHeaderFields } from './header.js';

/** ConsumerGroupDescribe's API key and the versions this project supports. */
export const CONSUMER_GROUP_DESCRIBE_VERSIONS = { apiKey: 69, min: 0, max: 1 } as const;

/** ConsumerGroupDescribe (api key 69), versions 0-1. */
export interface ConsumerGroupDescribeRequest extends RequestHeaderFields {
  readonly api: 'ConsumerGroupDescribe';
  readonly groupIds: readonly string[];
  /** Authorization is not modelled: operations are never filled in. */
  readonly includeAuthorizedOperations: boolean;
}

/** Partitions of one topic, by id and name. */
export interface DescribedTopicPartitions {
  readonly topicId: string;
  readonly topicName: string;
  readonly partitions: readonly number[];
}

/** A member's assignment as ConsumerGroupDescribe shows it. */
export interface DescribedConsumerAssignment {
  readonly topicPartitions: readonly DescribedTopicPartitions[];
}

/** One member of a consumer group. */
export interface DescribedConsumerMember {
  readonly memberId: string;
  readonly instanceId: string | null;
  readonly rackId: string | null;
  readonly memberEpoch: number;
  readonly clientId: string;
  readonly clientHost: string;
  readonly subscribedTopicNames: readonly string[];
  readonly subscribedTopicRegex: string | null;
  readonly assignment: DescribedConsumerAssignment;
  readonly targetAssignment: DescribedConsumerAssignment;
  /** v1+: 1 for a member using the consumer protocol, 0 for a classic member (-1 before v1). */
  readonly memberType: number;
}

/** One described consumer group. */
export interface DescribedConsumerGroup {
  readonly errorCode: number;
  readonly errorMessage: string | null;
  readonly groupId: string;
  /** `Empty`, `Assigning`, `Reconciling`, `Stable` or `Dead`; the empty string on errors. */
  readonly groupState: string;
  readonly groupEpoch: number;
  readonly assignmentEpoch: number;
  readonly assignorName: string;
  readonly members: readonly DescribedConsumerMember[];
  readonly authorizedOperations: number;
}

/** ConsumerGroupDescribe response. */
export interface ConsumerGroupDescribeResponse {
  readonly api: 'ConsumerGroupDescribe';
  readonly throttleTimeMs: number;
  readonly groups: readonly DescribedConsumerGroup[];
}
