/**
 * FindCoordinator (API key 10), versions 0-6: the wire schema.
 *
 * @remarks
 * Written from Kafka's `clients/src/main/resources/common/message/FindCoordinatorRequest.json` and
 * `FindCoordinatorResponse.json` (apache/kafka at 1eb7644349cb, valid versions 0-6).
 * `typed: false` marks wire fields the typed message in `src/protocol/messages` does not carry;
 * `optional: true` marks typed fields absent in the versions without them.
 */
import type { MessageSchema } from '../schema.js';

/** FindCoordinatorRequest.json, versions 0-6. */
export const FIND_COORDINATOR_REQUEST: MessageSchema = {
  name: 'FindCoordinatorRequest',
  apiKey: 10,
  type: 'request',
  validVersions: '0-6',
  flexibleVersions: '3+',
  fields: [
    { name: 'Key', type: 'string', versions: '0-3' },
    { name: 'KeyType', type: 'int8', versions: '1+', default: 0 },
    { name: 'CoordinatorKeys', type: '[]string', versions: '4+' },
  ],
};

/** FindCoordinatorResponse.json, versions 0-6. */
export const FIND_COORDINATOR_RESPONSE: MessageSchema = {
  name: 'FindCoordinatorResponse',
  apiKey: 10,
  type: 'response',
  validVersions: '0-6',
  flexibleVersions: '3+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '1+' },
    { name: 'ErrorCode', type: 'int16', versions: '0-3' },
    { name: 'ErrorMessage', type: 'string', versions: '1-3', nullableVersions: '1-3' },
    { name: 'NodeId', type: 'int32', versions: '0-3' },
    { name: 'Host', type: 'string', versions: '0-3' },
    { name: 'Port', type: 'int32', versions: '0-3' },
    { name: 'Coordinators', type: '[]Coordinator', versions: '4+', fields: [
      { name: 'Key', type: 'string', versions: '4+' },
      { name: 'NodeId', type: 'int32', versions: '4+' },
      { name: 'Host', type: 'string', versions: '4+' },
      { name: 'Port', type: 'int32', versions: '4+' },
      { name: 'ErrorCode', type: 'int16', versions: '4+' },
      { name: 'ErrorMessage', type: 'string', versions: '4+', nullableVersions: '4+' },
    ] },
  ],
};
