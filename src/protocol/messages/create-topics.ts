/**
 * CreateTopics (API key 19), versions 0-7: request and response as plain data.
 *
 * @remarks
 * Follows Kafka's `clients/src/main/resources/common/message/CreateTopicsRequest.json` and
 * `CreateTopicsResponse.json` (field names are the camelCase of the JSON names). Topic
 * configs other than `min.insync.replicas` are accepted and ignored by the in-memory cluster;
 * topic ids (v7+) are not modelled (the all-zero UUID). The broker's answer is
 * `handleCreateTopics` in `src/broker/cluster/create-topics.ts`.
 * @see spec/cluster.md RP-21 RP-01
 */

/** CreateTopics' API key and the versions this project supports. */
export const CREATE_TOPICS_VERSIONS = { apiKey: 19, min: 0, max: 7 } as const;

/** An explicit replica list for one partition (Kafka's `CreatableReplicaAssignment`). */
export interface CreatableReplicaAssignment {
  readonly partitionIndex: number;
  readonly brokerIds: readonly number[];
}

/** One topic config of a CreateTopics request. */
export interface CreatableTopicConfig {
  readonly name: string;
  readonly value: string | null;
}

/** One topic to create. */
export interface CreatableTopic {
  readonly name: string;
  /** -1 (v4+): the broker's `num.partitions`; must be -1 when `assignments` is not empty. */
  readonly numPartitions: number;
  /** -1 (v4+): the broker's `default.replication.factor`; must be -1 when `assignments` is not empty. */
  readonly replicationFactor: number;
  readonly assignments: readonly CreatableReplicaAssignment[];
  readonly configs: readonly CreatableTopicConfig[];
}

/** CreateTopics request. */
export interface CreateTopicsRequest {
  readonly api: 'CreateTopics';
  readonly version: number;
  readonly topics: readonly CreatableTopic[];
  readonly timeoutMs: number;
  /** v1+: check the request without creating anything. */
  readonly validateOnly: boolean;
}

/** One topic's CreateTopics result; the tagged `topicConfigErrorCode` and the v5+ `configs` list are not modelled (null configs). */
export interface CreatableTopicResult {
  readonly name: string;
  /** v7+; the all-zero UUID here (topic ids are not modelled). */
  readonly topicId: string;
  readonly errorCode: number;
  /** v1+. */
  readonly errorMessage: string | null;
  /** v5+: -1 on errors. */
  readonly numPartitions: number;
  /** v5+: -1 on errors. */
  readonly replicationFactor: number;
}

/** CreateTopics response: one result per requested topic, in request order. */
export interface CreateTopicsResponse {
  readonly api: 'CreateTopics';
  /** v2+. */
  readonly throttleTimeMs: number;
  readonly topics: readonly CreatableTopicResult[];
}

/** A CreateTopics v7 request for one topic with `numPartitions` partitions of `replicationFactor` replicas. */
export function createTopicsRequest(name: string, numPartitions: number, replicationFactor: number): CreateTopicsRequest {
  return {
    api: 'CreateTopics',
    version: 7,
    topics: [{ name, numPartitions, replicationFactor, assignments: [], configs: [] }],
    timeoutMs: 30000,
    validateOnly: false,
  };
}
