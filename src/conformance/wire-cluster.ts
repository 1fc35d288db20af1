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
import { findCoordinatorRequest, type FindCoordinatorResponse } from '../protocol/messages/find-coordinator.js';
import type { ApiVersionsResponse } from '../protocol/messages/api-versions.js';
import { ConnectionPool } from '../wire/client/index.js';
import type { WireRequest, WireResponse } from '../wire/frames.js';

/** MEMBER_ID_REQUIRED's code. */
const MEMBER_ID_REQUIRED = 79;
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
  /**
   * Whether the broker answers a first JoinGroup (v4+, no member id) with MEMBER_ID_REQUIRED
   * (JG-08), as Kafka does; learned with one probe join (CONF-03).
   */
  readonly memberIdRequired?: boolean;
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

/**
 * The broker's versions: ApiVersions at the newest version this codec speaks; a broker that
 * answers UNSUPPORTED_VERSION without a readable list, or an answer that cannot be read, is asked
 * again at v0, as librdkafka does (CONF-09).
 */
async function apiVersionsAt(pool: ConnectionPool, address: string): Promise<ApiVersionsResponse> {
  const newest = SUPPORTED_VERSIONS.get(18)!.max;
  const ask = async (version: number): Promise<ApiVersionsResponse> =>
    expectApi(await pool.request(address, { api: 'ApiVersions', version, clientSoftwareName: 'kgspec', clientSoftwareVersion: '0' }), 'ApiVersions') as ApiVersionsResponse;
  let av: ApiVersionsResponse | undefined;
  try {
    av = await ask(newest);
  } catch (e) {
    if (!(e instanceof Error) || !/could not be read|cannot be read/.test(e.message)) throw e;
  }
  if (av === undefined || (av.errorCode === 35 && av.apiKeys.length === 0)) av = await ask(0);
  // UNSUPPORTED_VERSION still lists the broker's versions (read in the v0 layout).
  if (av.errorCode !== 0 && av.errorCode !== 35) throw new Error(`ApiVersions to ${address} failed: ${errorName(av.errorCode)}`);
  return av;
}

/** ApiVersions then Metadata (at the newest version both speak) against one bootstrap address. */
async function discoverAt(pool: ConnectionPool, address: string): Promise<WireCluster> {
  const av = await apiVersionsAt(pool, address);
  const versions = new Map(av.apiKeys.map((k) => [k.apiKey, { min: k.minVersion, max: k.maxVersion }]));
  const partial: WireCluster = { bootstrap: address, versions, brokers: [address] };
  const md = expectApi(await pool.request(address, { ...metadataRequest([]), version: commonVersion(partial, 'Metadata') }), 'Metadata') as MetadataResponse;
  const brokers = [...md.brokers].sort((a, b) => a.nodeId - b.nodeId);
  const addressOf = (b: { host: string; port: number }): string => `${b.host.includes(':') ? `[${b.host}]` : b.host}:${b.port}`;
  const controller = brokers.find((b) => b.nodeId === md.controllerId);
  const cluster: WireCluster = {
    bootstrap: address,
    versions,
    brokers: brokers.length > 0 ? brokers.map(addressOf) : [address],
    ...(controller !== undefined ? { controller: addressOf(controller) } : {}),
  };
  return { ...cluster, memberIdRequired: await probeMemberIdRequired(pool, cluster) };
}

/** How long the probe join waits for MEMBER_ID_REQUIRED before concluding the broker parks it. */
const PROBE_WAIT_MS = 2000;

/**
 * Sends one JoinGroup without a member id (the newest version from v4) to a fresh group's
 * coordinator: Kafka answers MEMBER_ID_REQUIRED at once (JG-08); a broker that parks it instead
 * (librdkafka's mock) joins members in one step. Undefined when the broker has no such version.
 */
async function probeMemberIdRequired(pool: ConnectionPool, cluster: WireCluster): Promise<boolean | undefined> {
  const join = cluster.versions.get(11);
  if (join === undefined || join.max < 4) return undefined;
  const groupId = `kgs-probe-${Date.now().toString(36)}`;
  const fc = expectApi(await pool.request(cluster.bootstrap, findCoordinatorRequest(commonVersion(cluster, 'FindCoordinator'), [groupId])), 'FindCoordinator') as FindCoordinatorResponse;
  const c = 'coordinators' in fc && fc.coordinators.length > 0 ? fc.coordinators[0]! : fc;
  const address = c.errorCode === 0 ? `${c.host}:${c.port}` : cluster.bootstrap;
  const request: WireRequest = {
    api: 'JoinGroup', version: Math.min(9, join.max, SUPPORTED_VERSIONS.get(11)!.max), clientId: 'kgspec-probe', clientHost: '',
    groupId, sessionTimeoutMs: 30_000, rebalanceTimeoutMs: 30_000, memberId: '', groupInstanceId: null,
    protocolType: 'consumer', protocols: [{ name: 'range', metadata: new Uint8Array(0) }], reason: null,
  };
  const answer = pool.request(address, request).then((r) => (r.api === 'JoinGroup' ? r.errorCode : -1), () => -1);
  const waited = new Promise<number>((resolve) => setTimeout(() => resolve(-2), PROBE_WAIT_MS));
  return (await Promise.race([answer, waited])) === MEMBER_ID_REQUIRED;
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
