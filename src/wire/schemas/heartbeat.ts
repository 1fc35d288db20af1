/**
 * Heartbeat (API key 12), versions 0-4: the wire schema.
 *
 * @remarks
 * Written from Kafka's `clients/src/main/resources/common/message/HeartbeatRequest.json` and
 * `HeartbeatResponse.json` (apache/kafka at 1eb7644349cb, valid versions 0-4).
 * `typed: false` marks wire fields the typed message in `src/protocol/messages` does not carry;
 * `optional: true` marks typed fields absent in the versions without them.
 */
import type { MessageSchema } from '../schema.js';

/** HeartbeatRequest.json, versions 0-4. */
export const HEARTBEAT_REQUEST: MessageSchema = {
  name: 'HeartbeatRequest',
  apiKey: 12,
  type: 'request',
  validVersions: '0-4',
  flexibleVersions: '4+',
  fields: [
    { name: 'GroupId', type: 'string', versions: '0+' },
    { name: 'GenerationId', type: 'int32', versions: '0+' },
    { name: 'MemberId', type: 'string', versions: '0+' },
    { name: 'GroupInstanceId', type: 'string', versions: '3+', nullableVersions: '3+', default: null },
  ],
};

/** HeartbeatResponse.json, versions 0-4. */
export const HEARTBEAT_RESPONSE: MessageSchema = {
  name: 'HeartbeatResponse',
  apiKey: 12,
  type: 'response',
  validVersions: '0-4',
  flexibleVersions: '4+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '1+', typed: false },
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
  ],
};
