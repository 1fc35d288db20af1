/**
 * A first, whole rebalance: two dynamic members join with the two-step join, the leader
 * syncs, the follower syncs, both heartbeat.
 *
 * @remarks
 * How the two members come together depends on the broker's initial delay: with one, both join
 * its initial rebalance, which the second extends once (KIP-134), and the group forms at
 * generation 1; with none, the first member's join phase ends at once (TM-12) and the second
 * member's join starts a rebalance that the first rejoins, at generation 2. The rest is the same.
 */
import type { Scenario, ScenarioEnv, Step } from '../../src/conformance/scenario.js';
import { advance, bytes, expect, expectDurable, expectGroup, expectPending, heartbeat, joinGroup, send, syncGroup } from '../../src/conformance/scenario.js';
import { formsAtOnce, initialJoinMs } from './setup.js';

/** Both members join the initial rebalance, which waits out the delay twice; generation 1. */
function joinDuringDelay(env: ScenarioEnv): Step[] {
  const extensionMs = initialJoinMs(env, 2) - env.delayMs;
  // One margin past the first end of the delay the join phase is still open, when the extension
  // leaves room for a check one margin either side of it.
  const checkExtension = extensionMs >= 2 * env.marginMs;
  return [
    send('j1', joinGroup({ clientId: 'c1' })),
    expect('j1', { errorCode: 79, memberId: '$m1' }),
    send('j1b', joinGroup({ clientId: 'c1', memberId: '$m1' })),
    expectPending('j1b'),
    send('j2', joinGroup({ clientId: 'c2' })),
    expect('j2', { errorCode: 79, memberId: '$m2' }),
    send('j2b', joinGroup({ clientId: 'c2', memberId: '$m2' })),
    expectGroup('g', { state: 'PreparingRebalance', generationId: 0 }),
    // m2 arrived during the initial delay, so the delay is extended once more (KIP-134).
    ...(checkExtension
      ? [advance(env.delayMs + env.marginMs), expectPending('j1b'), advance(extensionMs - env.marginMs + env.settleMs)]
      : [advance(initialJoinMs(env, 2) + env.settleMs)]),
    expect('j1b', { errorCode: 0, generationId: 1, leader: '$m1', memberId: '$m1', protocolName: 'range', protocolType: 'consumer', members: [{ memberId: '$m1' }, { memberId: '$m2' }] }),
    expect('j2b', { errorCode: 0, generationId: 1, leader: '$m1', memberId: '$m2', members: [] }),
  ];
}

/**
 * With no delay (or, in real time, one shorter than a margin), m1 forms generation 1 alone; m2's
 * join starts a rebalance m1 rejoins; generation 2.
 */
function joinWithoutDelay(env: ScenarioEnv): Step[] {
  return [
    send('j1', joinGroup({ clientId: 'c1' })),
    expect('j1', { errorCode: 79, memberId: '$m1' }),
    send('j1b', joinGroup({ clientId: 'c1', memberId: '$m1' })),
    ...(env.delayMs > 0 ? [advance(env.delayMs)] : []),
    expect('j1b', { errorCode: 0, generationId: 1, leader: '$m1', memberId: '$m1', members: [{ memberId: '$m1' }] }),
    send('j2', joinGroup({ clientId: 'c2' })),
    expect('j2', { errorCode: 79, memberId: '$m2' }),
    send('j2b', joinGroup({ clientId: 'c2', memberId: '$m2' })),
    expectPending('j2b'),
    expectGroup('g', { state: 'PreparingRebalance', generationId: 1 }),
    send('j1c', joinGroup({ clientId: 'c1', memberId: '$m1' })),
    expect('j1c', { errorCode: 0, generationId: 2, leader: '$m1', memberId: '$m1', protocolName: 'range', protocolType: 'consumer', members: [{ memberId: '$m1' }, { memberId: '$m2' }] }),
    expect('j2b', { errorCode: 0, generationId: 2, leader: '$m1', memberId: '$m2', members: [] }),
  ];
}

/** The group formed at generation `gen`: the follower's SyncGroup waits for the leader's, then heartbeats. */
function syncAndHeartbeat(gen: number): Step[] {
  return [
    expectGroup('g', { state: 'CompletingRebalance', generationId: gen, leader: '$m1', members: ['$m1', '$m2'] }),
    send('s2', syncGroup({ memberId: '$m2', generationId: gen })),
    expectPending('s2'),
    send('s1', syncGroup({ memberId: '$m1', generationId: gen, assignments: [{ memberId: '$m1', assignment: bytes('a1') }, { memberId: '$m2', assignment: bytes('a2') }] })),
    expect('s1', { errorCode: 0, assignment: bytes('a1') }),
    expect('s2', { errorCode: 0, assignment: bytes('a2'), protocolName: 'range' }),
    expectGroup('g', { state: 'Stable' }),
    send('h1', heartbeat({ memberId: '$m1', generationId: gen })),
    expect('h1', { errorCode: 0 }),
    // Join completions write nothing: the creation record, then the leader's SyncGroup.
    expectDurable('g', [{ generation: 0, members: [] }, { generation: gen, leader: '$m1', protocol: 'range', members: [{ memberId: '$m1', assignment: bytes('a1') }, { memberId: '$m2', assignment: bytes('a2') }] }]),
    send('x', heartbeat({ memberId: 'nobody', generationId: gen })),
    expect('x', { errorCode: 25 }),
  ];
}

export const basics: Scenario[] = [
  {
    name: 'basics: two members join, sync and heartbeat',
    rules: [],
    steps: (env) => (formsAtOnce(env) ? [...joinDuringDelay(env), ...syncAndHeartbeat(1)] : [...joinWithoutDelay(env), ...syncAndHeartbeat(2)]),
  },
];
