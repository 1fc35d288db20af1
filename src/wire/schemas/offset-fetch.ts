/**
 * OffsetFetch (API key 9), versions 0-9: the wire schema.
 *
 * @remarks
 * Written from Kafka's `clients/src/main/resources/common/message/OffsetFetchRequest.json` and
 * `OffsetFetchResponse.json` (apache/kafka at 1eb7644349cb, valid versions 0-9).
 * `typed: false` marks wire fields the typed message in `src/protocol/messages` does not carry;
 * `optional: true` marks typed fields absent in the versions without them.
 */
import type { MessageSchema } from '../schema.js';

/** OffsetFetchRequest.json, versions 0-9. */
export const OFFSET_FETCH_REQUEST: MessageSchema = {
  name: 'OffsetFetchRequest',
  apiKey: 9,
  type: 'request',
  validVersions: '0-9',
  flexibleVersions: '6+',
  fields: [
    { name: 'GroupId', type: 'string', versions: '0-7', optional: true },
    { name: 'Topics', type: '[]OffsetFetchRequestTopic', versions: '0-7', nullableVersions: '2-7', optional: true, fields: [
      { name: 'Name', type: 'string', versions: '0-7' },
      { name: 'PartitionIndexes', type: '[]int32', versions: '0-7' },
    ] },
    { name: 'Groups', type: '[]OffsetFetchRequestGroup', versions: '8+', optional: true, fields: [
      { name: 'GroupId', type: 'string', versions: '8+' },
      { name: 'MemberId', type: 'string', versions: '9+', nullableVersions: '9+', default: null },
      { name: 'MemberEpoch', type: 'int32', versions: '9+', default: -1 },
      { name: 'Topics', type: '[]OffsetFetchRequestTopics', versions: '8+', nullableVersions: '8+', fields: [
        { name: 'Name', type: 'string', versions: '8+' },
        { name: 'PartitionIndexes', type: '[]int32', versions: '8+' },
      ] },
    ] },
    { name: 'RequireStable', type: 'bool', versions: '7+', default: false },
  ],
};

/** OffsetFetchResponse.json, versions 0-9. */
export const OFFSET_FETCH_RESPONSE: MessageSchema = {
  name: 'OffsetFetchResponse',
  apiKey: 9,
  type: 'response',
  validVersions: '0-9',
  flexibleVersions: '6+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '3+', typed: false },
    { name: 'Topics', type: '[]OffsetFetchResponseTopic', versions: '0-7', fields: [
      { name: 'Name', type: 'string', versions: '0-7' },
      { name: 'Partitions', type: '[]OffsetFetchResponsePartition', versions: '0-7', fields: [
        { name: 'PartitionIndex', type: 'int32', versions: '0-7' },
        { name: 'CommittedOffset', type: 'int64', versions: '0-7' },
        { name: 'CommittedLeaderEpoch', type: 'int32', versions: '5-7', default: -1 },
        { name: 'Metadata', type: 'string', versions: '0-7', nullableVersions: '0-7' },
        { name: 'ErrorCode', type: 'int16', versions: '0-7' },
      ] },
    ] },
    { name: 'ErrorCode', type: 'int16', versions: '2-7', default: 0 },
    { name: 'Groups', type: '[]OffsetFetchResponseGroup', versions: '8+', fields: [
      { name: 'GroupId', type: 'string', versions: '8+' },
      { name: 'Topics', type: '[]OffsetFetchResponseTopics', versions: '8+', fields: [
        { name: 'Name', type: 'string', versions: '8+' },
        { name: 'Partitions', type: '[]OffsetFetchResponsePartitions', versions: '8+', fields: [
          { name: 'PartitionIndex', type: 'int32', versions: '8+' },
          { name: 'CommittedOffset', type: 'int64', versions: '8+' },
          { name: 'CommittedLeaderEpoch', type: 'int32', versions: '8+', default: -1 },
          { name: 'Metadata', type: 'string', versions: '8+', nullableVersions: '8+' },
          { name: 'ErrorCode', type: 'int16', versions: '8+' },
        ] },
      ] },
      { name: 'ErrorCode', type: 'int16', versions: '8+', default: 0 },
    ] },
  ],
};
