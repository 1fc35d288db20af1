/**
 * Metadata (API key 3) at version 9: request and response as plain data.
 *
 * @remarks
 * Follows Kafka's `clients/src/main/resources/common/message/MetadataRequest.json` and
 * `MetadataResponse.json` (field names are the camelCase of the JSON names). Version 9 (Kafka
 * 2.4+, the first flexible version) has every field a group client needs: racks (v1+), cluster
 * id (v2+), offline replicas (v5+), leader epochs (v7+) and the authorized-operations flags
 * (v8+); topic ids (v10+) are not modelled. The broker's answer is `handleMetadata` in
 * `src/broker/cluster/metadata.ts`.
 * @see spec/cluster.md RP-16
 */

/** Metadata's API key and the versions this project supports. */
export const METADATA_VERSIONS = { apiKey: 3, min: 9, max: 9 } as const;

/** Kafka's "authorized operations not requested / not known" value (INT32_MIN). */
export const AUTHORIZED_OPERATIONS_OMITTED = -2147483648;

/** Metadata request, version 9. */
export interface MetadataRequest {
  readonly api: 'Metadata';
  readonly version: number;
  /** The topics wanted; null for every topic, `[]` for none. */
  /** `topicId` (v10+, Kafka's printed uuid; all zeros to look up by name) is left out before v10. From v10 a client may send a null `name` with a topic id. */
  readonly topics: readonly { readonly name: string; readonly topicId?: string }[] | null;
  /**
   * Whether an unknown topic may be auto-created (v4+; older versions always allow it). The
   * in-memory cluster creates it only when `auto.create.topics.enable` is on (off unless
   * configured; `kgspec serve` turns it on, as Kafka does).
   */
  readonly allowAutoTopicCreation: boolean;
  readonly includeClusterAuthorizedOperations: boolean;
  readonly includeTopicAuthorizedOperations: boolean;
}

/** One broker of a Metadata response. */
export interface MetadataResponseBroker {
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
  readonly rack: string | null;
}

/** One partition of a Metadata response. */
export interface MetadataResponsePartition {
  readonly errorCode: number;
  readonly partitionIndex: number;
  /** -1 when the partition has no leader. */
  readonly leaderId: number;
  readonly leaderEpoch: number;
  readonly replicaNodes: readonly number[];
  readonly isrNodes: readonly number[];
  readonly offlineReplicas: readonly number[];
}

/** One topic of a Metadata response. */
export interface MetadataResponseTopic {
  readonly errorCode: number;
  readonly name: string;
  /** v10+: the topic id (Kafka's printed uuid, 22 url-safe base64 characters); the wire codec writes all zeros when absent, and leaves it out before v10. */
  readonly topicId?: string;
  readonly isInternal: boolean;
  readonly partitions: readonly MetadataResponsePartition[];
  readonly topicAuthorizedOperations: number;
}

/** Metadata response, version 9. */
export interface MetadataResponse {
  readonly api: 'Metadata';
  readonly throttleTimeMs: number;
  readonly brokers: readonly MetadataResponseBroker[];
  readonly clusterId: string | null;
  /** A live broker (the lowest id; KRaft brokers name a random live one), or -1. */
  readonly controllerId: number;
  readonly topics: readonly MetadataResponseTopic[];
  readonly clusterAuthorizedOperations: number;
}

/** A Metadata v9 request for `topics` (null: every topic). */
export function metadataRequest(topics: readonly string[] | null): MetadataRequest {
  return {
    api: 'Metadata',
    version: 9,
    topics: topics === null ? null : topics.map((name) => ({ name })),
    allowAutoTopicCreation: false,
    includeClusterAuthorizedOperations: false,
    includeTopicAuthorizedOperations: false,
  };
}
