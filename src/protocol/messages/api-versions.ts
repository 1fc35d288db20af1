/**
 * ApiVersions (API key 18), versions 0-4: request and response as plain data.
 *
 * @remarks
 * Follows Kafka's `clients/src/main/resources/common/message/ApiVersionsRequest.json` and
 * `ApiVersionsResponse.json` (field names are the camelCase of the JSON names). The tagged
 * feature fields of v3+ (`supportedFeatures`, `finalizedFeaturesEpoch`, `finalizedFeatures`,
 * `zkMigrationReady`) are not modelled: a broker without features leaves them out. The table
 * of what this project supports is `API_VERSION_RANGES` in `./index.ts`; a wire broker answers
 * from it.
 * @see spec/versions.md
 */

/** ApiVersions' API key and the versions this project supports. */
export const API_VERSIONS_VERSIONS = { apiKey: 18, min: 0, max: 4 } as const;

/** ApiVersions request. */
export interface ApiVersionsRequest {
  readonly api: 'ApiVersions';
  readonly version: number;
  /** v3+ (KIP-511): the client library's name, e.g. `apache-kafka-java`; `""` before v3. */
  readonly clientSoftwareName: string;
  /** v3+ (KIP-511): the client library's version; `""` before v3. */
  readonly clientSoftwareVersion: string;
}

/** One supported API of an ApiVersions response. */
export interface ApiVersion {
  readonly apiKey: number;
  readonly minVersion: number;
  readonly maxVersion: number;
}

/** ApiVersions response. */
export interface ApiVersionsResponse {
  readonly api: 'ApiVersions';
  /** UNSUPPORTED_VERSION when the request's version is too new (the answer is then v0, KIP-511). */
  readonly errorCode: number;
  /** Every API the broker supports, by API key. */
  readonly apiKeys: readonly ApiVersion[];
  /** v1+. */
  readonly throttleTimeMs: number;
}
