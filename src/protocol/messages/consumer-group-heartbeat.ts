/**
 * ConsumerGroupHeartbeat (API key 68), versions 0-1: request and response as plain data.
 *
 * @remarks
 * Follows Kafka 4.0's `clients/src/main/resources/common/message/ConsumerGroupHeartbeatRequest.json`
 * and `ConsumerGroupHeartbeatResponse.json` (KIP-848; v1 is KIP-1082: the client generates its
 * member id, and adds `SubscribedTopicRegex`'s INVALID_REGULAR_EXPRESSION answer). Every version is
 * flexible. A nullable request field that is `null` means "unchanged since the last heartbeat".
 * Conventions shared by every message: `./index.ts`.
 * @see spec/consumer-group.md
 */
import type { RequestHeaderFields } from './header.js';

/** ConsumerGroupHeartbeat's API key and the versions this project supports. */
export const CONSUMER_GROUP_HEARTBEAT_VERSIONS = { apiKey: 68, min: 0, max: 1 } as const;

/** Member epoch a member sends to join (or rejoin) a group. */
export const JOIN_GROUP_MEMBER_EPOCH = 0;
/** Member epoch a member sends to leave the group. */
export const LEAVE_GROUP_MEMBER_EPOCH = -1;
/** Member epoch a static member sends to leave temporarily, keeping its instance id's place. */
export const LEAVE_GROUP_STATIC_MEMBER_EPOCH = -2;

/** Partitions of one topic, named by topic id (Kafka's printed uuid). */
export interface HeartbeatTopicPartitions {
  readonly topicId: string;
  readonly partitions: readonly number[];
}

/** ConsumerGroupHeartbeat (api key 68), versions 0-1. */
export interface ConsumerGroupHeartbeatRequest extends RequestHeaderFields {
  readonly api: 'ConsumerGroupHeartbeat';
  readonly groupId: string;
  /** v0: `""` to join (the coordinator generates one); v1: a uuid the client generated. */
  readonly memberId: string;
  /** 0 to join, -1 to leave, -2 for a static member leaving temporarily, else the current epoch. */
  readonly memberEpoch: number;
  /** null: not provided or unchanged. */
  readonly instanceId: string | null;
  /** null: not provided or unchanged. */
  readonly rackId: string | null;
  /** -1: unchanged. */
  readonly rebalanceTimeoutMs: number;
  /** null: unchanged. */
  readonly subscribedTopicNames: readonly string[] | null;
  /** v1+; null: unchanged (always null in v0). */
  readonly subscribedTopicRegex: string | null;
  /** null: not used or unchanged. */
  readonly serverAssignor: string | null;
  /** The partitions the member owns; null: unchanged. */
  readonly topicPartitions: readonly HeartbeatTopicPartitions[] | null;
}

/** ConsumerGroupHeartbeat response. */
export interface ConsumerGroupHeartbeatResponse {
  readonly api: 'ConsumerGroupHeartbeat';
  readonly throttleTimeMs: number;
  readonly errorCode: number;
  readonly errorMessage: string | null;
  /** The member id (null on most errors). */
  readonly memberId: string | null;
  readonly memberEpoch: number;
  readonly heartbeatIntervalMs: number;
  /** The member's assigned partitions; null when not sent (unchanged and not a full request). */
  readonly assignment: { readonly topicPartitions: readonly HeartbeatTopicPartitions[] } | null;
}
