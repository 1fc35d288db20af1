import { describe, expect, it } from 'vitest';
import type { Member } from '../../../../src/protocol/group.js';
import { isSubscribedToTopic, newGroup } from '../../../../src/protocol/group.js';
import { encodeSubscription } from '../../../../src/protocol/consumer-protocol/index.js';
import { computeSubscribedTopics, decodeSubscribedTopicsV0 } from '../../../../src/protocol/offsets/index.js';
import { subscriptionV0 } from '../../../../spec/scenarios/offset-helpers.js';
import { GroupTestContext } from '../../../helpers/test-context.js';

function member(memberId: string, metadata: Uint8Array, name = 'range'): Member {
  return {
    memberId,
    groupInstanceId: null,
    clientId: 'c',
    clientHost: 'h',
    rebalanceTimeoutMs: 1,
    sessionTimeoutMs: 1,
    protocolType: 'consumer',
    protocols: [{ name, metadata }],
    assignment: new Uint8Array(0),
    awaitingJoin: null,
    awaitingSync: null,
    isNew: false,
  };
}

describe('the ConsumerProtocol v0 prefix', () => {
  it('[OD-04] reads the topics of every version, ignoring the version and anything after the user data', () => {
    expect(decodeSubscribedTopicsV0(subscriptionV0(['a', 'é']))).toEqual(['a', 'é']);
    for (const version of [0, 1, 2, 3]) {
      const bytes = encodeSubscription({ topics: ['t', 'u'], userData: new Uint8Array([9, 9]), ownedPartitions: [{ topic: 't', partition: 1 }], generationId: 4, rackId: 'r' }, version);
      expect(decodeSubscribedTopicsV0(bytes)).toEqual(['t', 'u']);
    }
    const withTrailer = new Uint8Array([...subscriptionV0(['x']), 1, 2, 3]);
    expect(decodeSubscribedTopicsV0(withTrailer)).toEqual(['x']);
    // A negative version is read and ignored here (Kafka's coordinator does not check it).
    const negative = subscriptionV0(['x']);
    negative[0] = 0xff;
    expect(decodeSubscribedTopicsV0(negative)).toEqual(['x']);
  });

  it('[OD-04] the edges of a complete prefix: no topics, an empty topic name, empty user data', () => {
    expect(decodeSubscribedTopicsV0(subscriptionV0([]))).toEqual([]);
    expect(decodeSubscribedTopicsV0(subscriptionV0(['', 't']))).toEqual(['', 't']);
    // User data of length 0 (not null): the prefix ends right after its length.
    const emptyUserData = subscriptionV0(['t']);
    emptyUserData.fill(0, -4);
    expect(decodeSubscribedTopicsV0(emptyUserData)).toEqual(['t']);
  });

  it('[OD-04] anything short of a complete prefix is not a subscription', () => {
    const ok = subscriptionV0(['topic']);
    for (let n = 0; n < ok.length; n++) expect(decodeSubscribedTopicsV0(ok.subarray(0, n)), `first ${n} bytes`).toBeNull();
    expect(decodeSubscribedTopicsV0(new Uint8Array([0, 0, 255, 255, 255, 255, 255, 255, 255, 255]))).toBeNull();
    expect(decodeSubscribedTopicsV0(new Uint8Array([0, 0, 0, 0, 0, 1, 255, 255, 255, 255, 255, 255]))).toBeNull();
    expect(decodeSubscribedTopicsV0(new TextEncoder().encode('range:meta'))).toBeNull();
    // A count that the bytes could hold as empty names, but the first topic takes them all.
    expect(decodeSubscribedTopicsV0(new Uint8Array([0, 0, 0, 0, 0, 2, 0, 2, 97, 98]))).toBeNull();
    // User data longer than the bytes left.
    expect(decodeSubscribedTopicsV0(new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 0, 9, 1]))).toBeNull();
  });
});

describe('subscribed topics', () => {
  it('[OD-04] known only for consumer groups: the union of members\' topics for the selected protocol', () => {
    const a = member('a', subscriptionV0(['t', 'u']));
    const b = member('b', subscriptionV0(['u', 'v']));
    expect(computeSubscribedTopics('consumer', 'range', [a, b])).toEqual(new Set(['t', 'u', 'v']));
    expect(computeSubscribedTopics('consumer', null, [])).toEqual(new Set());
    expect(computeSubscribedTopics('consumer', null, [a])).toBeNull();
    expect(computeSubscribedTopics('connect', 'range', [a])).toBeNull();
    expect(computeSubscribedTopics(null, 'range', [a])).toBeNull();
    expect(computeSubscribedTopics('consumer', 'range', [a, member('c', new Uint8Array([1]))])).toBeNull();
    expect(computeSubscribedTopics('consumer', 'range', [member('d', subscriptionV0(['t']), 'roundrobin')])).toBeNull();
  });

  it('[OD-04] subscribed: membership when known; when unknown, exactly for consumer groups', () => {
    expect(isSubscribedToTopic({ ...newGroup('g', 0), protocolType: 'consumer', subscribedTopics: new Set(['t']) }, 't')).toBe(true);
    expect(isSubscribedToTopic({ ...newGroup('g', 0), protocolType: 'consumer', subscribedTopics: new Set(['t']) }, 'u')).toBe(false);
    expect(isSubscribedToTopic({ ...newGroup('g', 0), protocolType: 'consumer' }, 'u')).toBe(true);
    expect(isSubscribedToTopic({ ...newGroup('g', 0), protocolType: 'connect' }, 'u')).toBe(false);
    expect(isSubscribedToTopic(newGroup('g', 0), 'u')).toBe(false);
  });

  it('[OD-04] computed at every generation bump from the members\' metadata then, and at nothing else (a new group has none)', () => {
    const ctx = new GroupTestContext({ initialRebalanceDelayMs: 100 });
    const protocols = (topics: string[]) => [{ name: 'range', metadata: subscriptionV0(topics) }];
    expect(ctx.joinGroup({ protocols: protocols(['t']) }).response?.errorCode).toBe(79);
    expect(ctx.group().subscribedTopics).toBeNull();
    const m1 = [...ctx.group().pendingJoinMembers][0]!;
    ctx.joinGroup({ memberId: m1, protocols: protocols(['t']) });
    ctx.advance(200);
    expect(ctx.group().subscribedTopics).toEqual(new Set(['t']));
    ctx.syncGroup({ memberId: m1, generationId: 1 });
    const rejoin = ctx.joinGroup({ memberId: m1, protocols: protocols(['u']) });
    // The leader's rejoin completes the join at once: generation 2 reads the new metadata.
    expect(rejoin.response?.generationId).toBe(2);
    expect(ctx.group().subscribedTopics).toEqual(new Set(['u']));
    ctx.leaveGroup([m1]);
    expect(ctx.group()).toMatchObject({ state: 'Empty', subscribedTopics: new Set() });
  });
});
