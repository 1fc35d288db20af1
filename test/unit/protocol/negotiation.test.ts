/**
 * API version negotiation as pure functions (SRV-22..SRV-24): what a client does with an
 * ApiVersions answer, which version it picks against a broker's table, and how a request built at
 * the newest version is restated at an older one.
 */
import { describe, expect, it } from 'vitest';
import {
  apiVersionsOutcome,
  chooseVersion,
  coordinatorsOf,
  offsetFetchGroupOf,
  requestAtVersion,
  UnsupportedVersionError,
  type ApiVersionsResponse,
  type BrokerVersions,
  type FindCoordinatorResponse,
  type JoinGroupRequest,
  type KafkaRequest,
  type LeaveGroupRequest,
  type OffsetFetchRequest,
} from '../../../src/protocol/messages/index.js';
import { findCoordinatorRequest } from '../../../src/protocol/messages/find-coordinator.js';
import { atNegotiatedVersion } from '../../../src/wire/client/tcp-transport.js';
import { decodeRequest, encodeRequest, requestHeaderFor } from '../../../src/wire/frames.js';
import { supportedApiVersions } from '../../../src/wire/registry.js';

const answer = (errorCode: number, apiKeys: [number, number, number][]): ApiVersionsResponse => ({
  api: 'ApiVersions',
  errorCode,
  apiKeys: apiKeys.map(([apiKey, minVersion, maxVersion]) => ({ apiKey, minVersion, maxVersion })),
  throttleTimeMs: 0,
});

const table = (rows: [number, number, number][]): BrokerVersions => new Map(rows.map(([k, min, max]) => [k, { min, max }]));

/** librdkafka 2.12's mock cluster, as its ApiVersions v2 answer lists it (the group APIs and what a consumer sends). */
const MOCK_2_12 = table([[0, 0, 10], [1, 0, 16], [2, 0, 7], [3, 0, 12], [8, 0, 9], [9, 0, 6], [10, 0, 3], [11, 0, 6], [12, 0, 5], [13, 0, 4], [14, 0, 4], [18, 0, 2], [68, 1, 1]]);

describe('the ApiVersions answer', () => {
  it.each([
    ['no error: the table', answer(0, [[11, 0, 9], [18, 0, 4]]), 3, { type: 'ready', versions: table([[11, 0, 9], [18, 0, 4]]) }],
    ['UNSUPPORTED_VERSION with its own range (KIP-511): ask at its newest', answer(35, [[18, 0, 2]]), 3, { type: 'retry', version: 2 }],
    ['UNSUPPORTED_VERSION with no table (older brokers, librdkafka\'s mock): ask at v0', answer(35, []), 3, { type: 'retry', version: 0 }],
    ['UNSUPPORTED_VERSION naming the version refused: one older, so the exchange ends', answer(35, [[18, 0, 3]]), 3, { type: 'retry', version: 2 }],
    ['UNSUPPORTED_VERSION to v0: give up', answer(35, []), 0, { type: 'fail', message: 'ApiVersions v0 was answered with error 35' }],
    ['another error: give up', answer(58, []), 3, { type: 'fail', message: 'ApiVersions v3 was answered with error 58' }],
  ] as const)('[SRV-22] %s', (_what, response, sent, expected) => {
    expect(apiVersionsOutcome(response, sent)).toEqual(expected);
  });
});

describe('the version chosen', () => {
  /** Requests as the consumer builds them (their newest versions), by API. */
  const built: Record<string, number> = { FindCoordinator: 4, OffsetFetch: 9, OffsetCommit: 9, JoinGroup: 9, SyncGroup: 5, Heartbeat: 4, LeaveGroup: 5, Metadata: 10, Fetch: 12, ListOffsets: 6, ConsumerGroupHeartbeat: 1 };
  const keys: Record<string, number> = { FindCoordinator: 10, OffsetFetch: 9, OffsetCommit: 8, JoinGroup: 11, SyncGroup: 14, Heartbeat: 12, LeaveGroup: 13, Metadata: 3, Fetch: 1, ListOffsets: 2, ConsumerGroupHeartbeat: 68 };
  const chosen = (broker: BrokerVersions): Record<string, number> =>
    Object.fromEntries(Object.keys(built).map((api) => [api, chooseVersion(api, keys[api]!, { min: 0, max: built[api]! }, broker)]));

  it('[SRV-23] against librdkafka 2.12\'s mock: the newest version both speak, per API', () => {
    expect(chosen(MOCK_2_12)).toEqual({ FindCoordinator: 3, OffsetFetch: 6, OffsetCommit: 9, JoinGroup: 6, SyncGroup: 4, Heartbeat: 4, LeaveGroup: 4, Metadata: 10, Fetch: 12, ListOffsets: 6, ConsumerGroupHeartbeat: 1 });
  });

  it('[SRV-23] against kgspec serve (the codec\'s own table): every request goes at the version it was built at', () => {
    const serve = new Map(supportedApiVersions().map((a) => [a.apiKey, { min: a.minVersion, max: a.maxVersion }]));
    expect(chosen(serve)).toEqual(built);
  });

  it('[SRV-23] an API the broker does not list, or ranges that do not meet, fail naming the API and both ranges', () => {
    expect(() => chooseVersion('ConsumerGroupHeartbeat', 68, { min: 0, max: 1 }, table([[11, 0, 9]]))).toThrow(
      new UnsupportedVersionError('The broker does not support ConsumerGroupHeartbeat (API key 68); the client speaks versions 0 to 1'),
    );
    expect(() => chooseVersion('Fetch', 1, { min: 12, max: 12 }, table([[1, 0, 11]]))).toThrow(
      new UnsupportedVersionError('The broker supports Fetch versions 0 to 11; the client speaks versions 12 to 12: none in common'),
    );
    expect(chooseVersion('Fetch', 1, { min: 12, max: 12 }, table([[1, 12, 16]]))).toBe(12);
  });

  it('[SRV-23] [SRV-24] the TCP transport\'s choice is bounded by the codec and by the version the request was built at', () => {
    const fc = findCoordinatorRequest(4, ['g']);
    expect(atNegotiatedVersion(fc, MOCK_2_12)).toEqual({ api: 'FindCoordinator', version: 3, key: 'g', keyType: 0, coordinatorKeys: [] });
    expect(atNegotiatedVersion(fc, table([[10, 0, 6]]))).toBe(fc);
    // Fetch's codec starts at v4: a broker that stops at v3 has no version in common.
    const fetch = { api: 'Fetch', version: 12 } as KafkaRequest;
    expect(() => atNegotiatedVersion(fetch, table([[1, 0, 3]]))).toThrow(/Fetch versions 0 to 3; the client speaks versions 4 to 12/);
    const meta = { api: 'Metadata', version: 9, topics: null, allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false } as KafkaRequest;
    expect(atNegotiatedVersion(meta, table([[3, 0, 8]]))).toEqual({ ...meta, version: 8 });
    expect(() => atNegotiatedVersion(meta, table([[3, 0, 3]]))).toThrow(/Metadata v3 cannot turn off topic auto-creation/);
  });
});

describe('a request restated at an older version', () => {
  const join: JoinGroupRequest = {
    api: 'JoinGroup', version: 9, clientId: 'c', clientHost: '', groupId: 'g', sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 30_000,
    memberId: 'm', groupInstanceId: null, protocolType: 'consumer', protocols: [{ name: 'range', metadata: new Uint8Array([1]) }], reason: 'why',
  };
  const fetch: OffsetFetchRequest = {
    api: 'OffsetFetch', version: 9, clientId: 'c', clientHost: '', requireStable: true,
    groups: [{ groupId: 'g', memberId: null, memberEpoch: -1, topics: [{ name: 't', partitionIndexes: [0, 1] }] }],
  };
  const leave: LeaveGroupRequest = { api: 'LeaveGroup', version: 5, clientId: 'c', clientHost: '', groupId: 'g', members: [{ memberId: 'm', groupInstanceId: null, reason: 'bye' }] };

  /** The request as a broker reads it after the codec wrote it at its version. */
  const overTheWire = (r: KafkaRequest): unknown => {
    const { clientHost: _h, ...sent } = decodeRequest(encodeRequest(requestHeaderFor(r, 1), r)).request as unknown as Record<string, unknown>;
    return sent;
  };

  it('[SRV-24] FindCoordinator below v4 carries its one key; several keys cannot go', () => {
    expect(requestAtVersion(findCoordinatorRequest(4, ['g']), 3)).toEqual({ api: 'FindCoordinator', version: 3, key: 'g', keyType: 0, coordinatorKeys: [] });
    expect(() => requestAtVersion(findCoordinatorRequest(4, ['a', 'b']), 3)).toThrow(UnsupportedVersionError);
  });

  it('[SRV-24] OffsetFetch below v8 carries one group at the top; requireStable goes from v7; several groups cannot go', () => {
    expect(requestAtVersion(fetch, 6)).toEqual({ api: 'OffsetFetch', version: 6, clientId: 'c', clientHost: '', requireStable: false, groupId: 'g', topics: [{ name: 't', partitionIndexes: [0, 1] }] });
    expect(requestAtVersion(fetch, 7)).toMatchObject({ version: 7, requireStable: true, groupId: 'g' });
    expect(overTheWire(requestAtVersion(fetch, 6) as KafkaRequest)).toMatchObject({ version: 6, groupId: 'g', topics: [{ name: 't', partitionIndexes: [0, 1] }], requireStable: false });
    const two = { ...fetch, groups: [...fetch.groups!, { ...fetch.groups![0]!, groupId: 'h' }] };
    expect(() => requestAtVersion(two, 7)).toThrow(/OffsetFetch v7 carries one group, not 2/);
  });

  it('[SRV-24] LeaveGroup below v3 carries one member id; a static member cannot leave that way', () => {
    expect(requestAtVersion(leave, 2)).toEqual({ api: 'LeaveGroup', version: 2, clientId: 'c', clientHost: '', groupId: 'g', memberId: 'm' });
    expect(overTheWire(requestAtVersion(leave, 2) as KafkaRequest)).toMatchObject({ version: 2, groupId: 'g', memberId: 'm' });
    const stat = { ...leave, members: [{ memberId: 'm', groupInstanceId: 'i', reason: null }] };
    expect(() => requestAtVersion(stat, 2)).toThrow(/group.instance.id/);
  });

  it('[SRV-24] JoinGroup drops the fields an older version lacks; group.instance.id below v5 cannot go', () => {
    expect(overTheWire(requestAtVersion(join, 5) as KafkaRequest)).toMatchObject({ version: 5, groupId: 'g', memberId: 'm', rebalanceTimeoutMs: 30_000, reason: null });
    expect(() => requestAtVersion({ ...join, groupInstanceId: 'i' }, 4)).toThrow(new UnsupportedVersionError('JoinGroup v4 cannot carry group.instance.id (static membership needs v5+)'));
    expect(requestAtVersion({ ...join, groupInstanceId: 'i' }, 5)).toMatchObject({ version: 5, groupInstanceId: 'i' });
  });

  it('[SRV-24] answers of the older layouts read as the newer ones', () => {
    const old: FindCoordinatorResponse = { api: 'FindCoordinator', throttleTimeMs: 0, errorCode: 0, errorMessage: null, nodeId: 2, host: 'h', port: 9, coordinators: [] };
    expect(coordinatorsOf(old, 'g')).toEqual([{ key: 'g', nodeId: 2, host: 'h', port: 9, errorCode: 0, errorMessage: null }]);
    const batched = { ...old, coordinators: [{ key: 'g', nodeId: 3, host: 'x', port: 1, errorCode: 0, errorMessage: null }] };
    expect(coordinatorsOf(batched, 'g')).toBe(batched.coordinators);
    const topics = [{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: 5, committedLeaderEpoch: -1, metadata: '', errorCode: 0 }] }];
    expect(offsetFetchGroupOf({ api: 'OffsetFetch', errorCode: 16, topics, groups: [] }, 'g')).toEqual({ groupId: 'g', errorCode: 16, topics });
    expect(offsetFetchGroupOf({ api: 'OffsetFetch', errorCode: 0, topics: [], groups: [{ groupId: 'h', errorCode: 0, topics }] }, 'g')).toBeUndefined();
  });
});
