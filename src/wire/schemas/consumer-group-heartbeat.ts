/**
 * ConsumerGroupHeartbeat (API key 68), versions 0-1: the wire schema.
 *
 * @remarks
 * Written from Kafka 4.0's `clients/src/main/resources/common/message/ConsumerGroupHeartbeatRequest.json`
 * and `ConsumerGroupHeartbeatResponse.json` (valid versions 0-1, flexible 0+; v1 adds
 * SubscribedTopicRegex (KIP-848) and makes the client generate its member id (KIP-1082)).
 * Layout, every version flexible (header v2 / response header v1):
 *
 * ```
 * request:  GroupId compact string, MemberId compact string, MemberEpoch int32,
 *           InstanceId compact nullable string, RackId compact nullable string,
 *           RebalanceTimeoutMs int32, SubscribedTopicNames compact nullable [string],
 *           SubscribedTopicRegex compact nullable string (v1+), ServerAssignor compact nullable string,
 *           TopicPartitions compact nullable [TopicId uuid, Partitions compact [int32], tags], tags
 * response: ThrottleTimeMs int32, ErrorCode int16, ErrorMessage compact nullable string,
 *           MemberId compact nullable string, MemberEpoch int32, HeartbeatIntervalMs int32,
 *           Assignment nullable struct (int8 -1 null / 1 present)
 *             [TopicPartitions compact [TopicId uuid, Partitions compact [int32], tags], tags], tags
 * ```
 *
 * The nullable request fields are Kafka's "unchanged since the last heartbeat" (null), kept
 * apart from an empty list or string on the wire (compact length 0 versus 1). Topic ids travel
 * as 16 bytes and are typed as Kafka prints them (22 characters of url-safe base64).
 */
import type { MessageSchema } from '../schema.js';

/** ConsumerGroupHeartbeatRequest.json, versions 0-1. */
export const CONSUMER_GROUP_HEARTBEAT_REQUEST: MessageSchema = {
  name: 'ConsumerGroupHeartbeatRequest',
  apiKey: 68,
  type: 'request',
  validVersions: '0-1',
  flexibleVersions: '0+',
  fields: [
    { name: 'GroupId', type: 'string', versions: '0+' },
    { name: 'MemberId', type: 'string', versions: '0+' },
    { name: 'MemberEpoch', type: 'int32', versions: '0+' },
    { name: 'InstanceId', type: 'string', versions: '0+', nullableVersions: '0+', default: null },
    { name: 'RackId', type: 'string', versions: '0+', nullableVersions: '0+', default: null },
    { name: 'RebalanceTimeoutMs', type: 'int32', versions: '0+', default: -1 },
    { name: 'SubscribedTopicNames', type: '[]string', versions: '0+', nullableVersions: '0+', default: null },
    { name: 'SubscribedTopicRegex', type: 'string', versions: '1+', nullableVersions: '1+', default: null },
    { name: 'ServerAssignor', type: 'string', versions: '0+', nullableVersions: '0+', default: null },
    { name: 'TopicPartitions', type: '[]TopicPartitions', versions: '0+', nullableVersions: '0+', default: null, fields: [
      { name: 'TopicId', type: 'uuid', versions: '0+' },
      { name: 'Partitions', type: '[]int32', versions: '0+' },
    ] },
  ],
};

/** ConsumerGroupHeartbeatResponse.json, versions 0-1. */
export const CONSUMER_GROUP_HEARTBEAT_RESPONSE: MessageSchema = {
  name: 'ConsumerGroupHeartbeatResponse',
  apiKey: 68,
  type: 'response',
  validVersions: '0-1',
  flexibleVersions: '0+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+' },
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
    { name: 'ErrorMessage', type: 'string', versions: '0+', nullableVersions: '0+', default: null },
    { name: 'MemberId', type: 'string', versions: '0+', nullableVersions: '0+', default: null },
    { name: 'MemberEpoch', type: 'int32', versions: '0+' },
    { name: 'HeartbeatIntervalMs', type: 'int32', versions: '0+' },
    { name: 'Assignment', type: 'Assignment', versions: '0+', nullableVersions: '0+', default: null, fields: [
      // Kafka's commonStruct TopicPartitions, inlined: the generic codec nests fields in place.
      { name: 'TopicPartitions', type: '[]TopicPartitions', versions: '0+', fields: [
        { name: 'TopicId', type: 'uuid', versions: '0+' },
        { name: 'Partitions', type: '[]int32', versions: '0+' },
      ] },
    ] },
  ],
};
