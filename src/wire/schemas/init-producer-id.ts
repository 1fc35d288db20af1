/**
 * InitProducerId (API key 22), versions 0-5: the wire schema.
 *
 * @remarks
 * Written from Kafka's `clients/src/main/resources/common/message/InitProducerIdRequest.json` and
 * `InitProducerIdResponse.json` (apache/kafka at 1eb7644349cb, valid versions 0-5).
 * `typed: false` marks wire fields the typed message in `src/protocol/messages` does not carry;
 * `optional: true` marks typed fields absent in the versions without them.
 */
import type { MessageSchema } from '../schema.js';

/** InitProducerIdRequest.json, versions 0-5. */
export const INIT_PRODUCER_ID_REQUEST: MessageSchema = {
  name: 'InitProducerIdRequest',
  apiKey: 22,
  type: 'request',
  validVersions: '0-5',
  flexibleVersions: '2+',
  fields: [
    { name: 'TransactionalId', type: 'string', versions: '0+', nullableVersions: '0+' },
    { name: 'TransactionTimeoutMs', type: 'int32', versions: '0+' },
    { name: 'ProducerId', type: 'int64', versions: '3+', default: -1 },
    { name: 'ProducerEpoch', type: 'int16', versions: '3+', default: -1 },
  ],
};

/** InitProducerIdResponse.json, versions 0-5. */
export const INIT_PRODUCER_ID_RESPONSE: MessageSchema = {
  name: 'InitProducerIdResponse',
  apiKey: 22,
  type: 'response',
  validVersions: '0-5',
  flexibleVersions: '2+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+' },
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
    { name: 'ProducerId', type: 'int64', versions: '0+', default: -1 },
    { name: 'ProducerEpoch', type: 'int16', versions: '0+' },
  ],
};
