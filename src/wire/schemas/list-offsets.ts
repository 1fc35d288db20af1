/**
 * ListOffsets (API key 2), versions 0-9: the wire schema.
 *
 * @remarks
 * Written from Kafka's `clients/src/main/resources/common/message/ListOffsetsRequest.json` and
 * `ListOffsetsResponse.json` (apache/kafka at 1eb7644349cb, valid versions 0-10).
 * `typed: false` marks wire fields the typed message in `src/protocol/messages` does not carry;
 * `optional: true` marks typed fields absent in the versions without them.
 */
import type { MessageSchema } from '../schema.js';

/** ListOffsetsRequest.json, versions 0-9. */
export const LIST_OFFSETS_REQUEST: MessageSchema = {
  name: 'ListOffsetsRequest',
  apiKey: 2,
  type: 'request',
  validVersions: '0-9',
  flexibleVersions: '6+',
  fields: [
    { name: 'ReplicaId', type: 'int32', versions: '0+' },
    { name: 'IsolationLevel', type: 'int8', versions: '2+' },
    { name: 'Topics', type: '[]ListOffsetsTopic', versions: '0+', fields: [
      { name: 'Name', type: 'string', versions: '0+' },
      { name: 'Partitions', type: '[]ListOffsetsPartition', versions: '0+', fields: [
        { name: 'PartitionIndex', type: 'int32', versions: '0+' },
        { name: 'CurrentLeaderEpoch', type: 'int32', versions: '4+', default: -1 },
        { name: 'Timestamp', type: 'int64', versions: '0+' },
        { name: 'MaxNumOffsets', type: 'int32', versions: '0', default: 1, typed: false },
      ] },
    ] },
  ],
};

/** ListOffsetsResponse.json, versions 0-9. */
export const LIST_OFFSETS_RESPONSE: MessageSchema = {
  name: 'ListOffsetsResponse',
  apiKey: 2,
  type: 'response',
  validVersions: '0-9',
  flexibleVersions: '6+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '2+' },
    { name: 'Topics', type: '[]ListOffsetsTopicResponse', versions: '0+', fields: [
      { name: 'Name', type: 'string', versions: '0+' },
      { name: 'Partitions', type: '[]ListOffsetsPartitionResponse', versions: '0+', fields: [
        { name: 'PartitionIndex', type: 'int32', versions: '0+' },
        { name: 'ErrorCode', type: 'int16', versions: '0+' },
        { name: 'OldStyleOffsets', type: '[]int64', versions: '0', optional: true },
        { name: 'Timestamp', type: 'int64', versions: '1+', default: -1 },
        { name: 'Offset', type: 'int64', versions: '1+', default: -1 },
        { name: 'LeaderEpoch', type: 'int32', versions: '4+', default: -1 },
      ] },
    ] },
  ],
};
