/**
 * JoinGroup (API key 11), versions 0-9: the wire schema.
 *
 * @remarks
 * Written from Kafka's `clients/src/main/resources/common/message/JoinGroupRequest.json` and
 * `JoinGroupResponse.json` (apache/kafka at 1eb7644349cb, valid versions 0-9).
 * `typed: false` marks wire fields the typed message in `src/protocol/messages` does not carry;
 * `optional: true` marks typed fields absent in the versions without them.
 */
import type { MessageSchema } from '../schema.js';

/** JoinGroupRequest.json, versions 0-9. */
export const JOIN_GROUP_REQUEST: MessageSchema = {
  name: 'JoinGroupRequest',
  apiKey: 11,
  type: 'request',
  validVersions: '0-9',
  flexibleVersions: '6+',
  fields: [
    { name: 'GroupId', type: 'string', versions: '0+' },
    { name: 'SessionTimeoutMs', type: 'int32', versions: '0+' },
    { name: 'RebalanceTimeoutMs', type: 'int32', versions: '1+', default: -1 },
    { name: 'MemberId', type: 'string', versions: '0+' },
    { name: 'GroupInstanceId', type: 'string', versions: '5+', nullableVersions: '5+', default: null },
    { name: 'ProtocolType', type: 'string', versions: '0+' },
    { name: 'Protocols', type: '[]JoinGroupRequestProtocol', versions: '0+', fields: [
      { name: 'Name', type: 'string', versions: '0+' },
      { name: 'Metadata', type: 'bytes', versions: '0+' },
    ] },
    { name: 'Reason', type: 'string', versions: '8+', nullableVersions: '8+', default: null },
  ],
};

/** JoinGroupResponse.json, versions 0-9. */
export const JOIN_GROUP_RESPONSE: MessageSchema = {
  name: 'JoinGroupResponse',
  apiKey: 11,
  type: 'response',
  validVersions: '0-9',
  flexibleVersions: '6+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '2+', typed: false },
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
    { name: 'GenerationId', type: 'int32', versions: '0+', default: -1 },
    { name: 'ProtocolType', type: 'string', versions: '7+', nullableVersions: '7+', default: null },
    { name: 'ProtocolName', type: 'string', versions: '0+', nullableVersions: '7+' },
    { name: 'Leader', type: 'string', versions: '0+' },
    { name: 'SkipAssignment', type: 'bool', versions: '9+', default: false },
    { name: 'MemberId', type: 'string', versions: '0+' },
    { name: 'Members', type: '[]JoinGroupResponseMember', versions: '0+', fields: [
      { name: 'MemberId', type: 'string', versions: '0+' },
      { name: 'GroupInstanceId', type: 'string', versions: '5+', nullableVersions: '5+', default: null },
      { name: 'Metadata', type: 'bytes', versions: '0+' },
    ] },
  ],
};
