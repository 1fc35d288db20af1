/**
 * API version negotiation, as Kafka's Java client does it: what to do with a broker's
 * ApiVersions answer, and which version of a request both sides speak.
 *
 * @remarks
 * Pure functions, no I/O: the TCP transport (`src/wire/client`) runs them on every new
 * connection. The rules:
 *
 * - {@link apiVersionsOutcome} (SRV-22): an answer without error gives the broker's table; an
 *   UNSUPPORTED_VERSION answer to a version above 0 asks again, at the newest ApiVersions version
 *   the answer lists, or at 0 when it lists none (KIP-511, Kafka's
 *   `NetworkClient.handleApiVersionsResponse`); any other error, or UNSUPPORTED_VERSION to v0,
 *   gives up on the connection.
 * - {@link chooseVersion} (SRV-23): the newest version in both the client's range and the
 *   broker's (Kafka's `NodeApiVersions.latestUsableVersion`); none in common, or an API the broker
 *   does not list, is an {@link UnsupportedVersionError} naming the API and both ranges.
 * @see spec/server.md SRV-22, SRV-23
 * @packageDocumentation
 */
import { ErrorCodes } from '../errors.js';
import type { ApiVersionsResponse } from './api-versions.js';

/** ApiVersions' own API key. */
const API_VERSIONS_KEY = 18;

/** An inclusive version range. */
export interface VersionRange {
  readonly min: number;
  readonly max: number;
}

/** What a broker said it supports: API key -> its version range (Kafka's `NodeApiVersions`). */
export type BrokerVersions = ReadonlyMap<number, VersionRange>;

/**
 * A request that cannot go to a broker at any version both sides speak, or cannot be expressed
 * in the version chosen (Kafka's `UnsupportedVersionException`). The message names the API and
 * the ranges.
 */
export class UnsupportedVersionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedVersionError';
  }
}

/** What a client does with an ApiVersions answer to its request at `sentVersion`. */
export type ApiVersionsOutcome =
  /** The broker's table: requests may go now. */
  | { readonly type: 'ready'; readonly versions: BrokerVersions }
  /** Ask again at `version` (the broker refused the version sent). */
  | { readonly type: 'retry'; readonly version: number }
  /** The broker refused ApiVersions outright: close the connection. */
  | { readonly type: 'fail'; readonly message: string };

/**
 * SRV-22: the outcome of an ApiVersions answer. The table is read as the broker sent it; an API
 * listed twice keeps its last entry (Kafka's `NodeApiVersions` fills a map the same way).
 */
export function apiVersionsOutcome(response: ApiVersionsResponse, sentVersion: number): ApiVersionsOutcome {
  if (response.errorCode === 0) {
    return { type: 'ready', versions: new Map(response.apiKeys.map((k) => [k.apiKey, { min: k.minVersion, max: k.maxVersion }])) };
  }
  if (response.errorCode !== ErrorCodes.UNSUPPORTED_VERSION || sentVersion === 0) {
    return { type: 'fail', message: `ApiVersions v${sentVersion} was answered with error ${response.errorCode}` };
  }
  // Brokers since Kafka 2.4 list their ApiVersions range with the error (KIP-511); older ones list
  // nothing, and v0 is the one version every broker reads.
  const own = response.apiKeys.find((k) => k.apiKey === API_VERSIONS_KEY);
  const version = own === undefined ? 0 : Math.min(own.maxVersion, sentVersion - 1);
  return { type: 'retry', version: Math.max(0, version) };
}

/**
 * SRV-23: the newest version of API `apiKey` (called `api` in messages) that both the client
 * (`client`) and the broker (`broker`) support.
 *
 * @throws {@link UnsupportedVersionError} when the broker does not list the API, or the ranges do
 * not meet; the message names the API and both ranges.
 */
export function chooseVersion(api: string, apiKey: number, client: VersionRange, broker: BrokerVersions): number {
  const theirs = broker.get(apiKey);
  if (theirs === undefined) {
    throw new UnsupportedVersionError(`The broker does not support ${api} (API key ${apiKey}); the client speaks versions ${client.min} to ${client.max}`);
  }
  const min = Math.max(client.min, theirs.min);
  const max = Math.min(client.max, theirs.max);
  if (min > max) {
    throw new UnsupportedVersionError(`The broker supports ${api} versions ${theirs.min} to ${theirs.max}; the client speaks versions ${client.min} to ${client.max}: none in common`);
  }
  return max;
}
