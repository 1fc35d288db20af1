/**
 * What a `WireTarget` learns of a cluster once per run: the API versions its bootstrap
 * broker offers (ApiVersions) and its brokers' addresses (Metadata).
 *
 * @remarks
 * ApiVersions is sent in the newest version this codec speaks; a broker that cannot parse it
 * answers in the v0 layout with UNSUPPORTED_VERSION and its own version list (KIP-511), which is
 * all the target needs. The versions of the bootstrap broker stand for the cluster's: a rolling
 * upgrade in the middle of a run is out of scope.
 * @see spec/conformance.md CONF-09
 */
import { errorName } from '../protocol/errors.js';
import { metadataRequest, type MetadataResponse } from '../protocol/messages/metadata.js';
import type { ApiVersionsResponse } from '../protocol/messages/api-versions.js';
import { ConnectionPool } from '../wire/client/index.js';
import type { WireResponse } from '../wire/frames.js';
import { API_BY_NAME, SUPPORTED_VERSIONS, type SupportedRange } from '../wire/registry.js';

/** A cluster as the target sees it. */
export interface WireCluster {
  /** The bootstrap address that answered. */
  readonly bootstrap: string;
  /** API key -> the versions the broker offers. */
  readonly versions: ReadonlyMap<number, SupportedRange>;
  /** Every broker's `host:port`, by node id ascending. */
  readonly brokers: readonly string[];
  /** The controller's `host:port`, where Metadata names one among the brokers. */
  readonly controller?: string;
}

/** Why a request of this API and version cannot go to the broker, or undefined when it can. */
export function versionGap(cluster: WireCluster, api: string, version: number): string | undefined {
  const spec = API_BY_NAME.get(api);
  const offered = spec === undefined ? undefined : cluster.versions.get(spec.apiKey);
  if (offered === undefined) return `the broker does not offer ${api}, the scenario sends ${api} v${version}`;
  if (version < offered.min || version > offered.max) return `the broker offers ${api} v${offered.min}-v${offered.max}, the scenario sends v${version}`;
  return undefined;
}

/**
 * The newest version of `api` both the broker and this codec speak.
 * @throws Error naming both ranges when they do not overlap.
 */
export function commonVersion(cluster: WireCluster, api: string): number {
  const spec = API_BY_NAME.get(api);
  const ours = spec === undefined ? undefined : SUPPORTED_VERSIONS.get(spec.apiKey);
  const theirs = spec === undefined ? undefined : cluster.versions.get(spec.apiKey);
  if (ours === undefined || theirs === undefined || theirs.max < ours.min || ours.max < theirs.min) {
    const offer = theirs === undefined ? 'does not offer it' : `offers v${theirs.min}-v${theirs.max}`;
    throw new Error(`no ${api} version in common: the broker ${offer}, this client speaks v${ours?.min ?? '?'}-v${ours?.max ?? '?'}`);
  }
  return Math.min(ours.max, theirs.max);
}

function expectApi<A extends WireResponse['api']>(r: WireResponse, api: A): WireResponse & { api: A } {
  if (r.api !== api) throw new Error(`expected a ${api} answer, got ${r.api}`);
  return r as WireResponse & { api: A };
}

/** ApiVersions then Metadata against one bootstrap address. */
async function discoverAt(pool: ConnectionPool, address: string): Promise<WireCluster> {
  const newest = SUPPORTED_VERSIONS.get(18)!.max;
  const av = expectApi(
    await pool.request(address, { api: 'ApiVersions', version: newest, clientSoftwareName: 'kgspec', clientSoftwareVersion: '0' }),
    'ApiVersions',
  ) as ApiVersionsResponse;
  // UNSUPPORTED_VERSION still lists the broker's versions (read in the v0 layout).
  if (av.errorCode !== 0 && av.errorCode !== 35) throw new Error(`ApiVersions to ${address} failed: ${errorName(av.errorCode)}`);
  const versions = new Map(av.apiKeys.map((k) => [k.apiKey, { min: k.minVersion, max: k.maxVersion }]));
  const partial: WireCluster = { bootstrap: address, versions, brokers: [address] };
  const why = versionGap(partial, 'Metadata', 9);
  if (why !== undefined) throw new Error(`${why.replace('the scenario sends', 'this client speaks only')}`);
  const md = expectApi(await pool.request(address, metadataRequest([])), 'Metadata') as MetadataResponse;
  const brokers = [...md.brokers].sort((a, b) => a.nodeId - b.nodeId);
  const addressOf = (b: { host: string; port: number }): string => `${b.host.includes(':') ? `[${b.host}]` : b.host}:${b.port}`;
  const controller = brokers.find((b) => b.nodeId === md.controllerId);
  return {
    bootstrap: address,
    versions,
    brokers: brokers.length > 0 ? brokers.map(addressOf) : [address],
    ...(controller !== undefined ? { controller: addressOf(controller) } : {}),
  };
}

/**
 * Learns the cluster from the first bootstrap address that answers.
 * @throws Error naming every address tried and why each failed.
 */
export async function discoverCluster(bootstrap: readonly string[], connectTimeoutMs: number): Promise<WireCluster> {
  if (bootstrap.length === 0) throw new Error('no bootstrap broker given');
  const pool = new ConnectionPool(connectTimeoutMs);
  const why: string[] = [];
  try {
    for (const address of bootstrap) {
      try {
        return await discoverAt(pool, address);
      } catch (e) {
        why.push((e as Error).message);
      }
    }
  } finally {
    pool.close();
  }
  throw new Error(`cannot reach the broker: ${why.join('; ')}`);
}
