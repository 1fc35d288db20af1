/**
 * SyncGroup (API key 14), versions 0-5: the wire schema.
 *
 * @remarks
 * Written from Kafka's `clients/src/main/resources/common/message/SyncGroupRequest.json` and
 * `SyncGroupResponse.json` (apache/kafka at 1eb7644349cb, valid versions 0-5).
 * `typed: false` marks wire fields the typed message in `src/protocol/messages` does not carry;
 * `optional: true` marks typed fields absent in the versions without them.
 */
import type { MessageSchema } from '../schema.js';

/** SyncGroupRequest.json, versions 0-5. */
export const SYNC_GROUP_REQUEST: MessageSchema = {
  name: 'SyncGroupRequest',
  apiKey: 14,
  type: 'request',
  validVersions: '0-5',
  flexibleVersions: '4+',
  fields: [
    { name: 'GroupId', type: 'string', versions: '0+' },
    { name: 'GenerationId', type: 'int32', versions: '0+' },
    { name: 'MemberId', type: 'string', versions: '0+' },
    { name: 'GroupInstanceId', type: 'string', versions: '3+', nullableVersions: '3+', default: null },
    { name: 'ProtocolType', type: 'string', versions: '5+', nullableVersions: '5+', default: null },
    { name: 'ProtocolName', type: 'string', versions: '5+', nullableVersions: '5+', default: null },
    { name: 'Assignments', type: '[]SyncGroupRequestAssignment', versions: '0+', fields: [
      { name: 'MemberId', type: 'string', versions: '0+' },
      { name: 'Assignment', type: 'bytes', versions: '0+' },
    ] },
  ],
};

/** SyncGroupResponse.json, versions 0-5. */
export const SYNC_GROUP_RESPONSE: MessageSchema = {
  name: 'SyncGroupResponse',
  apiKey: 14,
  type: 'response',
  validVersions: '0-5',
  flexibleVersions: '4+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '1+', typed: false },
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
    { name: 'ProtocolType', type: 'string', versions: '5+', nullableVersions: '5+', default: null },
    { name: 'ProtocolName', type: 'string', versions: '5+', nullableVersions: '5+', default: null },
    { name: 'Assignment', type: 'bytes', versions: '0+' },
  ],
};
