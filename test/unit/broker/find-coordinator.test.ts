import { describe, expect, it } from 'vitest';
import { EventLoop } from '../../../src/time/event-loop.js';
import { Cluster } from '../../../src/broker/cluster/index.js';
import { CONSUMER_OFFSETS_TOPIC, ensureOffsetsTopic, partitionForGroup } from '../../../src/broker/coordinator-placement.js';
import { handleFindCoordinator } from '../../../src/broker/find-coordinator.js';
import { findCoordinatorRequest, type FindCoordinatorRequest, type FindCoordinatorResponse } from '../../../src/protocol/messages/find-coordinator.js';
import { ManualClock } from '../../../src/time/clock.js';

const NOT_AVAILABLE_TEXT = 'The coordinator is not available.';
const INVALID_REQUEST_TEXT =
  'This most likely occurs because of a request being malformed by the client library or the message was sent to an incompatible broker. See the broker logs for more details.';

function cluster(brokers = 3): Cluster {
  const c = new Cluster({ loop: new EventLoop(new ManualClock(0)), brokers });
  ensureOffsetsTopic(c);
  return c;
}

/** The v0-3 response with everything but the given fields at their defaults. */
function single(fields: Partial<FindCoordinatorResponse>): FindCoordinatorResponse {
  return { api: 'FindCoordinator', throttleTimeMs: 0, errorCode: 0, errorMessage: null, nodeId: 0, host: '', port: 0, coordinators: [], ...fields };
}

describe('FindCoordinator', () => {
  it.each([0, 1, 2, 3])('[FC-02][FC-04] v%i answers the leader of the group partition in the top-level fields', (version) => {
    const c = cluster();
    const leader = c.partition(CONSUMER_OFFSETS_TOPIC, partitionForGroup('foo', 50))?.leader;
    expect(leader).toBe(0);
    const response = handleFindCoordinator(c, findCoordinatorRequest(version, ['foo']));
    expect(response).toEqual(
      single({ nodeId: 0, host: 'broker-0.local', port: 9092, errorMessage: version === 0 ? null : 'NONE' }),
    );
  });

  it('[FC-02] the answer follows leadership and does not depend on which broker is asked', () => {
    const c = cluster();
    const p = partitionForGroup('my-group', 50);
    const before = c.partition(CONSUMER_OFFSETS_TOPIC, p)?.leader;
    const target = c.partition(CONSUMER_OFFSETS_TOPIC, p)?.replicas.find((r) => r !== before) ?? -1;
    expect(c.moveLeadership(CONSUMER_OFFSETS_TOPIC, p, target)).toMatchObject({ leader: target });
    const response = handleFindCoordinator(c, findCoordinatorRequest(3, ['my-group']));
    expect(response.nodeId).toBe(target);
    expect(response.host).toBe(`broker-${target}.local`);
  });

  it.each([0, 1, 3])('[FC-03][FC-04] v%i: no leader gives COORDINATOR_NOT_AVAILABLE with node -1, host "" and port -1', (version) => {
    const c = new Cluster({ loop: new EventLoop(new ManualClock(0)), brokers: 1 });
    ensureOffsetsTopic(c);
    c.crash(0);
    expect(c.partition(CONSUMER_OFFSETS_TOPIC, 24)?.leader).toBeNull();
    expect(handleFindCoordinator(c, findCoordinatorRequest(version, ['foo']))).toEqual(
      single({ errorCode: 15, errorMessage: version === 0 ? null : NOT_AVAILABLE_TEXT, nodeId: -1, host: '', port: -1 }),
    );
  });

  it('[FC-03] a missing offsets topic gives COORDINATOR_NOT_AVAILABLE and asks for its creation', () => {
    const c = new Cluster({ loop: new EventLoop(new ManualClock(0)), brokers: 3 });
    const missing: string[] = [];
    const response = handleFindCoordinator(c, findCoordinatorRequest(2, ['foo']), { onMissingTopic: (t) => missing.push(t) });
    expect(response).toEqual(single({ errorCode: 15, errorMessage: NOT_AVAILABLE_TEXT, nodeId: -1, host: '', port: -1 }));
    expect(missing).toEqual([CONSUMER_OFFSETS_TOPIC]);
  });

  it.each([4, 5, 6])('[FC-05] v%i answers each key in request order, with per-key errors and null messages', (version) => {
    // Four brokers: 'group-id' (partition 13) lives on [1, 2, 3] and 'foo' (partition 24) on [0, 1, 2].
    const c = cluster(4);
    expect(c.partition(CONSUMER_OFFSETS_TOPIC, partitionForGroup('group-id', 50))?.replicas).toEqual([1, 2, 3]);
    expect(c.partition(CONSUMER_OFFSETS_TOPIC, partitionForGroup('foo', 50))?.replicas).toEqual([0, 1, 2]);
    c.crash(1);
    c.crash(2);
    c.crash(3);
    const response = handleFindCoordinator(c, findCoordinatorRequest(version, ['foo', 'group-id', 'foo']));
    const ok = { key: 'foo', nodeId: 0, host: 'broker-0.local', port: 9092, errorCode: 0, errorMessage: null };
    expect(response).toEqual({
      api: 'FindCoordinator',
      throttleTimeMs: 0,
      errorCode: 0,
      errorMessage: null,
      nodeId: 0,
      host: '',
      port: 0,
      coordinators: [ok, { key: 'group-id', nodeId: -1, host: '', port: -1, errorCode: 15, errorMessage: null }, ok],
    });
    expect(handleFindCoordinator(c, findCoordinatorRequest(version, [])).coordinators).toEqual([]);
  });

  it('[FC-06] transaction keys look in __transaction_state, which is never created: COORDINATOR_NOT_AVAILABLE', () => {
    const c = cluster();
    const missing: string[] = [];
    const v1 = handleFindCoordinator(c, findCoordinatorRequest(1, ['txn-1'], 1), { onMissingTopic: (t) => missing.push(t) });
    expect(v1).toEqual(single({ errorCode: 15, errorMessage: NOT_AVAILABLE_TEXT, nodeId: -1, host: '', port: -1 }));
    const v4 = handleFindCoordinator(c, findCoordinatorRequest(4, ['txn-1'], 1));
    expect(v4.coordinators).toEqual([{ key: 'txn-1', nodeId: -1, host: '', port: -1, errorCode: 15, errorMessage: null }]);
    expect(missing).toEqual(['__transaction_state']);
    // Were the topic there, the same formula would place the key on its partition leader.
    c.createTopic('__transaction_state', 50, 3);
    const placed = handleFindCoordinator(c, findCoordinatorRequest(4, ['txn-1'], 1)).coordinators[0];
    expect(placed?.nodeId).toBe(c.partition('__transaction_state', partitionForGroup('txn-1', 50))?.leader);
  });

  it('[FC-06] share keys are INVALID_REQUEST per key; v0 ignores KeyType', () => {
    const c = cluster();
    expect(handleFindCoordinator(c, findCoordinatorRequest(3, ['s'], 2))).toEqual(
      single({ errorCode: 42, errorMessage: INVALID_REQUEST_TEXT, nodeId: -1, host: '', port: -1 }),
    );
    expect(handleFindCoordinator(c, findCoordinatorRequest(6, ['s', 'foo'], 2)).coordinators).toEqual([
      { key: 's', nodeId: -1, host: '', port: -1, errorCode: 42, errorMessage: null },
      { key: 'foo', nodeId: -1, host: '', port: -1, errorCode: 42, errorMessage: null },
    ]);
    const v0: FindCoordinatorRequest = { api: 'FindCoordinator', version: 0, key: 'foo', keyType: 2, coordinatorKeys: [] };
    expect(handleFindCoordinator(c, v0).nodeId).toBe(0);
  });

  it('[FC-06] an unknown key type fails the whole request with INVALID_REQUEST and its message', () => {
    const c = cluster();
    expect(handleFindCoordinator(c, findCoordinatorRequest(2, ['foo'], 7))).toEqual(
      single({ errorCode: 42, errorMessage: INVALID_REQUEST_TEXT, nodeId: -1, host: '', port: -1 }),
    );
    expect(handleFindCoordinator(c, findCoordinatorRequest(4, ['foo', 'bar'], -1)).coordinators).toEqual([
      { key: 'foo', nodeId: -1, host: '', port: -1, errorCode: 42, errorMessage: INVALID_REQUEST_TEXT },
      { key: 'bar', nodeId: -1, host: '', port: -1, errorCode: 42, errorMessage: INVALID_REQUEST_TEXT },
    ]);
  });

  it('[FC-04][FC-05] request builders: one key before v4, a list from v4; versions outside 0-6 are refused', () => {
    expect(findCoordinatorRequest(3, ['g'])).toEqual({ api: 'FindCoordinator', version: 3, key: 'g', keyType: 0, coordinatorKeys: [] });
    expect(findCoordinatorRequest(4, ['g', 'h'])).toEqual({ api: 'FindCoordinator', version: 4, key: '', keyType: 0, coordinatorKeys: ['g', 'h'] });
    expect(() => findCoordinatorRequest(3, ['g', 'h'])).toThrow(RangeError);
    expect(() => handleFindCoordinator(cluster(), { ...findCoordinatorRequest(6, ['g']), version: 7 })).toThrow(RangeError);
  });
});
