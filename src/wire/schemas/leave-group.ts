/**
 * LeaveGroup (API key 13), versions 0-5: the wire schema.
 *
 * @remarks
 * Written from Kafka's `clients/src/main/resources/common/message/LeaveGroupRequest.json` and
 * `LeaveGroupResponse.json` (apache/kafka at 1eb7644349cb, valid versions 0-5).
 * `typed: false` marks wire fields the typed message in `src/protocol/messages` does not carry;
 * `optional: true` marks typed fields absent in the versions without them.
 */
import type { MessageSchema } from '../schema.js';

/** LeaveGroupRequest.json, versions 0-5. */
export const LEAVE_GROUP_REQUEST: MessageSchema = {
  name: 'LeaveGroupRequest',
  apiKey: 13,
  type: 'request',
  validVersions: '0-5',
  flexibleVersions: '4+',
  fields: [
    { name: 'GroupId', type: 'string', versions: '0+' },
    { name: 'MemberId', type: 'string', versions: '0-2', optional: true },
    { name: 'Members', type: '[]MemberIdentity', versions: '3+', optional: true, fields: [
      { name: 'MemberId', type: 'string', versions: '3+' },
      { name: 'GroupInstanceId', type: 'string', versions: '3+', nullableVersions: '3+', default: null },
      { name: 'Reason', type: 'string', versions: '5+', nullableVersions: '5+', default: null },
    ] },
  ],
};

/** LeaveGroupResponse.json, versions 0-5. */
export const LEAVE_GROUP_RESPONSE: MessageSchema = {
  name: 'LeaveGroupResponse',
  apiKey: 13,
  type: 'response',
  validVersions: '0-5',
  flexibleVersions: '4+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '1+', typed: false },
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
    { name: 'Members', type: '[]MemberResponse', versions: '3+', fields: [
      { name: 'MemberId', type: 'string', versions: '3+' },
      { name: 'GroupInstanceId', type: 'string', versions: '3+', nullableVersions: '3+' },
      { name: 'ErrorCode', type: 'int16', versions: '3+' },
    ] },
  ],
};
