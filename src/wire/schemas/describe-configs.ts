/**
 * DescribeConfigs (API key 32), versions 0-4: the wire schema.
 *
 * @remarks
 * Written from Kafka's `clients/src/main/resources/common/message/DescribeConfigsRequest.json` and
 * `DescribeConfigsResponse.json` (apache/kafka at 1eb7644349cb, valid versions 0-4).
 * `typed: false` marks wire fields the typed message in `src/protocol/messages` does not carry;
 * `optional: true` marks typed fields absent in the versions without them.
 */
import type { MessageSchema } from '../schema.js';

/** DescribeConfigsRequest.json, versions 0-4. */
export const DESCRIBE_CONFIGS_REQUEST: MessageSchema = {
  name: 'DescribeConfigsRequest',
  apiKey: 32,
  type: 'request',
  validVersions: '0-4',
  flexibleVersions: '4+',
  fields: [
    { name: 'Resources', type: '[]DescribeConfigsResource', versions: '0+', fields: [
      { name: 'ResourceType', type: 'int8', versions: '0+' },
      { name: 'ResourceName', type: 'string', versions: '0+' },
      { name: 'ConfigurationKeys', type: '[]string', versions: '0+', nullableVersions: '0+' },
    ] },
    { name: 'IncludeSynonyms', type: 'bool', versions: '1+', default: false },
    { name: 'IncludeDocumentation', type: 'bool', versions: '3+', default: false },
  ],
};

/** DescribeConfigsResponse.json, versions 0-4. */
export const DESCRIBE_CONFIGS_RESPONSE: MessageSchema = {
  name: 'DescribeConfigsResponse',
  apiKey: 32,
  type: 'response',
  validVersions: '0-4',
  flexibleVersions: '4+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+' },
    { name: 'Results', type: '[]DescribeConfigsResult', versions: '0+', fields: [
      { name: 'ErrorCode', type: 'int16', versions: '0+' },
      { name: 'ErrorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
      { name: 'ResourceType', type: 'int8', versions: '0+' },
      { name: 'ResourceName', type: 'string', versions: '0+' },
      { name: 'Configs', type: '[]DescribeConfigsResourceResult', versions: '0+', fields: [
        { name: 'Name', type: 'string', versions: '0+' },
        { name: 'Value', type: 'string', versions: '0+', nullableVersions: '0+' },
        { name: 'ReadOnly', type: 'bool', versions: '0+' },
        { name: 'IsDefault', type: 'bool', versions: '0' },
        { name: 'ConfigSource', type: 'int8', versions: '1+', default: -1 },
        { name: 'IsSensitive', type: 'bool', versions: '0+' },
        { name: 'Synonyms', type: '[]DescribeConfigsSynonym', versions: '1+', fields: [
          { name: 'Name', type: 'string', versions: '1+' },
          { name: 'Value', type: 'string', versions: '1+', nullableVersions: '0+' },
          { name: 'Source', type: 'int8', versions: '1+' },
        ] },
        { name: 'ConfigType', type: 'int8', versions: '3+', default: 0 },
        { name: 'Documentation', type: 'string', versions: '3+', nullableVersions: '0+' },
      ] },
    ] },
  ],
};
