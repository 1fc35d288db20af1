/**
 * Metadata (API key 3) at version 9, as typed data, and how a broker of the in-memory
 * cluster answers it.
 *
 * @remarks
 * Version 9 (Kafka 2.4+, the first flexible version) has every field a group client needs:
 * racks (v1+), cluster id (v2+), offline replicas (v5+), leader epochs (v7+) and the
 * authorized-operations flags (v8+); topic ids (v10+) are not modelled. Field names are
 * those of `MetadataRequest.json` / `MetadataResponse.json`.
 * @see spec/cluster.md RP-16
 */
import type { Cluster } from './cluster.js';
import { CLUSTER_ERROR_CODES } from './errors.js';
import { INTERNAL_TOPICS } from './placement.js';

/** Kafka's "authorized operations not requested / not known" value (INT32_MIN). */
export const AUTHORIZED_OPERATIONS_OMITTED = -2147483648;

/** Metadata request, version 9. */
export interface MetadataRequest {
  readonly api: 'Metadata';
  readonly version: 9;
  /** The topics wanted; null for every topic, `[]` for none. */
  readonly topics: readonly { readonly name: string }[] | null;
  /** Ignored: this cluster never auto-creates topics (`auto.create.topics.enable=false`). */
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

/**
 * RP-16: broker `nodeId` answers a Metadata request from the cluster's current state.
 *
 * @remarks
 * Every broker answers from the same (instantly propagated) metadata, so `nodeId` only has to
 * be a known broker. Live brokers are listed by id. Requested topics come back in request
 * order without repeats; with `topics: null`, every topic sorted by name. Authorization is not
 * modelled: authorized operations are always INT32_MIN.
 */
export function handleMetadata(cluster: Cluster<unknown>, nodeId: number, request: MetadataRequest): MetadataResponse {
  if (cluster.broker(nodeId) === undefined) throw new RangeError(`unknown broker ${nodeId}`);
  const live = cluster.brokers().filter((b) => b.up);
  const names = request.topics === null ? cluster.topics() : [...new Set(request.topics.map((t) => t.name))];
  return {
    api: 'Metadata',
    throttleTimeMs: 0,
    brokers: live.map((b) => ({ nodeId: b.nodeId, host: b.host, port: b.port, rack: b.rack })),
    clusterId: cluster.clusterId,
    controllerId: live[0]?.nodeId ?? -1,
    topics: names.map((name) => topicMetadata(cluster, name)),
    clusterAuthorizedOperations: AUTHORIZED_OPERATIONS_OMITTED,
  };
}

function topicMetadata(cluster: Cluster<unknown>, name: string): MetadataResponseTopic {
  const topic = cluster.topic(name);
  if (topic === undefined) {
    return {
      errorCode: CLUSTER_ERROR_CODES.UNKNOWN_TOPIC_OR_PARTITION,
      name,
      isInternal: INTERNAL_TOPICS.includes(name),
      partitions: [],
      topicAuthorizedOperations: AUTHORIZED_OPERATIONS_OMITTED,
    };
  }
  return {
    errorCode: CLUSTER_ERROR_CODES.NONE,
    name,
    isInternal: topic.isInternal,
    partitions: topic.partitions.map((p) => ({
      // KRaftMetadataCache: no live leader -> LEADER_NOT_AVAILABLE with leader -1; replicas and
      // ISR are not filtered by liveness from v1 on, so a down replica is no error.
      errorCode: p.leader === null ? CLUSTER_ERROR_CODES.LEADER_NOT_AVAILABLE : CLUSTER_ERROR_CODES.NONE,
      partitionIndex: p.partition,
      leaderId: p.leader ?? -1,
      leaderEpoch: p.leaderEpoch,
      replicaNodes: [...p.replicas],
      isrNodes: [...p.isr],
      offlineReplicas: [...p.offlineReplicas],
    })),
    topicAuthorizedOperations: AUTHORIZED_OPERATIONS_OMITTED,
  };
}
