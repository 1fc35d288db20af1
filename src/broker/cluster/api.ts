/**
 * The cluster-level APIs a broker answers without a group coordinator: Metadata,
 * ListOffsets, Fetch, Produce, CreateTopics, DeleteTopics, FindCoordinator and InitProducerId, behind one dispatcher for the transport.
 *
 * @remarks
 * The group coordinator layer adds the group APIs next to these; a transport handler can
 * try {@link isClusterRequest} first and fall through to the coordinator otherwise.
 * @see spec/cluster.md
 */
import type { ClusterRequest, ClusterResponse } from '../../protocol/messages/index.js';
import { handleFindCoordinator, type FindCoordinatorOptions } from '../find-coordinator.js';
import type { Cluster } from './cluster.js';
import { handleFetch } from './fetch.js';
import { handleInitProducerId } from './init-producer-id.js';
import { handleListOffsets } from './list-offsets.js';
import { handleMetadata } from './metadata.js';
import { handleCreateTopics, handleProduce } from './produce.js';
import { handleDeleteTopics } from './delete-topics.js';

/** A request the cluster answers itself. */
export type { ClusterRequest, ClusterResponse };


const CLUSTER_APIS: ReadonlySet<string> = new Set(['Metadata', 'ListOffsets', 'Fetch', 'Produce', 'CreateTopics', 'DeleteTopics', 'FindCoordinator', 'InitProducerId']);

/** Whether `request` is one of the cluster-level APIs. */
export function isClusterRequest(request: { readonly api: string }): request is ClusterRequest {
  return CLUSTER_APIS.has(request.api);
}

/** Broker `nodeId` answers a cluster-level request. */
export function handleClusterRequest(
  cluster: Cluster<unknown>,
  nodeId: number,
  request: ClusterRequest,
  options: FindCoordinatorOptions = {},
): ClusterResponse {
  switch (request.api) {
    case 'Metadata':
      return handleMetadata(cluster, nodeId, request);
    case 'ListOffsets':
      return handleListOffsets(cluster, nodeId, request);
    case 'Fetch':
      return handleFetch(cluster, nodeId, request);
    case 'Produce':
      return handleProduce(cluster, nodeId, request);
    case 'CreateTopics':
      return handleCreateTopics(cluster, nodeId, request);
    case 'DeleteTopics':
      return handleDeleteTopics(cluster, request);
    case 'FindCoordinator':
      return handleFindCoordinator(cluster, request, options);
    case 'InitProducerId':
      return handleInitProducerId(cluster, nodeId, request);
  }
}
