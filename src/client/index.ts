/**
 * The consumer member: the client side of the classic group protocol, as Kafka's Java
 * `KafkaConsumer`, over any transport and scheduler (the in-memory cluster, in virtual time).
 *
 * @see spec/consumer-member.md
 * @packageDocumentation
 */
export { KafkaConsumer, type ConsumerGroupMemberView, type ConsumerGroupMetadata, type ConsumerMemberView, type KafkaConsumerOptions, type SubscriptionPattern } from './kafka-consumer.js';
export { resolveConsumerConfig, type ConsumerConfig, type GroupProtocol, type OffsetResetStrategy, type ResolvedConsumerConfig } from './config.js';
export { ConsumerError, type ConsumerErrorKind } from './errors.js';
export { GROUP_MEMBER_STATES, PREVIOUS_STATES, type GroupMemberState } from './consumer-group/member-state.js';
export type { ConsumerMembership } from './consumer-group/membership.js';
export type { CommitHandle, OffsetCommitCallback } from './committer.js';
export { toConsumerRecords } from './records.js';
export {
  CONSUMER_MEMBER_STATES,
  compareTp,
  sortedTps,
  tpKey,
  type CommitOutcome,
  type ConsumerMemberState,
  type ConsumerRebalanceListener,
  type ConsumerRecord,
  type ConsumerTraceEntry,
  type OffsetAndMetadata,
  type ProducerRecord,
  type TopicPartition,
} from './types.js';
