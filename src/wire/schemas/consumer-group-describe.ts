/**
 * ConsumerGroupDescribe (API key 69), versions 0-1: the wire schema.
 *
 * @remarks
 * Written from Kafka 4.0's `clients/src/main/resources/common/message/ConsumerGroupDescribeRequest.json`
 * and `ConsumerGroupDescribeResponse.json` (valid versions 0-1, flexible 0+; v1 adds the member's
 * MemberType, KIP-1099; the request is the same in both). Layout, every version flexible:
 *
 * ```
 * request:  GroupIds compact [string], IncludeAuthorizedOperations bool, tags
 * response: ThrottleTimeMs int32,
 *           Groups compact [ErrorCode int16, ErrorMessage compact nullable string,
 *             GroupId compact string, GroupState compact string, GroupEpoch int32,
 *             AssignmentEpoch int32, AssignorName compact string,
 *             Members compact [MemberId, InstanceId (nullable), RackId (nullable), MemberEpoch int32,
 *               ClientId, ClientHost, SubscribedTopicNames compact [string],
 *               SubscribedTopicRegex (nullable), Assignment, TargetAssignment,
 *               MemberType int8 (v1+), tags],
 *             AuthorizedOperations int32, tags], tags
 * Assignment: TopicPartitions compact [TopicId uuid, TopicName compact string,
 *             Partitions compact [int32], tags], tags
 * ```
 *
 * MemberType is -1 (unknown) in v0, where it is not on the wire.
 */
import type { FieldSchema, MessageSchema } from '../schema.js';

/** Kafka's commonStruct Assignment (with TopicPartitions), inlined where a field uses it. */
function assignment(name: string): FieldSchema {
  return { name, type: 'Assignment', versions: '0+', fields: [
    { name: 'TopicPartitions', type: '[]TopicPartitions', versions: '0+', fields: [
      { name: 'TopicId', type: 'uuid', versions: '0+' },
      { name: 'TopicName', type: 'string', versions: '0+' },
      { name: 'Partitions', type: '[]int32', versions: '0+' },
    ] },
  ] };
}

/** ConsumerGroupDescribeRequest.json, versions 0-1. */
export const CONSUMER_GROUP_DESCRIBE_REQUEST: MessageSchema = {
  name: 'ConsumerGroupDescribeRequest',
  apiKey: 69,
  type: 'request',
  validVersions: '0-1',
  flexibleVersions: '0+',
  fields: [
    { name: 'GroupIds', type: '[]string', versions: '0+' },
    { name: 'IncludeAuthorizedOperations', type: 'bool', versions: '0+' },
  ],
};

/** ConsumerGroupDescribeResponse.json, versions 0-1. */
export const CONSUMER_GROUP_DESCRIBE_RESPONSE: MessageSchema = {
  name: 'ConsumerGroupDescribeResponse',
  apiKey: 69,
  type: 'response',
  validVersions: '0-1',
  flexibleVersions: '0+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+' },
    { name: 'Groups', type: '[]DescribedGroup', versions: '0+', fields: [
      { name: 'ErrorCode', type: 'int16', versions: '0+' },
      { name: 'ErrorMessage', type: 'string', versions: '0+', nullableVersions: '0+', default: null },
      { name: 'GroupId', type: 'string', versions: '0+' },
      { name: 'GroupState', type: 'string', versions: '0+' },
      { name: 'GroupEpoch', type: 'int32', versions: '0+' },
      { name: 'AssignmentEpoch', type: 'int32', versions: '0+' },
      { name: 'AssignorName', type: 'string', versions: '0+' },
      { name: 'Members', type: '[]Member', versions: '0+', fields: [
        { name: 'MemberId', type: 'string', versions: '0+' },
        { name: 'InstanceId', type: 'string', versions: '0+', nullableVersions: '0+', default: null },
        { name: 'RackId', type: 'string', versions: '0+', nullableVersions: '0+', default: null },
        { name: 'MemberEpoch', type: 'int32', versions: '0+' },
        { name: 'ClientId', type: 'string', versions: '0+' },
        { name: 'ClientHost', type: 'string', versions: '0+' },
        { name: 'SubscribedTopicNames', type: '[]string', versions: '0+' },
        { name: 'SubscribedTopicRegex', type: 'string', versions: '0+', nullableVersions: '0+', default: null },
        assignment('Assignment'),
        assignment('TargetAssignment'),
        { name: 'MemberType', type: 'int8', versions: '1+', default: -1 },
      ] },
      { name: 'AuthorizedOperations', type: 'int32', versions: '0+', default: -2_147_483_648 },
    ] },
  ],
};
