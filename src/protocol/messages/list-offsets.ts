/**
 * ListOffsets (API key 2) at version 6: request and response as plain data.
 *
 * @remarks
 * Follows Kafka's `clients/src/main/resources/common/message/ListOffsetsRequest.json` and
 * `ListOffsetsResponse.json` (field names are the camelCase of the JSON names). Version 6
 * (Kafka 2.5+, the first flexible version) carries the isolation level (v2+) and the current
 * leader epoch for fencing (v4+). The broker's answer is `handleListOffsets` in
 * `src/broker/cluster/list-offsets.ts`.
 * @see spec/cluster.md RP-17
 */

/** ListOffsets' API key and the versions this project supports. */
export const LIST_OFFSETS_VERSIONS = { apiKey: 2, min: 6, max: 6 } as const;

/** ListOffsets timestamp asking for the log start offset. */
export const EARLIEST_TIMESTAMP = -2;
/** ListOffsets timestamp asking for the high watermark (the last fetchable offset). */
export const LATEST_TIMESTAMP = -1;

/** A consumer's replica id (-1); -2 is the debugging id that may read a follower. */
export const CONSUMER_REPLICA_ID = -1;

/** One partition of a ListOffsets request. */
export interface ListOffsetsPartition {
  readonly partitionIndex: number;
  /** -1 when the client does not know it (no fencing). */
  readonly currentLeaderEpoch: number;
  readonly timestamp: number;
}

/** ListOffsets request, version 6. */
export interface ListOffsetsRequest {
  readonly api: 'ListOffsets';
  readonly version: number;
  readonly replicaId: number;
  /** 0 READ_UNCOMMITTED, 1 READ_COMMITTED; without transactions both read up to the high watermark. */
  readonly isolationLevel: number;
  readonly topics: readonly { readonly name: string; readonly partitions: readonly ListOffsetsPartition[] }[];
}

/** One partition of a ListOffsets response. */
export interface ListOffsetsPartitionResponse {
  readonly partitionIndex: number;
  readonly errorCode: number;
  /** -1 for earliest/latest and on errors. */
  readonly timestamp: number;
  /** -1 on errors and when no record matches a timestamp. */
  readonly offset: number;
  readonly leaderEpoch: number;
  /** v0 only (`OldStyleOffsets`): the offsets found; the wire codec maps `offset` to and from its first element. */
  readonly oldStyleOffsets?: readonly number[];
}

/** ListOffsets response, version 6. */
export interface ListOffsetsResponse {
  readonly api: 'ListOffsets';
  readonly throttleTimeMs: number;
  readonly topics: readonly { readonly name: string; readonly partitions: readonly ListOffsetsPartitionResponse[] }[];
}

/** A ListOffsets v6 request from a consumer for one timestamp on each `[topic, partition]`. */
export function listOffsetsRequest(
  timestamp: number,
  partitions: readonly (readonly [string, number])[],
): ListOffsetsRequest {
  const topics: { name: string; partitions: ListOffsetsPartition[] }[] = [];
  for (const [name, partitionIndex] of partitions) {
    let t = topics.find((x) => x.name === name);
    if (t === undefined) topics.push((t = { name, partitions: [] }));
    t.partitions.push({ partitionIndex, currentLeaderEpoch: -1, timestamp });
  }
  return { api: 'ListOffsets', version: 6, replicaId: CONSUMER_REPLICA_ID, isolationLevel: 0, topics };
}
