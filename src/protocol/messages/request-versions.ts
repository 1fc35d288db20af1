/**
 * A request at an older version: what Kafka's request builders do in `build(version)` once the
 * client has chosen the version a broker speaks.
 *
 * @remarks
 * The client builds each request at the newest version it speaks; {@link requestAtVersion}
 * restates it at the version chosen by negotiation (SRV-23), SRV-24:
 *
 * - a layout that changed is rewritten: FindCoordinator below v4 carries one `key` instead of
 *   `coordinatorKeys` (`FindCoordinatorRequest.Builder`); OffsetFetch below v8 one `groupId` with
 *   its `topics` instead of `groups` (`OffsetFetchRequest.Builder`); LeaveGroup below v3 one
 *   `memberId` instead of `members` (`LeaveGroupRequest.Builder`);
 * - a field an older version lacks and the broker may ignore is left to the codec, which writes
 *   only the fields of the version (JoinGroup's `reason` below v8, SyncGroup's protocol type and
 *   name below v5, OffsetFetch's member id and epoch below v9);
 * - OffsetFetch's `requireStable` below v7 becomes false, as the Java consumer does by default
 *   (`throwOnFetchStableOffsetsUnsupported` is off);
 * - what an older version cannot say at all is an {@link UnsupportedVersionError}: several keys
 *   or groups in one request below the batched version, a `group.instance.id` below the version
 *   that introduced static membership (JoinGroup v5, SyncGroup, Heartbeat and LeaveGroup v3,
 *   OffsetCommit v7; the Java builders refuse the same); Metadata that turns off topic
 *   auto-creation below v4 or names a topic by id only below v10 (`MetadataRequest.Builder`);
 *   Metadata v0 reads "every topic" as an empty list.
 * @see spec/server.md SRV-24
 * @packageDocumentation
 */
import { findCoordinatorRequest, MIN_BATCHED_VERSION } from './find-coordinator.js';
import type { KafkaRequest } from './index.js';
import { UnsupportedVersionError } from './negotiation.js';
import type { OffsetFetchRequest } from './offset-fetch.js';
import type { LeaveGroupRequest } from './leave-group.js';
import type { MetadataRequest } from './metadata.js';

/** The first version of each API that carries `groupInstanceId` (KIP-345). */
const STATIC_MEMBERSHIP_SINCE: Readonly<Record<string, number>> = { JoinGroup: 5, SyncGroup: 3, Heartbeat: 3, LeaveGroup: 3, OffsetCommit: 7 };

/** The first OffsetFetch version that carries several groups (KIP-709). */
const OFFSET_FETCH_BATCHED_VERSION = 8;

/** The first OffsetFetch version with `requireStable` (KIP-447). */
const OFFSET_FETCH_REQUIRE_STABLE_VERSION = 7;

/** The first LeaveGroup version that carries a batch of members (KIP-345). */
const LEAVE_GROUP_BATCHED_VERSION = 3;

/**
 * SRV-24: `request` (built at the newest version the client speaks) restated at `version`.
 * A version at or above the request's own returns the request unchanged but for `version`.
 *
 * @throws {@link UnsupportedVersionError} when `version` cannot carry what the request says.
 */
export function requestAtVersion(request: KafkaRequest, version: number): KafkaRequest {
  if (version === request.version) return request;
  const since = STATIC_MEMBERSHIP_SINCE[request.api];
  if (since !== undefined && version < since && 'groupInstanceId' in request && request.groupInstanceId !== null) {
    throw new UnsupportedVersionError(`${request.api} v${version} cannot carry group.instance.id (static membership needs v${since}+)`);
  }
  switch (request.api) {
    case 'FindCoordinator':
      return findCoordinatorAt(request.version >= MIN_BATCHED_VERSION ? request.coordinatorKeys : [request.key], request.keyType, version);
    case 'OffsetFetch':
      return offsetFetchAt(request, version);
    case 'LeaveGroup':
      return leaveGroupAt(request, version);
    case 'Metadata':
      return metadataAt(request, version);
    default:
      return { ...request, version };
  }
}

function findCoordinatorAt(keys: readonly string[], keyType: number, version: number): KafkaRequest {
  if (version < MIN_BATCHED_VERSION && keys.length !== 1) {
    throw new UnsupportedVersionError(`FindCoordinator v${version} carries one key, not ${keys.length} (batched lookups need v${MIN_BATCHED_VERSION}+)`);
  }
  if (version === 0 && keyType !== 0) throw new UnsupportedVersionError(`FindCoordinator v0 looks up group coordinators only (key type ${keyType})`);
  return findCoordinatorRequest(version, keys, keyType);
}

function offsetFetchAt(request: OffsetFetchRequest, version: number): OffsetFetchRequest {
  const requireStable = version >= OFFSET_FETCH_REQUIRE_STABLE_VERSION && request.requireStable;
  const { groupId: _g, topics: _t, groups: _gs, ...rest } = request;
  if (version >= OFFSET_FETCH_BATCHED_VERSION) {
    const groups = request.groups ?? [{ groupId: request.groupId ?? '', memberId: null, memberEpoch: -1, topics: request.topics ?? null }];
    return { ...rest, version, requireStable, groups };
  }
  const groups = request.groups ?? [{ groupId: request.groupId ?? '', topics: request.topics ?? null }];
  if (groups.length !== 1) {
    throw new UnsupportedVersionError(`OffsetFetch v${version} carries one group, not ${groups.length} (batched groups need v${OFFSET_FETCH_BATCHED_VERSION}+)`);
  }
  const only = groups[0]!;
  if (only.topics === null && version < 2) throw new UnsupportedVersionError(`OffsetFetch v${version} cannot ask for every topic (null topics need v2+)`);
  return { ...rest, version, requireStable, groupId: only.groupId, topics: only.topics };
}

function leaveGroupAt(request: LeaveGroupRequest, version: number): LeaveGroupRequest {
  const { memberId: _m, members: _ms, ...rest } = request;
  const members = request.members ?? [{ memberId: request.memberId ?? '', groupInstanceId: null, reason: null }];
  if (version >= LEAVE_GROUP_BATCHED_VERSION) return { ...rest, version, members };
  if (members.length !== 1) {
    throw new UnsupportedVersionError(`LeaveGroup v${version} carries one member, not ${members.length} (batched leaves need v${LEAVE_GROUP_BATCHED_VERSION}+)`);
  }
  if (members[0]!.groupInstanceId !== null) {
    throw new UnsupportedVersionError(`LeaveGroup v${version} cannot carry group.instance.id (static membership needs v${LEAVE_GROUP_BATCHED_VERSION}+)`);
  }
  return { ...rest, version, memberId: members[0]!.memberId };
}

/** The first Metadata version that lets a client turn off topic auto-creation. */
const METADATA_AUTO_CREATE_VERSION = 4;

/** The first Metadata version that names topics by id. */
const METADATA_TOPIC_ID_VERSION = 10;

function metadataAt(request: MetadataRequest, version: number): MetadataRequest {
  if (version < METADATA_AUTO_CREATE_VERSION && !request.allowAutoTopicCreation) {
    throw new UnsupportedVersionError(`Metadata v${version} cannot turn off topic auto-creation (needs v${METADATA_AUTO_CREATE_VERSION}+)`);
  }
  if (version < METADATA_TOPIC_ID_VERSION && request.topics?.some((t) => t.name === null) === true) {
    throw new UnsupportedVersionError(`Metadata v${version} cannot name a topic by id (needs v${METADATA_TOPIC_ID_VERSION}+)`);
  }
  // v0 has no null list: an empty one asks for every topic.
  if (version === 0 && request.topics === null) return { ...request, version, topics: [] };
  return { ...request, version };
}
