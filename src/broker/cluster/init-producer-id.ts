/**
 * How a broker of the in-memory cluster answers InitProducerId (API key 22) for an idempotent,
 * non-transactional producer.
 *
 * @remarks
 * Kafka's `KafkaApis.handleInitProducerIdRequest`: without a transactional id the broker takes
 * a new producer id from its producer id manager and answers it with epoch 0, whatever id and
 * epoch the request carries (v3+), as long as both or neither are -1. Here the ids come from
 * the cluster's injected counter ({@link Cluster.newProducerId}), so runs replay exactly.
 * Transactions are not modelled: a transactional id gets INVALID_REQUEST.
 * @see spec/cluster.md RP-23
 */
import { ErrorCodes, type ErrorName } from '../../protocol/errors.js';
import type { InitProducerIdRequest, InitProducerIdResponse } from '../../protocol/messages/init-producer-id.js';
import type { Cluster } from './cluster.js';

/** RP-23: broker `nodeId` answers InitProducerId: a new producer id at epoch 0, or why not. */
export function handleInitProducerId(cluster: Cluster<unknown>, nodeId: number, request: InitProducerIdRequest): InitProducerIdResponse {
  if (cluster.broker(nodeId) === undefined) throw new RangeError(`unknown broker ${nodeId}`);
  const fail = (error: ErrorName): InitProducerIdResponse => ({ api: 'InitProducerId', throttleTimeMs: 0, errorCode: ErrorCodes[error], producerId: -1, producerEpoch: -1 });
  if (request.transactionalId !== null) return fail('INVALID_REQUEST');
  if ((request.producerId === -1) !== (request.producerEpoch === -1)) return fail('INVALID_REQUEST');
  return { api: 'InitProducerId', throttleTimeMs: 0, errorCode: ErrorCodes.NONE, producerId: cluster.newProducerId(), producerEpoch: 0 };
}
