/**
 * ApiVersions (API key 18), versions 0-4: the wire schema.
 *
 * @remarks
 * Written from Kafka's `clients/src/main/resources/common/message/ApiVersionsRequest.json` and
 * `ApiVersionsResponse.json` (apache/kafka at 1eb7644349cb, valid versions 0-4).
 * `typed: false` marks wire fields the typed message in `src/protocol/messages` does not carry;
 * `optional: true` marks typed fields absent in the versions without them.
 */
import type { MessageSchema } from '../schema.js';

/** ApiVersionsRequest.json, versions 0-4. */
export const API_VERSIONS_REQUEST: MessageSchema = {
  name: 'ApiVersionsRequest',
  apiKey: 18,
  type: 'request',
  validVersions: '0-4',
  flexibleVersions: '3+',
  fields: [
    { name: 'ClientSoftwareName', type: 'string', versions: '3+' },
    { name: 'ClientSoftwareVersion', type: 'string', versions: '3+' },
  ],
};

/** ApiVersionsResponse.json, versions 0-4. */
export const API_VERSIONS_RESPONSE: MessageSchema = {
  name: 'ApiVersionsResponse',
  apiKey: 18,
  type: 'response',
  validVersions: '0-4',
  flexibleVersions: '3+',
  fields: [
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
    { name: 'ApiKeys', type: '[]ApiVersion', versions: '0+', fields: [
      { name: 'ApiKey', type: 'int16', versions: '0+' },
      { name: 'MinVersion', type: 'int16', versions: '0+' },
      { name: 'MaxVersion', type: 'int16', versions: '0+' },
    ] },
    { name: 'ThrottleTimeMs', type: 'int32', versions: '1+' },
    { name: 'SupportedFeatures', type: '[]SupportedFeatureKey', versions: '3+', taggedVersions: '3+', tag: 0, typed: false, fields: [
      { name: 'Name', type: 'string', versions: '3+' },
      { name: 'MinVersion', type: 'int16', versions: '3+' },
      { name: 'MaxVersion', type: 'int16', versions: '3+' },
    ] },
    { name: 'FinalizedFeaturesEpoch', type: 'int64', versions: '3+', taggedVersions: '3+', tag: 1, default: -1, typed: false },
    { name: 'FinalizedFeatures', type: '[]FinalizedFeatureKey', versions: '3+', taggedVersions: '3+', tag: 2, typed: false, fields: [
      { name: 'Name', type: 'string', versions: '3+' },
      { name: 'MaxVersionLevel', type: 'int16', versions: '3+' },
      { name: 'MinVersionLevel', type: 'int16', versions: '3+' },
    ] },
    { name: 'ZkMigrationReady', type: 'bool', versions: '3+', taggedVersions: '3+', tag: 3, default: false, typed: false },
  ],
};
