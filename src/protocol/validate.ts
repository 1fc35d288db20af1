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
import type { GroupRequest } from './messages.js';
import { API_VERSIONS } from './messages.js';

const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;

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
  list.forEach((p: unknown, i) => {
    if (!isObject(p)) fail(`protocols[${i}]`, 'must be an object { name, metadata }');
    str(p, 'name', `protocols[${i}].name`);
    bytes(p, 'metadata', `protocols[${i}].metadata`);
  });
}

function header(obj: Record<string, unknown>, api: keyof typeof API_VERSIONS): void {
  const { min, max } = API_VERSIONS[api];
  const v = int32(obj, 'version');
  if (v < min || v > max) fail('version', `${api} versions are ${min}-${max}, got ${v}`);
  str(obj, 'clientId');
  str(obj, 'clientHost');
  if (api !== 'DescribeGroups' && api !== 'ListGroups') str(obj, 'groupId');
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
      list.forEach((a: unknown, i) => {
        if (!isObject(a)) fail(`assignments[${i}]`, 'must be an object { memberId, assignment }');
        str(a, 'memberId', `assignments[${i}].memberId`);
        bytes(a, 'assignment', `assignments[${i}].assignment`);
      });
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
        fail('includeAuthorizedOperations', `is not carried by DescribeGroups v${obj['version'] as number} (needs v3+)`);
      }
      break;
    case 'ListGroups':
      stringList(obj, 'statesFilter');
      stringList(obj, 'typesFilter');
      listNotInVersion(obj, 'statesFilter', api, 4);
      listNotInVersion(obj, 'typesFilter', api, 5);
      break;
  }
  return request;
}

