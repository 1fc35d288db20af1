/**
 * The in-memory cluster: brokers, replicated topic partitions, and the Metadata,
 * ListOffsets, Fetch, Produce, CreateTopics, DeleteTopics and InitProducerId APIs over them.
 *
 * @see spec/cluster.md
 * @packageDocumentation
 */
export { Cluster, type ClusterOptions } from './cluster.js';
export type { AppendExpectation } from './partition.js';
export { assignReplicas, rackAlternatedBrokerList, isValidTopicName, INTERNAL_TOPICS, type PlacementBroker } from './placement.js';
export * from './types.js';
export * from './metadata.js';
export * from './list-offsets.js';
export * from './fetch.js';
export * from './produce.js';
export * from './init-producer-id.js';
export * from './delete-topics.js';
export { assembleBatches, splitBatch, isStoredRecord, type BatchHeader, type StoredRecord } from './batches.js';
export { handleClusterRequest, isClusterRequest, type ClusterRequest, type ClusterResponse } from './api.js';
export { clusterTransport, resolveAddress } from './transport.js';
