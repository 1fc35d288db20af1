/**
 * Which fields a KIP-848 member puts in each ConsumerGroupHeartbeat (the Java client's
 * `HeartbeatState`): every field while joining, afterwards only those that changed since the
 * last heartbeat it sent; null means "unchanged" to the coordinator.
 *
 * The regex (CL-50) is sent when joining if the member has one, and whenever it changed since
 * the last heartbeat; `""` tells the coordinator that the member dropped its regex.
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
  /** The RE2J regex of a pattern subscription (CL-50), or null. */
  readonly subscribedTopicRegex: string | null;
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
  /** The regex last sent; null also when none was (then only a new regex is sent). */
  private regex: string | null = null;
  private assignor: string | null = null;
  private owned: string | null = null;

  /** Forgets what was sent, so the next heartbeat carries every field (Kafka resets it after an error or a lost answer). */
  reset(): void {
    this.rebalanceTimeoutMs = -1;
    this.topics = null;
    this.regex = null;
    this.assignor = null;
    this.owned = null;
  }

  /**
   * Makes the next heartbeat report the owned partitions even if unchanged: an acknowledgement
   * (CL-54), as Kafka's local assignment epoch does.
   */
  resendOwned(): void {
    this.owned = null;
  }

  /** The request for `m`, remembering what it sends. */
  build(m: HeartbeatInput): ConsumerGroupHeartbeatRequest {
    if (m.full) this.reset();
    const topics = JSON.stringify([...m.subscribedTopicNames].sort());
    const owned = JSON.stringify(m.owned);
    const sendTimeout = this.rebalanceTimeoutMs !== m.rebalanceTimeoutMs;
    const sendTopics = this.topics !== topics;
    // Kafka's (sendAllFields && pattern != null) || patternUpdated: after a reset the last sent regex is null.
    const sendRegex = this.regex !== m.subscribedTopicRegex;
    const sendAssignor = m.serverAssignor !== null && this.assignor !== m.serverAssignor;
    const sendOwned = this.owned !== owned;
    this.rebalanceTimeoutMs = m.rebalanceTimeoutMs;
    this.topics = topics;
    this.regex = m.subscribedTopicRegex;
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
      subscribedTopicRegex: sendRegex ? (m.subscribedTopicRegex ?? '') : null,
      serverAssignor: sendAssignor ? m.serverAssignor : null,
      topicPartitions: sendOwned ? m.owned.map((t) => ({ topicId: t.topicId, partitions: [...t.partitions] })) : null,
    };
  }
}
