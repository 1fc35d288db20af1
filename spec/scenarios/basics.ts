/**
 * A first, whole rebalance: two dynamic members join with the two-step join, the leader
 * syncs, the follower syncs, both heartbeat.
 */
import type { Scenario } from '../../src/conformance/scenario.js';
import { advance, bytes, expect, expectDurable, expectGroup, expectPending, heartbeat, joinGroup, send, syncGroup } from '../../src/conformance/scenario.js';

export const basics: Scenario[] = [
  {
    name: 'basics: two members join, sync and heartbeat',
    rules: [],
    config: { 'group.initial.rebalance.delay.ms': 3000 },
    steps: [
      send('j1', joinGroup({ clientId: 'c1' })),
      expect('j1', { errorCode: 79, memberId: '$m1' }),
      send('j1b', joinGroup({ clientId: 'c1', memberId: '$m1' })),
      expectPending('j1b'),
      send('j2', joinGroup({ clientId: 'c2' })),
      expect('j2', { errorCode: 79, memberId: '$m2' }),
      send('j2b', joinGroup({ clientId: 'c2', memberId: '$m2' })),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 0 }),
      advance(3000),
      // m2 arrived during the initial delay, so the delay is extended once more (KIP-134).
      expectPending('j1b'),
      advance(3000),
      expect('j1b', { errorCode: 0, generationId: 1, leader: '$m1', memberId: '$m1', protocolName: 'range', protocolType: 'consumer', members: [{ memberId: '$m1' }, { memberId: '$m2' }] }),
      expect('j2b', { errorCode: 0, generationId: 1, leader: '$m1', memberId: '$m2', members: [] }),
      expectGroup('g', { state: 'CompletingRebalance', generationId: 1, leader: '$m1', members: ['$m1', '$m2'] }),
      send('s2', syncGroup({ memberId: '$m2' })),
      expectPending('s2'),
      send('s1', syncGroup({ memberId: '$m1', assignments: [{ memberId: '$m1', assignment: bytes('a1') }, { memberId: '$m2', assignment: bytes('a2') }] })),
      expect('s1', { errorCode: 0, assignment: bytes('a1') }),
      expect('s2', { errorCode: 0, assignment: bytes('a2'), protocolName: 'range' }),
      expectGroup('g', { state: 'Stable' }),
      send('h1', heartbeat({ memberId: '$m1' })),
      expect('h1', { errorCode: 0 }),
      expectDurable('g', [{ generation: 0, members: [] }, { generation: 1, leader: '$m1', protocol: 'range', members: [{ memberId: '$m1', assignment: bytes('a1') }, { memberId: '$m2', assignment: bytes('a2') }] }]),
      send('x', heartbeat({ memberId: 'nobody' })),
      expect('x', { errorCode: 25 }),
    ],
  },
];
