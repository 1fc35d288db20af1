/**
 * DescribeGroups (API key 15), versions 0-5: the wire schema.
 *
 * @remarks
 * Written from Kafka's `clients/src/main/resources/common/message/DescribeGroupsRequest.json` and
 * `DescribeGroupsResponse.json` (apache/kafka at 1eb7644349cb, valid versions 0-5).
 * `typed: false` marks wire fields the typed message in `src/protocol/messages` does not carry;
 * `optional: true` marks typed fields absent in the versions without them.
 */
import type { MessageSchema } from '../schema.js';

/** DescribeGroupsRequest.json, versions 0-5. */
export const DESCRIBE_GROUPS_REQUEST: MessageSchema = {
  name: 'DescribeGroupsRequest',
  apiKey: 15,
  type: 'request',
  validVersions: '0-5',
  flexibleVersions: '5+',
  fields: [
    { name: 'Groups', type: '[]string', versions: '0+' },
    { name: 'IncludeAuthorizedOperations', type: 'bool', versions: '3+' },
  ],
};

/** DescribeGroupsResponse.json, versions 0-5. */
export const DESCRIBE_GROUPS_RESPONSE: MessageSchema = {
  name: 'DescribeGroupsResponse',
  apiKey: 15,
  type: 'response',
  validVersions: '0-5',
  flexibleVersions: '5+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '1+', typed: false },
    { name: 'Groups', type: '[]DescribedGroup', versions: '0+', fields: [
      { name: 'ErrorCode', type: 'int16', versions: '0+' },
      { name: 'GroupId', type: 'string', versions: '0+' },
      { name: 'GroupState', type: 'string', versions: '0+' },
      { name: 'ProtocolType', type: 'string', versions: '0+' },
      { name: 'ProtocolData', type: 'string', versions: '0+' },
      { name: 'Members', type: '[]DescribedGroupMember', versions: '0+', fields: [
        { name: 'MemberId', type: 'string', versions: '0+' },
        { name: 'GroupInstanceId', type: 'string', versions: '4+', nullableVersions: '4+', default: null },
        { name: 'ClientId', type: 'string', versions: '0+' },
        { name: 'ClientHost', type: 'string', versions: '0+' },
        { name: 'MemberMetadata', type: 'bytes', versions: '0+' },
        { name: 'MemberAssignment', type: 'bytes', versions: '0+' },
      ] },
      { name: 'AuthorizedOperations', type: 'int32', versions: '3+', default: -2147483648 },
    ] },
  ],
};
