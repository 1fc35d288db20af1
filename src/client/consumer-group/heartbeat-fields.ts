/**
 * Which fields a KIP-848 member puts in each ConsumerGroupHeartbeat (the Java client's
 * `HeartbeatState`): every field while joining, afterwards only those that changed since the
 * last heartbeat it sent; null means "unchanged" to the coordinator.
 *
 * @see spec/consumer-member.md CL-36
 * @see ConsumerHeartbeatRequestManager.java (HeartbeatState.buildRequestData), Kafka 4.0
 * @packageDocumentation
 */
import type { ConsumerGroupHeartbeatRequest, HeartbeatTopicPartitions } from '../../protocol/messages/consumer-group-heartbeat.js';

/** What the member is when a heartbeat is built. */
export interface HeartbeatInput {
  readonly groupId: string;
  readonly clientId: string;
  readonly memberId: string;
  readonly memberEpoch: number;
  readonly instanceId: string | null;
  readonly rackId: string | null;
  readonly rebalanceTimeoutMs: number;
  readonly subscribedTopicNames: readonly string[];
  readonly serverAssignor: string | null;
  /** The partitions it owns, by topic id, sorted. */
  readonly owned: readonly HeartbeatTopicPartitions[];
  /** Joining (epoch 0): every field is sent. */
  readonly full: boolean;
}

/** The fields last sent, to send only what changed. */
export class HeartbeatFields {
  private rebalanceTimeoutMs = -1;
  private topics: string | null = null;
  private assignor: string | null = null;
  private owned: string | null = null;

  /** Forgets what was sent, so the next heartbeat carries every field (Kafka resets it after an error or a lost answer). */
  reset(): void {
    this.rebalanceTimeoutMs = -1;
    this.topics = null;
    this.assignor = null;
    this.owned = null;
  }

  /** The request for `m`, remembering what it sends. */
  build(m: HeartbeatInput): ConsumerGroupHeartbeatRequest {
    if (m.full) this.reset();
    const topics = JSON.stringify([...m.subscribedTopicNames].sort());
    const owned = JSON.stringify(m.owned);
    const sendTimeout = this.rebalanceTimeoutMs !== m.rebalanceTimeoutMs;
    const sendTopics = this.topics !== topics;
    const sendAssignor = m.serverAssignor !== null && this.assignor !== m.serverAssignor;
    const sendOwned = this.owned !== owned;
    this.rebalanceTimeoutMs = m.rebalanceTimeoutMs;
    this.topics = topics;
    this.assignor = m.serverAssignor;
    this.owned = owned;
    return {
      api: 'ConsumerGroupHeartbeat',
      version: 1,
      clientId: m.clientId,
      clientHost: '/127.0.0.1',
      groupId: m.groupId,
      memberId: m.memberId,
      memberEpoch: m.memberEpoch,
      // Always sent when the member has one, as the Java client does.
      instanceId: m.instanceId,
      rackId: m.full ? m.rackId : null,
      rebalanceTimeoutMs: sendTimeout ? m.rebalanceTimeoutMs : -1,
      subscribedTopicNames: sendTopics ? [...m.subscribedTopicNames] : null,
      subscribedTopicRegex: null,
      serverAssignor: sendAssignor ? m.serverAssignor : null,
      topicPartitions: sendOwned ? m.owned.map((t) => ({ topicId: t.topicId, partitions: [...t.partitions] })) : null,
    };
  }
}
