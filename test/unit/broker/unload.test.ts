import { describe, expect, it } from 'vitest';
import { InMemoryKafka } from '../../../src/broker/in-memory-kafka.js';
import { GroupTestContext } from '../../helpers/test-context.js';
import { joinGroup, leaveGroup, syncGroup } from '../../../src/conformance/scenario.js';
import type { JoinGroupResponse, SyncGroupResponse } from '../../../src/protocol/messages/index.js';

describe('unloading a coordinator', () => {
  it('[FO-07][GS-01] unload sends groups to Dead, answers parked requests NOT_COORDINATOR, and Dead answers COORDINATOR_NOT_AVAILABLE', () => {
    const ctx = new GroupTestContext({ initialRebalanceDelayMs: 100 });
    const [m1, m2] = ctx.stableGroup(2);
    // A rebalance in flight: m1's JoinGroup is parked.
    const rejoin = ctx.joinGroup({ clientId: 'c1', memberId: m1! });
    expect(rejoin.response).toBeUndefined();
    ctx.runtime.unload();
    expect(ctx.response<JoinGroupResponse>(rejoin.requestId)).toMatchObject({ errorCode: 16, memberId: m1 });
    expect(ctx.group().state).toBe('Dead');
    expect(ctx.runtime.timers()).toEqual([]);
    expect(ctx.heartbeat({ memberId: m2!, generationId: 1 }).response?.errorCode).toBe(15);
    expect(ctx.syncGroup({ memberId: m2!, generationId: 1 }).response?.errorCode).toBe(15);
    expect(ctx.send(joinGroup({ memberId: m2! })).response).toMatchObject({ errorCode: 15 });
    expect(ctx.send(joinGroup({ memberId: '' })).response).toMatchObject({ errorCode: 15 });
    expect(ctx.send(leaveGroup([m2!])).response).toMatchObject({ errorCode: 15, members: [] });
  });

  it('[FO-07] a parked SyncGroup is answered NOT_COORDINATOR on unload', () => {
    const ctx = new GroupTestContext({ initialRebalanceDelayMs: 100 });
    const [m1, m2] = ctx.stableGroup(2);
    ctx.joinGroup({ clientId: 'c1', memberId: m1! });
    ctx.joinGroup({ clientId: 'c2', memberId: m2! });
    expect(ctx.group().state).toBe('CompletingRebalance');
    const sync = ctx.send<SyncGroupResponse>(syncGroup({ memberId: m2!, generationId: 2 }));
    expect(sync.response).toBeUndefined();
    ctx.runtime.unload();
    expect(ctx.response<SyncGroupResponse>(sync.requestId)?.errorCode).toBe(16);
  });
});

describe('unloading a shard of the cluster', () => {
  it('[FO-07][JG-19] a parked JoinGroup its handler dropped is not answered by the unload; the one that replaced it is', () => {
    const kafka = new InMemoryKafka({ brokers: 3, config: { initialRebalanceDelayMs: 1000 } });
    const node = kafka.coordinatorFor('g')!;
    const first = kafka.send(node, joinGroup({ clientId: 'c1', memberId: '' }));
    const memberId = (kafka.response(first) as JoinGroupResponse).memberId;
    const parked = kafka.send(node, joinGroup({ clientId: 'c1', memberId }));
    const replacing = kafka.send(node, joinGroup({ clientId: 'c1', memberId }));
    expect([kafka.delivery(parked), kafka.delivery(replacing)]).toEqual([undefined, undefined]);
    kafka.moveCoordinator('g', [0, 1, 2].find((n) => n !== node)!);
    expect(kafka.response(replacing)).toMatchObject({ errorCode: 16, memberId });
    expect(kafka.delivery(parked)).toBeUndefined();
  });
});
