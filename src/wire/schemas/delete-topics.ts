/**
 * DeleteTopics (API key 20), versions 0-6: the wire schema.
 *
 * @remarks
 * Written from Kafka's `clients/src/main/resources/common/message/DeleteTopicsRequest.json` and
 * `DeleteTopicsResponse.json` (apache/kafka at 1eb7644349cb, valid versions 0-6).
 * `typed: false` marks wire fields the typed message in `src/protocol/messages` does not carry;
 * `optional: true` marks typed fields absent in the versions without them.
 */
import type { MessageSchema } from '../schema.js';

/** DeleteTopicsRequest.json, versions 0-6. */
export const DELETE_TOPICS_REQUEST: MessageSchema = {
  name: 'DeleteTopicsRequest',
  apiKey: 20,
  type: 'request',
  validVersions: '0-6',
  flexibleVersions: '4+',
  fields: [
    { name: 'Topics', type: '[]DeleteTopicState', versions: '6+', fields: [
      { name: 'Name', type: 'string', versions: '6+', nullableVersions: '6+', default: null },
      { name: 'TopicId', type: 'uuid', versions: '6+' },
    ] },
    { name: 'TopicNames', type: '[]string', versions: '0-5' },
    { name: 'TimeoutMs', type: 'int32', versions: '0+' },
  ],
};

/** DeleteTopicsResponse.json, versions 0-6. */
export const DELETE_TOPICS_RESPONSE: MessageSchema = {
  name: 'DeleteTopicsResponse',
  apiKey: 20,
  type: 'response',
  validVersions: '0-6',
  flexibleVersions: '4+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '1+' },
    { name: 'Responses', type: '[]DeletableTopicResult', versions: '0+', fields: [
      { name: 'Name', type: 'string', versions: '0+', nullableVersions: '6+' },
      { name: 'TopicId', type: 'uuid', versions: '6+' },
      { name: 'ErrorCode', type: 'int16', versions: '0+' },
      { name: 'ErrorMessage', type: 'string', versions: '5+', nullableVersions: '5+', default: null },
    ] },
  ],
};
