/**
 * DescribeCluster (API key 60), versions 0-1: the wire schema.
 *
 * @remarks
 * Written from Kafka's `clients/src/main/resources/common/message/DescribeClusterRequest.json` and
 * `DescribeClusterResponse.json` (apache/kafka at 1eb7644349cb, valid versions 0-1).
 * `typed: false` marks wire fields the typed message in `src/protocol/messages` does not carry;
 * `optional: true` marks typed fields absent in the versions without them.
 */
import type { MessageSchema } from '../schema.js';

/** DescribeClusterRequest.json, versions 0-1. */
export const DESCRIBE_CLUSTER_REQUEST: MessageSchema = {
  name: 'DescribeClusterRequest',
  apiKey: 60,
  type: 'request',
  validVersions: '0-1',
  flexibleVersions: '0+',
  fields: [
    { name: 'IncludeClusterAuthorizedOperations', type: 'bool', versions: '0+' },
    { name: 'EndpointType', type: 'int8', versions: '1+', default: 1 },
  ],
};

/** DescribeClusterResponse.json, versions 0-1. */
export const DESCRIBE_CLUSTER_RESPONSE: MessageSchema = {
  name: 'DescribeClusterResponse',
  apiKey: 60,
  type: 'response',
  validVersions: '0-1',
  flexibleVersions: '0+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+' },
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
    { name: 'ErrorMessage', type: 'string', versions: '0+', nullableVersions: '0+', default: null },
    { name: 'EndpointType', type: 'int8', versions: '1+', default: 1 },
    { name: 'ClusterId', type: 'string', versions: '0+' },
    { name: 'ControllerId', type: 'int32', versions: '0+', default: -1 },
    { name: 'Brokers', type: '[]DescribeClusterBroker', versions: '0+', fields: [
      { name: 'BrokerId', type: 'int32', versions: '0+' },
      { name: 'Host', type: 'string', versions: '0+' },
      { name: 'Port', type: 'int32', versions: '0+' },
      { name: 'Rack', type: 'string', versions: '0+', nullableVersions: '0+', default: null },
    ] },
    { name: 'ClusterAuthorizedOperations', type: 'int32', versions: '0+', default: -2147483648 },
  ],
};
