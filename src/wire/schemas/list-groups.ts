/**
 * ListGroups (API key 16), versions 0-5: the wire schema.
 *
 * @remarks
 * Written from Kafka's `clients/src/main/resources/common/message/ListGroupsRequest.json` and
 * `ListGroupsResponse.json` (apache/kafka at 1eb7644349cb, valid versions 0-5).
 * `typed: false` marks wire fields the typed message in `src/protocol/messages` does not carry;
 * `optional: true` marks typed fields absent in the versions without them.
 */
import type { MessageSchema } from '../schema.js';

/** ListGroupsRequest.json, versions 0-5. */
export const LIST_GROUPS_REQUEST: MessageSchema = {
  name: 'ListGroupsRequest',
  apiKey: 16,
  type: 'request',
  validVersions: '0-5',
  flexibleVersions: '3+',
  fields: [
    { name: 'StatesFilter', type: '[]string', versions: '4+' },
    { name: 'TypesFilter', type: '[]string', versions: '5+' },
  ],
};

/** ListGroupsResponse.json, versions 0-5. */
export const LIST_GROUPS_RESPONSE: MessageSchema = {
  name: 'ListGroupsResponse',
  apiKey: 16,
  type: 'response',
  validVersions: '0-5',
  flexibleVersions: '3+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '1+', typed: false },
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
    { name: 'Groups', type: '[]ListedGroup', versions: '0+', fields: [
      { name: 'GroupId', type: 'string', versions: '0+' },
      { name: 'ProtocolType', type: 'string', versions: '0+' },
      { name: 'GroupState', type: 'string', versions: '4+' },
      { name: 'GroupType', type: 'string', versions: '5+' },
    ] },
  ],
};
