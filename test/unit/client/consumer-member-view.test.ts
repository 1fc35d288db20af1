import { describe, expect, it } from 'vitest';
import { ConsumerError } from '../../../src/client/index.js';
import { consumerOf } from '../../helpers/consumer.js';
import { cluster, GROUP, TOPIC } from './world.js';

const FAST = { consumerSessionTimeoutMs: 6_000, consumerMinSessionTimeoutMs: 6_000, consumerHeartbeatIntervalMs: 1_000, consumerMinHeartbeatIntervalMs: 1_000 };

describe('the views of a member', () => {
  it('[CL-35][CL-37] groupMemberView describes a KIP-848 member (state, epoch, target by topic id, owned); memberView stays the classic member\'s', () => {
    const kafka = cluster(2, FAST);
    const c = consumerOf(kafka, { 'group.id': GROUP, 'group.protocol': 'consumer' });
    c.subscribe([TOPIC]);
    expect(c.groupMemberView()).toMatchObject({ state: 'UNSUBSCRIBED', coordinator: null, memberEpoch: 0, target: null, owned: [], readable: [], fatalError: null });
    for (let t = 0; t < 10_000 && c.state !== 'STABLE'; t += 50) {
      c.poll(0);
      kafka.advance(50);
    }
    const v = c.groupMemberView();
    const topicId = kafka.cluster.topic(TOPIC)?.topicId;
    expect(v.state).toBe('STABLE');
    expect(v.memberId).toBe(c.groupMetadata().memberId);
    expect(v.memberEpoch).toBe(c.groupMetadata().generationId);
    expect(v.memberEpoch).toBeGreaterThan(0);
    expect(v.coordinator).not.toBeNull();
    expect(v.target).toEqual([{ topicId, partitions: [0, 1] }]);
    expect(v.owned).toEqual([{ topic: TOPIC, partition: 0 }, { topic: TOPIC, partition: 1 }]);
    expect(v.readable).toEqual(v.owned);
    // The classic view has fields (generation, leader, rejoin flag) a KIP-848 member lacks: it refuses, and says where to look.
    expect(() => c.memberView()).toThrow(/groupMemberView\(\) describes a KIP-848 member/);
    const classic = consumerOf(kafka, { 'group.id': 'other' });
    expect(() => classic.groupMemberView()).toThrow(ConsumerError);
    expect(classic.memberView().state).toBe('unjoined');
  });
});
