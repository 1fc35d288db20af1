/**
 * Kafka error codes the in-memory cluster answers with (replication, produce/fetch,
 * Metadata, ListOffsets, topic admin, FindCoordinator).
 *
 * @remarks
 * Names and numbers are Kafka's (`clients/.../common/protocol/Errors.java`). The group
 * APIs keep their own table in `src/protocol/errors.ts`; the codes they share agree.
 * Cluster methods return errors by name (`{ error: 'NOT_LEADER_OR_FOLLOWER' }`); the typed
 * request handlers put the number in the response.
 * @see spec/cluster.md
 */
export const CLUSTER_ERROR_CODES = {
  NONE: 0,
  OFFSET_OUT_OF_RANGE: 1,
  UNKNOWN_TOPIC_OR_PARTITION: 3,
  LEADER_NOT_AVAILABLE: 5,
  NOT_LEADER_OR_FOLLOWER: 6,
  COORDINATOR_NOT_AVAILABLE: 15,
  INVALID_TOPIC_EXCEPTION: 17,
  NOT_ENOUGH_REPLICAS: 19,
  NOT_ENOUGH_REPLICAS_AFTER_APPEND: 20,
  UNSUPPORTED_VERSION: 35,
  TOPIC_ALREADY_EXISTS: 36,
  INVALID_PARTITIONS: 37,
  INVALID_REPLICATION_FACTOR: 38,
  INVALID_REQUEST: 42,
  FENCED_LEADER_EPOCH: 74,
  UNKNOWN_LEADER_EPOCH: 75,
  OFFSET_NOT_AVAILABLE: 78,
  PREFERRED_LEADER_NOT_AVAILABLE: 80,
  ELECTION_NOT_NEEDED: 84,
} as const;

/** The name of an error the cluster can return, e.g. `NOT_LEADER_OR_FOLLOWER`. */
export type ClusterErrorName = keyof typeof CLUSTER_ERROR_CODES;

/** Kafka's numeric code of a cluster error name. */
export function clusterErrorCode(name: ClusterErrorName): number {
  return CLUSTER_ERROR_CODES[name];
}
