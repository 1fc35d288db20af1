/**
 * Checks that a library caller's request is something a Kafka request of that version can
 * carry. Anything else throws an {@link InvalidRequestError} naming the field, before any
 * state is read, so nothing changes.
 *
 * @remarks
 * This is about representability, not protocol rules: an empty group id or an out-of-bounds
 * session timeout are valid requests that the coordinator answers with an error code.
 * Static membership (a non-null `groupInstanceId`) is accepted from the versions that carry it.
 * @see spec/errors.md ERR-01
 */
import { InvalidRequestError } from './invariant.js';
import type { GroupRequest } from './messages/index.js';
import { API_VERSIONS } from './messages/index.js';

const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;

/** ERR-01: an unrepresentable input throws, naming the field, and changes nothing. */
function fail(field: string, message: string): never {
  throw new InvalidRequestError(field, message);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function int32(obj: Record<string, unknown>, field: string, path = field): number {
  const v = obj[field];
  if (typeof v !== 'number') fail(path, `must be an int32 number, got ${describe(v)}`);
  if (!Number.isInteger(v) || v < INT32_MIN || v > INT32_MAX) fail(path, `must be an int32 (-2147483648..2147483647), got ${v}`);
  return v;
}

/** An int64 field: any integer JavaScript holds exactly (larger magnitudes are not representable here). */
function int64(obj: Record<string, unknown>, field: string, path = field): number {
  const v = obj[field];
  if (typeof v !== 'number') fail(path, `must be an int64 number, got ${describe(v)}`);
  if (!Number.isSafeInteger(v)) fail(path, `must be an integer of at most 2^53-1 in magnitude, got ${v}`);
  return v;
}

function str(obj: Record<string, unknown>, field: string, path = field): string {
  const v = obj[field];
  if (typeof v !== 'string') fail(path, `must be a string, got ${describe(v)}`);
  if (v.length > 32767) fail(path, 'is longer than a Kafka STRING can carry (32767)');
  return v;
}

function nullableStr(obj: Record<string, unknown>, field: string, path = field): string | null {
  const v = obj[field];
  if (v === null || v === undefined) return null;
  return str(obj, field, path);
}

function bytes(obj: Record<string, unknown>, field: string, path: string): void {
  if (!(obj[field] instanceof Uint8Array)) fail(path, `must be a Uint8Array, got ${describe(obj[field])}`);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'nothing (the field is required)';
  if (typeof v === 'number') return String(v);
  return typeof v;
}

/** A non-null value in a field the version does not have, which Kafka's serializer refuses. */
function notInVersion(obj: Record<string, unknown>, field: string, api: string, since: number): void {
  const v = obj[field];
  if (v !== null && v !== undefined && (obj['version'] as number) < since) {
    fail(field, `is not carried by ${api} v${obj['version'] as number} (needs v${since}+)`);
  }
}

function protocols(obj: Record<string, unknown>): void {
  const list = obj['protocols'];
  if (!Array.isArray(list)) fail('protocols', `must be an array, got ${describe(list)}`);
  // Every JoinGroup carries this list: the field paths are built only for an error.
  for (let i = 0; i < list.length; i++) {
    if (!(i in list)) continue; // a hole, which forEach skipped too
    const p: unknown = list[i];
    if (!isObject(p)) fail(`protocols[${i}]`, 'must be an object { name, metadata }');
    if (typeof p['name'] !== 'string' || p['name'].length > 32767) str(p, 'name', `protocols[${i}].name`);
    if (!(p['metadata'] instanceof Uint8Array)) bytes(p, 'metadata', `protocols[${i}].metadata`);
  }
}

/** APIs that name their groups in a list (or none), not in a `groupId` field. */
const MULTI_GROUP_APIS: ReadonlySet<string> = new Set(['DescribeGroups', 'ListGroups', 'OffsetFetch', 'DeleteGroups', 'ConsumerGroupDescribe']);

function header(obj: Record<string, unknown>, api: keyof typeof API_VERSIONS): void {
  const { min, max } = API_VERSIONS[api];
  const v = int32(obj, 'version');
  if (v < min || v > max) fail('version', `${api} versions are ${min}-${max}, got ${v}`); // ERR-01
  str(obj, 'clientId');
  str(obj, 'clientHost');
  if (!MULTI_GROUP_APIS.has(api)) str(obj, 'groupId');
}

/** An array field whose elements are objects, each checked by `each` with its path. */
function objects(obj: Record<string, unknown>, field: string, path: string, shape: string, each: (o: Record<string, unknown>, at: string) => void): void {
  const list = obj[field];
  if (!Array.isArray(list)) fail(path, `must be an array, got ${describe(list)}`);
  list.forEach((x: unknown, i) => {
    const at = `${path}[${i}]`;
    if (!isObject(x)) fail(at, `must be an object ${shape}`);
    each(x, at);
  });
}

function int32List(obj: Record<string, unknown>, field: string, path: string): void {
  const list = obj[field];
  if (!Array.isArray(list)) fail(path, `must be an array of int32, got ${describe(list)}`);
  list.forEach((x: unknown, i) => int32({ x }, 'x', `${path}[${i}]`));
}

/** OffsetCommit: CommitTimestamp is v1 only and not ignorable; GroupInstanceId v7+. */
function offsetCommit(obj: Record<string, unknown>): void {
  const version = obj['version'] as number;
  int32(obj, 'generationIdOrMemberEpoch');
  str(obj, 'memberId');
  nullableStr(obj, 'groupInstanceId');
  notInVersion(obj, 'groupInstanceId', 'OffsetCommit', 7);
  int64(obj, 'retentionTimeMs');
  objects(obj, 'topics', 'topics', '{ name, partitions }', (t, at) => {
    str(t, 'name', `${at}.name`);
    objects(t, 'partitions', `${at}.partitions`, '{ partitionIndex, committedOffset, committedLeaderEpoch, commitTimestamp, committedMetadata }', (p, pat) => {
      int32(p, 'partitionIndex', `${pat}.partitionIndex`);
      int64(p, 'committedOffset', `${pat}.committedOffset`);
      int32(p, 'committedLeaderEpoch', `${pat}.committedLeaderEpoch`);
      const ts = int64(p, 'commitTimestamp', `${pat}.commitTimestamp`);
      if (version !== 1 && ts !== -1) fail(`${pat}.commitTimestamp`, `is carried by OffsetCommit v1 only; v${version} must leave it -1`); // OC-11
      if (p['committedMetadata'] !== null) str(p, 'committedMetadata', `${pat}.committedMetadata`);
    });
  });
}

function fetchTopics(obj: Record<string, unknown>, path: string): void {
  objects(obj, 'topics', path, '{ name, partitionIndexes }', (t, at) => {
    str(t, 'name', `${at}.name`);
    int32List(t, 'partitionIndexes', `${at}.partitionIndexes`);
  });
}

/** OffsetFetch: one group (v0-7, null topics from v2) or a list of groups (v8+); RequireStable v7+. */
function offsetFetch(obj: Record<string, unknown>): void {
  const version = obj['version'] as number;
  if (typeof obj['requireStable'] !== 'boolean') fail('requireStable', `must be a boolean, got ${describe(obj['requireStable'])}`);
  if (obj['requireStable'] === true && version < 7) fail('requireStable', `is not carried by OffsetFetch v${version} (needs v7+)`);
  if (version < 8) {
    if (obj['groups'] !== undefined) fail('groups', `is not carried by OffsetFetch v${version} (needs v8+); use groupId and topics`);
    str(obj, 'groupId');
    if (obj['topics'] === null) {
      if (version < 2) fail('topics', `can be null (all topics) from OffsetFetch v2, got v${version}`); // OF-04
    } else fetchTopics(obj, 'topics');
    return;
  }
  if (obj['groupId'] !== undefined) fail('groupId', `is not carried by OffsetFetch v${version} (v0-7 only); use groups`);
  if (obj['topics'] !== undefined) fail('topics', `is not carried by OffsetFetch v${version} (v0-7 only); use groups`);
  objects(obj, 'groups', 'groups', '{ groupId, memberId, memberEpoch, topics }', (g, at) => {
    str(g, 'groupId', `${at}.groupId`);
    nullableStr(g, 'memberId', `${at}.memberId`);
    int32(g, 'memberEpoch', `${at}.memberEpoch`);
    if (g['topics'] !== null) fetchTopics(g, `${at}.topics`);
  });
}

function offsetDelete(obj: Record<string, unknown>): void {
  objects(obj, 'topics', 'topics', '{ name, partitions }', (t, at) => {
    str(t, 'name', `${at}.name`);
    objects(t, 'partitions', `${at}.partitions`, '{ partitionIndex }', (p, pat) => int32(p, 'partitionIndex', `${pat}.partitionIndex`));
  });
}

function stringList(obj: Record<string, unknown>, field: string): void {
  const list = obj[field];
  if (!Array.isArray(list)) fail(field, `must be an array of strings, got ${describe(list)}`);
  list.forEach((x: unknown, i) => {
    if (typeof x !== 'string') fail(`${field}[${i}]`, `must be a string, got ${describe(x)}`);
  });
}

/** A non-empty list in a field the version does not have. */
function listNotInVersion(obj: Record<string, unknown>, field: string, api: string, since: number): void {
  if ((obj['version'] as number) < since && (obj[field] as unknown[]).length > 0) {
    fail(field, `is not carried by ${api} v${obj['version'] as number} (needs v${since}+)`);
  }
}

function leaveMembers(obj: Record<string, unknown>): void {
  const version = obj['version'] as number;
  if (version < 3) {
    str(obj, 'memberId');
    if (obj['members'] !== undefined) fail('members', `is not carried by LeaveGroup v${version} (needs v3+); use memberId`);
    return;
  }
  if (obj['memberId'] !== undefined) fail('memberId', `is not carried by LeaveGroup v${version} (v0-2 only); use members`);
  const list = obj['members'];
  if (!Array.isArray(list)) fail('members', `must be an array, got ${describe(list)}`);
  list.forEach((m: unknown, i) => {
    if (!isObject(m)) fail(`members[${i}]`, 'must be an object { memberId, groupInstanceId, reason }');
    str(m, 'memberId', `members[${i}].memberId`);
    nullableStr(m, 'groupInstanceId', `members[${i}].groupInstanceId`);
    nullableStr(m, 'reason', `members[${i}].reason`);
  });
}

/** A nullable list of strings: null (unchanged) or an array of strings. */
function nullableStringList(obj: Record<string, unknown>, field: string): void {
  if (obj[field] !== null) stringList(obj, field);
}

/** A topic id as Kafka prints a uuid: url-safe base64 of exactly 16 bytes (22 characters, no padding). */
function topicId(obj: Record<string, unknown>, field: string, path: string): void {
  const v = str(obj, field, path);
  if (!/^[A-Za-z0-9_-]{21}[AQgw]$/.test(v)) fail(path, `must be a uuid as Kafka prints it (22 characters of url-safe base64 of 16 bytes), got '${v}'`);
}

/**
 * ConsumerGroupHeartbeat: every field is on the wire in both versions except SubscribedTopicRegex
 * (v1+), whose v0 use is left to the handler; the nullable fields are null when unchanged.
 */
function consumerGroupHeartbeat(obj: Record<string, unknown>): void {
  str(obj, 'memberId');
  int32(obj, 'memberEpoch');
  nullableStr(obj, 'instanceId');
  nullableStr(obj, 'rackId');
  int32(obj, 'rebalanceTimeoutMs');
  nullableStringList(obj, 'subscribedTopicNames');
  nullableStr(obj, 'subscribedTopicRegex');
  nullableStr(obj, 'serverAssignor');
  if (obj['topicPartitions'] === null) return;
  objects(obj, 'topicPartitions', 'topicPartitions', '{ topicId, partitions }', (t, at) => {
    topicId(t, 'topicId', `${at}.topicId`);
    int32List(t, 'partitions', `${at}.partitions`);
  });
}

/**
 * Throws an {@link InvalidRequestError} unless `request` is representable at its version.
 * Returns the request, typed.
 */
export function validateRequest<R extends GroupRequest>(request: R): R {
  const obj = request as unknown as Record<string, unknown>;
  if (!isObject(obj)) fail('request', 'must be an object');
  const api = obj['api'];
  if (typeof api !== 'string' || !Object.hasOwn(API_VERSIONS, api)) {
    fail('api', `must be one of ${Object.keys(API_VERSIONS).join(', ')}, got ${describe(api)}`);
  }
  header(obj, api as keyof typeof API_VERSIONS);
  switch (api) {
    case 'JoinGroup':
      int32(obj, 'sessionTimeoutMs');
      if ((obj['version'] as number) >= 1) int32(obj, 'rebalanceTimeoutMs');
      str(obj, 'memberId');
      nullableStr(obj, 'groupInstanceId');
      notInVersion(obj, 'groupInstanceId', api, 5);
      str(obj, 'protocolType');
      protocols(obj);
      nullableStr(obj, 'reason');
      break;
    case 'SyncGroup': {
      int32(obj, 'generationId');
      str(obj, 'memberId');
      nullableStr(obj, 'groupInstanceId');
      notInVersion(obj, 'groupInstanceId', api, 3);
      nullableStr(obj, 'protocolType');
      nullableStr(obj, 'protocolName');
      const list = obj['assignments'];
      if (!Array.isArray(list)) fail('assignments', `must be an array, got ${describe(list)}`);
      // The leader's request lists every member: the field paths are built only for an error.
      for (let i = 0; i < list.length; i++) {
        if (!(i in list)) continue; // a hole, which forEach skipped too
        const a: unknown = list[i];
        if (!isObject(a)) fail(`assignments[${i}]`, 'must be an object { memberId, assignment }');
        if (typeof a['memberId'] !== 'string' || a['memberId'].length > 32767) str(a, 'memberId', `assignments[${i}].memberId`);
        if (!(a['assignment'] instanceof Uint8Array)) bytes(a, 'assignment', `assignments[${i}].assignment`);
      }
      break;
    }
    case 'Heartbeat':
      int32(obj, 'generationId');
      str(obj, 'memberId');
      nullableStr(obj, 'groupInstanceId');
      notInVersion(obj, 'groupInstanceId', api, 3);
      break;
    case 'LeaveGroup':
      leaveMembers(obj);
      break;
    case 'DescribeGroups':
      stringList(obj, 'groups');
      if (typeof obj['includeAuthorizedOperations'] !== 'boolean') fail('includeAuthorizedOperations', `must be a boolean, got ${describe(obj['includeAuthorizedOperations'])}`);
      if (obj['includeAuthorizedOperations'] === true && (obj['version'] as number) < 3) {
        fail('includeAuthorizedOperations', `is not carried by DescribeGroups v${obj['version'] as number} (needs v3+)`); // VER-09
      }
      break;
    case 'ListGroups':
      stringList(obj, 'statesFilter');
      stringList(obj, 'typesFilter');
      listNotInVersion(obj, 'statesFilter', api, 4); // VER-11
      listNotInVersion(obj, 'typesFilter', api, 5); // VER-12
      break;
    case 'OffsetCommit':
      offsetCommit(obj);
      break;
    case 'OffsetFetch':
      offsetFetch(obj);
      break;
    case 'OffsetDelete':
      offsetDelete(obj);
      break;
    case 'DeleteGroups':
      stringList(obj, 'groupsNames');
      break;
    case 'ConsumerGroupHeartbeat':
      consumerGroupHeartbeat(obj);
      break;
    case 'ConsumerGroupDescribe':
      stringList(obj, 'groupIds');
      if (typeof obj['includeAuthorizedOperations'] !== 'boolean') fail('includeAuthorizedOperations', `must be a boolean, got ${describe(obj['includeAuthorizedOperations'])}`);
      break;
  }
  return request;
}

