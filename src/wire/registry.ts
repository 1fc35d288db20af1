/**
 * The table of every API the codec speaks: API key, the typed message's `api` tag, the request
 * and response schemas, and {@link SUPPORTED_VERSIONS}, derived from the schemas.
 *
 * @remarks
 * Adding an API is one entry here plus its schema module; adding a version is a change to the
 * schema's `validVersions` (and any new field).
 * @see spec/wire.md WIRE-04
 */
import { parseVersions, type MessageSchema } from './schema.js';
import type { ApiVersion } from '../protocol/messages/api-versions.js';
import { API_VERSIONS_REQUEST, API_VERSIONS_RESPONSE } from './schemas/api-versions.js';
import { CREATE_TOPICS_REQUEST, CREATE_TOPICS_RESPONSE } from './schemas/create-topics.js';
import { CONSUMER_GROUP_DESCRIBE_REQUEST, CONSUMER_GROUP_DESCRIBE_RESPONSE } from './schemas/consumer-group-describe.js';
import { CONSUMER_GROUP_HEARTBEAT_REQUEST, CONSUMER_GROUP_HEARTBEAT_RESPONSE } from './schemas/consumer-group-heartbeat.js';
import { DELETE_GROUPS_REQUEST, DELETE_GROUPS_RESPONSE } from './schemas/delete-groups.js';
import { DELETE_TOPICS_REQUEST, DELETE_TOPICS_RESPONSE } from './schemas/delete-topics.js';
import { DESCRIBE_CLUSTER_REQUEST, DESCRIBE_CLUSTER_RESPONSE } from './schemas/describe-cluster.js';
import { DESCRIBE_CONFIGS_REQUEST, DESCRIBE_CONFIGS_RESPONSE } from './schemas/describe-configs.js';
import { DESCRIBE_GROUPS_REQUEST, DESCRIBE_GROUPS_RESPONSE } from './schemas/describe-groups.js';
import { FETCH_REQUEST, FETCH_RESPONSE } from './schemas/fetch.js';
import { FIND_COORDINATOR_REQUEST, FIND_COORDINATOR_RESPONSE } from './schemas/find-coordinator.js';
import { HEARTBEAT_REQUEST, HEARTBEAT_RESPONSE } from './schemas/heartbeat.js';
import { INIT_PRODUCER_ID_REQUEST, INIT_PRODUCER_ID_RESPONSE } from './schemas/init-producer-id.js';
import { JOIN_GROUP_REQUEST, JOIN_GROUP_RESPONSE } from './schemas/join-group.js';
import { LEAVE_GROUP_REQUEST, LEAVE_GROUP_RESPONSE } from './schemas/leave-group.js';
import { LIST_GROUPS_REQUEST, LIST_GROUPS_RESPONSE } from './schemas/list-groups.js';
import { LIST_OFFSETS_REQUEST, LIST_OFFSETS_RESPONSE } from './schemas/list-offsets.js';
import { METADATA_REQUEST, METADATA_RESPONSE } from './schemas/metadata.js';
import { OFFSET_COMMIT_REQUEST, OFFSET_COMMIT_RESPONSE } from './schemas/offset-commit.js';
import { OFFSET_DELETE_REQUEST, OFFSET_DELETE_RESPONSE } from './schemas/offset-delete.js';
import { OFFSET_FETCH_REQUEST, OFFSET_FETCH_RESPONSE } from './schemas/offset-fetch.js';
import { PRODUCE_REQUEST, PRODUCE_RESPONSE } from './schemas/produce.js';
import { SYNC_GROUP_REQUEST, SYNC_GROUP_RESPONSE } from './schemas/sync-group.js';

/** One API: its typed `api` tag and its two schemas. */
export interface ApiSpec {
  readonly api: string;
  readonly apiKey: number;
  readonly request: MessageSchema;
  readonly response: MessageSchema;
}

function spec(api: string, request: MessageSchema, response: MessageSchema): ApiSpec {
  return { api, apiKey: request.apiKey, request, response };
}

/** Every API the codec speaks, by API key ascending. */
export const APIS: readonly ApiSpec[] = [
  spec('Produce', PRODUCE_REQUEST, PRODUCE_RESPONSE),
  spec('Fetch', FETCH_REQUEST, FETCH_RESPONSE),
  spec('ListOffsets', LIST_OFFSETS_REQUEST, LIST_OFFSETS_RESPONSE),
  spec('Metadata', METADATA_REQUEST, METADATA_RESPONSE),
  spec('OffsetCommit', OFFSET_COMMIT_REQUEST, OFFSET_COMMIT_RESPONSE),
  spec('OffsetFetch', OFFSET_FETCH_REQUEST, OFFSET_FETCH_RESPONSE),
  spec('FindCoordinator', FIND_COORDINATOR_REQUEST, FIND_COORDINATOR_RESPONSE),
  spec('JoinGroup', JOIN_GROUP_REQUEST, JOIN_GROUP_RESPONSE),
  spec('Heartbeat', HEARTBEAT_REQUEST, HEARTBEAT_RESPONSE),
  spec('LeaveGroup', LEAVE_GROUP_REQUEST, LEAVE_GROUP_RESPONSE),
  spec('SyncGroup', SYNC_GROUP_REQUEST, SYNC_GROUP_RESPONSE),
  spec('DescribeGroups', DESCRIBE_GROUPS_REQUEST, DESCRIBE_GROUPS_RESPONSE),
  spec('ListGroups', LIST_GROUPS_REQUEST, LIST_GROUPS_RESPONSE),
  spec('ApiVersions', API_VERSIONS_REQUEST, API_VERSIONS_RESPONSE),
  spec('CreateTopics', CREATE_TOPICS_REQUEST, CREATE_TOPICS_RESPONSE),
  spec('DeleteTopics', DELETE_TOPICS_REQUEST, DELETE_TOPICS_RESPONSE),
  spec('InitProducerId', INIT_PRODUCER_ID_REQUEST, INIT_PRODUCER_ID_RESPONSE),
  spec('DescribeConfigs', DESCRIBE_CONFIGS_REQUEST, DESCRIBE_CONFIGS_RESPONSE),
  spec('DeleteGroups', DELETE_GROUPS_REQUEST, DELETE_GROUPS_RESPONSE),
  spec('OffsetDelete', OFFSET_DELETE_REQUEST, OFFSET_DELETE_RESPONSE),
  spec('DescribeCluster', DESCRIBE_CLUSTER_REQUEST, DESCRIBE_CLUSTER_RESPONSE),
  spec('ConsumerGroupHeartbeat', CONSUMER_GROUP_HEARTBEAT_REQUEST, CONSUMER_GROUP_HEARTBEAT_RESPONSE),
  spec('ConsumerGroupDescribe', CONSUMER_GROUP_DESCRIBE_REQUEST, CONSUMER_GROUP_DESCRIBE_RESPONSE),
];

/** The API spec by API key. */
export const API_BY_KEY: ReadonlyMap<number, ApiSpec> = new Map(APIS.map((a) => [a.apiKey, a]));

/** The API spec by typed `api` tag. */
export const API_BY_NAME: ReadonlyMap<string, ApiSpec> = new Map(APIS.map((a) => [a.api, a]));

/** Oldest and newest version of one API. */
export interface SupportedRange {
  readonly min: number;
  readonly max: number;
}

/**
 * API key -> oldest and newest version the codec reads and writes: what a broker advertises in
 * its ApiVersions answer (`apiKeys` ascending by key).
 */
export const SUPPORTED_VERSIONS: ReadonlyMap<number, SupportedRange> = new Map(
  APIS.map((a) => {
    const r = parseVersions(a.request.validVersions);
    return [a.apiKey, { min: r.min, max: r.max }] as const;
  }),
);

/** Whether the codec speaks `version` of API `apiKey`. */
export function isSupported(apiKey: number, version: number): boolean {
  const r = SUPPORTED_VERSIONS.get(apiKey);
  return r !== undefined && Number.isInteger(version) && version >= r.min && version <= r.max;
}

/**
 * The `apiKeys` of an ApiVersions answer: every API the codec speaks, by API key ascending.
 *
 * @param maxVersions - newest version to advertise, by API key, where a broker supports less than
 * the codec (e.g. `{ 1: 12 }` while topics have no ids, so clients never fetch by topic id).
 * An API whose cap is below its oldest version is left out.
 */
export function supportedApiVersions(maxVersions: Readonly<Record<number, number>> = {}): ApiVersion[] {
  return [...SUPPORTED_VERSIONS]
    .sort(([a], [b]) => a - b)
    .map(([apiKey, r]) => ({ apiKey, minVersion: r.min, maxVersion: Math.min(r.max, maxVersions[apiKey] ?? r.max) }))
    .filter((a) => a.maxVersion >= a.minVersion);
}
