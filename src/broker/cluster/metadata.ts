/**
 * How a broker of the in-memory cluster answers Metadata (API key 3) at version 9.
 *
 * @remarks
 * The request and response types are in `src/protocol/messages/metadata.ts`.
 * @see spec/cluster.md RP-16
 */
import { ErrorCodes } from '../../protocol/errors.js';
import { AUTHORIZED_OPERATIONS_OMITTED, type MetadataRequest, type MetadataResponse, type MetadataResponseTopic } from '../../protocol/messages/metadata.js';
import type { Cluster } from './cluster.js';
import { INTERNAL_TOPICS } from './placement.js';

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
    // RP-22: topic ids from v10 on (a request for v9 gets the v9 shape, without them).
    topics: names.map((name) => {
      const t = topicMetadata(cluster, name);
      return request.version >= 10 ? { ...t, topicId: cluster.topic(name)?.topicId ?? ZERO_TOPIC_ID } : t;
    }),
    clusterAuthorizedOperations: AUTHORIZED_OPERATIONS_OMITTED,
  };
}

/** Kafka's `Uuid.ZERO_UUID` in its printed form: an unknown topic's id. */
const ZERO_TOPIC_ID = 'AAAAAAAAAAAAAAAAAAAAAA';

function topicMetadata(cluster: Cluster<unknown>, name: string): MetadataResponseTopic {
  const topic = cluster.topic(name);
  if (topic === undefined) {
    return {
      errorCode: ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION,
      name,
      isInternal: INTERNAL_TOPICS.includes(name),
      partitions: [],
      topicAuthorizedOperations: AUTHORIZED_OPERATIONS_OMITTED,
    };
  }
  return {
    errorCode: ErrorCodes.NONE,
    name,
    isInternal: topic.isInternal,
    partitions: topic.partitions.map((p) => ({
      // KRaftMetadataCache: no live leader -> LEADER_NOT_AVAILABLE with leader -1; replicas and
      // ISR are not filtered by liveness from v1 on, so a down replica is no error.
      errorCode: p.leader === null ? ErrorCodes.LEADER_NOT_AVAILABLE : ErrorCodes.NONE,
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
