/**
 * DescribeConfigs (API key 32), versions 0-4: request and response as plain data.
 *
 * @remarks
 * Follows Kafka's `clients/src/main/resources/common/message/DescribeConfigsRequest.json` and
 * `DescribeConfigsResponse.json`. Resource types: 2 topic, 4 broker (`ConfigResource.Type`).
 */
import type { RequestHeaderFields } from './header.js';

/** DescribeConfigs' API key and the versions the wire codec supports. */
export const DESCRIBE_CONFIGS_VERSIONS = { apiKey: 32, min: 0, max: 4 } as const;

/** One resource whose configs are asked for. */
export interface DescribeConfigsResource {
  readonly resourceType: number;
  readonly resourceName: string;
  /** Null for every config. */
  readonly configurationKeys: readonly string[] | null;
}

/** DescribeConfigs request. */
export interface DescribeConfigsRequest extends RequestHeaderFields {
  readonly api: 'DescribeConfigs';
  readonly resources: readonly DescribeConfigsResource[];
  /** v1+. */
  readonly includeSynonyms: boolean;
  /** v3+. */
  readonly includeDocumentation: boolean;
}

/** A synonym of a config (v1+). */
export interface DescribeConfigsSynonym {
  readonly name: string;
  readonly value: string | null;
  readonly source: number;
}

/** One config of a resource. */
export interface DescribeConfigsResourceResult {
  readonly name: string;
  readonly value: string | null;
  readonly readOnly: boolean;
  /** v0 only. */
  readonly isDefault: boolean;
  /** v1+; -1 unknown. */
  readonly configSource: number;
  readonly isSensitive: boolean;
  readonly synonyms: readonly DescribeConfigsSynonym[];
  /** v3+. */
  readonly configType: number;
  /** v3+. */
  readonly documentation: string | null;
}

/** The configs of one resource. */
export interface DescribeConfigsResult {
  readonly errorCode: number;
  readonly errorMessage: string | null;
  readonly resourceType: number;
  readonly resourceName: string;
  readonly configs: readonly DescribeConfigsResourceResult[];
}

/** DescribeConfigs response. */
export interface DescribeConfigsResponse {
  readonly api: 'DescribeConfigs';
  readonly throttleTimeMs: number;
  readonly results: readonly DescribeConfigsResult[];
}
