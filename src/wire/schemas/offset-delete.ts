/**
 * OffsetDelete (API key 47), versions 0: the wire schema.
 *
 * @remarks
 * Written from Kafka's `clients/src/main/resources/common/message/OffsetDeleteRequest.json` and
 * `OffsetDeleteResponse.json` (apache/kafka at 1eb7644349cb, valid versions 0).
 * `typed: false` marks wire fields the typed message in `src/protocol/messages` does not carry;
 * `optional: true` marks typed fields absent in the versions without them.
 */
import type { MessageSchema } from '../schema.js';

/** OffsetDeleteRequest.json, versions 0. */
export const OFFSET_DELETE_REQUEST: MessageSchema = {
  name: 'OffsetDeleteRequest',
  apiKey: 47,
  type: 'request',
  validVersions: '0',
  flexibleVersions: 'none',
  fields: [
    { name: 'GroupId', type: 'string', versions: '0+' },
    { name: 'Topics', type: '[]OffsetDeleteRequestTopic', versions: '0+', fields: [
      { name: 'Name', type: 'string', versions: '0+' },
      { name: 'Partitions', type: '[]OffsetDeleteRequestPartition', versions: '0+', fields: [
        { name: 'PartitionIndex', type: 'int32', versions: '0+' },
      ] },
    ] },
  ],
};

/** OffsetDeleteResponse.json, versions 0. */
export const OFFSET_DELETE_RESPONSE: MessageSchema = {
  name: 'OffsetDeleteResponse',
  apiKey: 47,
  type: 'response',
  validVersions: '0',
  flexibleVersions: 'none',
  fields: [
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+', typed: false },
    { name: 'Topics', type: '[]OffsetDeleteResponseTopic', versions: '0+', fields: [
      { name: 'Name', type: 'string', versions: '0+' },
      { name: 'Partitions', type: '[]OffsetDeleteResponsePartition', versions: '0+', fields: [
        { name: 'PartitionIndex', type: 'int32', versions: '0+' },
        { name: 'ErrorCode', type: 'int16', versions: '0+' },
      ] },
    ] },
  ],
};
