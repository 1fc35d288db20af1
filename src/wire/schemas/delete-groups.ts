/**
 * DeleteGroups (API key 42), versions 0-2: the wire schema.
 *
 * @remarks
 * Written from Kafka's `clients/src/main/resources/common/message/DeleteGroupsRequest.json` and
 * `DeleteGroupsResponse.json` (apache/kafka at 1eb7644349cb, valid versions 0-2).
 * `typed: false` marks wire fields the typed message in `src/protocol/messages` does not carry;
 * `optional: true` marks typed fields absent in the versions without them.
 */
import type { MessageSchema } from '../schema.js';

/** DeleteGroupsRequest.json, versions 0-2. */
export const DELETE_GROUPS_REQUEST: MessageSchema = {
  name: 'DeleteGroupsRequest',
  apiKey: 42,
  type: 'request',
  validVersions: '0-2',
  flexibleVersions: '2+',
  fields: [
    { name: 'GroupsNames', type: '[]string', versions: '0+' },
  ],
};

/** DeleteGroupsResponse.json, versions 0-2. */
export const DELETE_GROUPS_RESPONSE: MessageSchema = {
  name: 'DeleteGroupsResponse',
  apiKey: 42,
  type: 'response',
  validVersions: '0-2',
  flexibleVersions: '2+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+', typed: false },
    { name: 'Results', type: '[]DeletableGroupResult', versions: '0+', fields: [
      { name: 'GroupId', type: 'string', versions: '0+' },
      { name: 'ErrorCode', type: 'int16', versions: '0+' },
    ] },
  ],
};
