/**
 * InitProducerId (API key 22), versions 0-5: request and response as plain data.
 *
 * @remarks
 * Follows Kafka's `clients/src/main/resources/common/message/InitProducerIdRequest.json` and
 * `InitProducerIdResponse.json`. Idempotent producers (the default in Java clients since 3.0)
 * send it before their first Produce.
 */
import type { RequestHeaderFields } from './header.js';

/** InitProducerId's API key and the versions the wire codec supports. */
export const INIT_PRODUCER_ID_VERSIONS = { apiKey: 22, min: 0, max: 5 } as const;

/** InitProducerId request. */
export interface InitProducerIdRequest extends RequestHeaderFields {
  readonly api: 'InitProducerId';
  /** Null for an idempotent, non-transactional producer. */
  readonly transactionalId: string | null;
  readonly transactionTimeoutMs: number;
  /** v3+: the current producer id, -1 for none. */
  readonly producerId: number;
  /** v3+: the current epoch, -1 for none. */
  readonly producerEpoch: number;
}

/** InitProducerId response. */
export interface InitProducerIdResponse {
  readonly api: 'InitProducerId';
  readonly throttleTimeMs: number;
  readonly errorCode: number;
  readonly producerId: number;
  readonly producerEpoch: number;
}
