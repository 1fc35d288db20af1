/**
 * Metadata (API key 3), versions 0-12: the wire schema.
 *
 * @remarks
 * Written from Kafka's `clients/src/main/resources/common/message/MetadataRequest.json` and
 * `MetadataResponse.json` (apache/kafka at 1eb7644349cb, valid versions 0-12).
 * `typed: false` marks wire fields the typed message in `src/protocol/messages` does not carry;
 * `optional: true` marks typed fields absent in the versions without them.
 */
import type { MessageSchema } from '../schema.js';

/** MetadataRequest.json, versions 0-12. */
export const METADATA_REQUEST: MessageSchema = {
  name: 'MetadataRequest',
  apiKey: 3,
  type: 'request',
  validVersions: '0-12',
  flexibleVersions: '9+',
  fields: [
    { name: 'Topics', type: '[]MetadataRequestTopic', versions: '0+', nullableVersions: '1+', fields: [
      { name: 'TopicId', type: 'uuid', versions: '10+', optional: true },
      { name: 'Name', type: 'string', versions: '0+', nullableVersions: '10+' },
    ] },
    { name: 'AllowAutoTopicCreation', type: 'bool', versions: '4+', default: true },
    { name: 'IncludeClusterAuthorizedOperations', type: 'bool', versions: '8-10' },
    { name: 'IncludeTopicAuthorizedOperations', type: 'bool', versions: '8+' },
  ],
};

/** MetadataResponse.json, versions 0-12. */
export const METADATA_RESPONSE: MessageSchema = {
  name: 'MetadataResponse',
  apiKey: 3,
  type: 'response',
  validVersions: '0-12',
  flexibleVersions: '9+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '3+' },
    { name: 'Brokers', type: '[]MetadataResponseBroker', versions: '0+', fields: [
      { name: 'NodeId', type: 'int32', versions: '0+' },
      { name: 'Host', type: 'string', versions: '0+' },
      { name: 'Port', type: 'int32', versions: '0+' },
      { name: 'Rack', type: 'string', versions: '1+', nullableVersions: '1+', default: null },
    ] },
    { name: 'ClusterId', type: 'string', versions: '2+', nullableVersions: '2+', default: null },
    { name: 'ControllerId', type: 'int32', versions: '1+', default: -1 },
    { name: 'Topics', type: '[]MetadataResponseTopic', versions: '0+', fields: [
      { name: 'ErrorCode', type: 'int16', versions: '0+' },
      { name: 'Name', type: 'string', versions: '0+', nullableVersions: '12+' },
      { name: 'TopicId', type: 'uuid', versions: '10+', optional: true },
      { name: 'IsInternal', type: 'bool', versions: '1+', default: false },
      { name: 'Partitions', type: '[]MetadataResponsePartition', versions: '0+', fields: [
        { name: 'ErrorCode', type: 'int16', versions: '0+' },
        { name: 'PartitionIndex', type: 'int32', versions: '0+' },
        { name: 'LeaderId', type: 'int32', versions: '0+' },
        { name: 'LeaderEpoch', type: 'int32', versions: '7+', default: -1 },
        { name: 'ReplicaNodes', type: '[]int32', versions: '0+' },
        { name: 'IsrNodes', type: '[]int32', versions: '0+' },
        { name: 'OfflineReplicas', type: '[]int32', versions: '5+' },
      ] },
      { name: 'TopicAuthorizedOperations', type: 'int32', versions: '8+', default: -2147483648 },
    ] },
    { name: 'ClusterAuthorizedOperations', type: 'int32', versions: '8-10', default: -2147483648 },
  ],
};
