/**
 * DescribeCluster (API key 60), versions 0-1: request and response as plain data.
 *
 * @remarks
 * Follows Kafka's `clients/src/main/resources/common/message/DescribeClusterRequest.json` and
 * `DescribeClusterResponse.json` (KIP-700). Every version is flexible.
 */
import type { RequestHeaderFields } from './header.js';

/** DescribeCluster's API key and the versions the wire codec supports. */
export const DESCRIBE_CLUSTER_VERSIONS = { apiKey: 60, min: 0, max: 1 } as const;

/** DescribeCluster request. */
export interface DescribeClusterRequest extends RequestHeaderFields {
  readonly api: 'DescribeCluster';
  readonly includeClusterAuthorizedOperations: boolean;
  /** v1+: 1 brokers, 2 controllers. */
  readonly endpointType: number;
}

/** One broker of a DescribeCluster answer. */
export interface DescribeClusterBroker {
  readonly brokerId: number;
  readonly host: string;
  readonly port: number;
  readonly rack: string | null;
}

/** DescribeCluster response. */
export interface DescribeClusterResponse {
  readonly api: 'DescribeCluster';
  readonly throttleTimeMs: number;
  readonly errorCode: number;
  readonly errorMessage: string | null;
  /** v1+. */
  readonly endpointType: number;
  readonly clusterId: string;
  readonly controllerId: number;
  readonly brokers: readonly DescribeClusterBroker[];
  /** -2147483648 when not requested. */
  readonly clusterAuthorizedOperations: number;
}
