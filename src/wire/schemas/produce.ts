/**
 * Produce (API key 0), versions 3-11: the wire schema.
 *
 * @remarks
 * Written from Kafka's `clients/src/main/resources/common/message/ProduceRequest.json` and
 * `ProduceResponse.json` (apache/kafka at 1eb7644349cb, valid versions 0-11).
 * `typed: false` marks wire fields the typed message in `src/protocol/messages` does not carry;
 * `optional: true` marks typed fields absent in the versions without them.
 */
import type { MessageSchema } from '../schema.js';

/** ProduceRequest.json, versions 3-11. */
export const PRODUCE_REQUEST: MessageSchema = {
  name: 'ProduceRequest',
  apiKey: 0,
  type: 'request',
  validVersions: '3-11',
  flexibleVersions: '9+',
  fields: [
    { name: 'TransactionalId', type: 'string', versions: '3+', nullableVersions: '3+', default: null },
    { name: 'Acks', type: 'int16', versions: '0+' },
    { name: 'TimeoutMs', type: 'int32', versions: '0+' },
    { name: 'TopicData', type: '[]TopicProduceData', versions: '0+', fields: [
      { name: 'Name', type: 'string', versions: '0+' },
      { name: 'PartitionData', type: '[]PartitionProduceData', versions: '0+', fields: [
        { name: 'Index', type: 'int32', versions: '0+' },
        { name: 'Records', type: 'records', versions: '0+', nullableVersions: '0+' },
      ] },
    ] },
  ],
};

/** ProduceResponse.json, versions 3-11. */
export const PRODUCE_RESPONSE: MessageSchema = {
  name: 'ProduceResponse',
  apiKey: 0,
  type: 'response',
  validVersions: '3-11',
  flexibleVersions: '9+',
  fields: [
    { name: 'Responses', type: '[]TopicProduceResponse', versions: '0+', fields: [
      { name: 'Name', type: 'string', versions: '0+' },
      { name: 'PartitionResponses', type: '[]PartitionProduceResponse', versions: '0+', fields: [
        { name: 'Index', type: 'int32', versions: '0+' },
        { name: 'ErrorCode', type: 'int16', versions: '0+' },
        { name: 'BaseOffset', type: 'int64', versions: '0+' },
        { name: 'LogAppendTimeMs', type: 'int64', versions: '2+', default: -1 },
        { name: 'LogStartOffset', type: 'int64', versions: '5+', default: -1 },
        { name: 'RecordErrors', type: '[]BatchIndexAndErrorMessage', versions: '8+', fields: [
          { name: 'BatchIndex', type: 'int32', versions: '8+' },
          { name: 'BatchIndexErrorMessage', type: 'string', versions: '8+', nullableVersions: '8+', default: null },
        ] },
        { name: 'ErrorMessage', type: 'string', versions: '8+', nullableVersions: '8+', default: null },
        { name: 'CurrentLeader', type: 'LeaderIdAndEpoch', versions: '10+', taggedVersions: '10+', tag: 0, typed: false, fields: [
          { name: 'LeaderId', type: 'int32', versions: '10+', default: -1 },
          { name: 'LeaderEpoch', type: 'int32', versions: '10+', default: -1 },
        ] },
      ] },
    ] },
    { name: 'ThrottleTimeMs', type: 'int32', versions: '1+', default: 0 },
    { name: 'NodeEndpoints', type: '[]NodeEndpoint', versions: '10+', taggedVersions: '10+', tag: 0, typed: false, fields: [
      { name: 'NodeId', type: 'int32', versions: '10+' },
      { name: 'Host', type: 'string', versions: '10+' },
      { name: 'Port', type: 'int32', versions: '10+' },
      { name: 'Rack', type: 'string', versions: '10+', nullableVersions: '10+', default: null },
    ] },
  ],
};
