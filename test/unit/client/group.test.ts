import { describe, expect, it } from 'vitest';
import { decodeSubscription } from '../../../src/protocol/consumer-protocol/index.js';
import type { JoinGroupRequest, JoinGroupResponse, SyncGroupRequest } from '../../../src/protocol/messages/index.js';
import type { FindCoordinatorRequest } from '../../../src/protocol/messages/find-coordinator.js';
import { cluster, GROUP, modelMoves, movesOf, sorted, World } from './world.js';

describe('a group of consumers', () => {
  it('[CL-01][CL-03][CL-04][CL-22][CL-29][CL-34] three consumers on three brokers balance six partitions and read every record exactly once', () => {
    const w = new World(cluster(6));
    const members = [w.add(), w.add(), w.add()];
    const before = w.produceAll(5);
    w.until(() => w.stable(3));
    const after = w.produceAll(5, 5);
    w.run(3000);

    expect(members.map((m) => m.partitions().length)).toEqual([2, 2, 2]);
    expect(members.flatMap((m) => m.partitions()).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(sorted(w.consumed())).toEqual(sorted([...before, ...after]));
    for (const m of members) {
      // Each partition's records come in offset order.
      for (const p of m.partitions()) {
        const offsets = m.records.filter((r) => r.partition === p).map((r) => r.offset);
        expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
      }
      const find = m.requests<FindCoordinatorRequest>('FindCoordinator')[0];
      expect(find).toMatchObject({ version: 4, coordinatorKeys: [GROUP] });
      // The two-step join: "" answered MEMBER_ID_REQUIRED, then the same request with the id.
      const [first, second] = m.requests<JoinGroupRequest>('JoinGroup');
      const [answer] = m.responses<JoinGroupResponse>('JoinGroup');
      expect(first).toMatchObject({ version: 9, memberId: '', protocolType: 'consumer', sessionTimeoutMs: 45_000, rebalanceTimeoutMs: 300_000 });
      expect(answer?.errorCode).toBe(79);
      expect(second?.memberId).toBe(answer?.memberId);
      expect(first?.protocols.map((p) => p.name)).toEqual(['range', 'cooperative-sticky']);
      const subscription = decodeSubscription(first!.protocols[0]!.metadata);
      expect(subscription).toMatchObject({ version: 3, topics: ['t'], ownedPartitions: [], generationId: -1, rackId: null, userData: null });
      expect(m.states().slice(0, 5)).toEqual(['unjoined', 'discovering', 'preparingRebalance', 'completingRebalance', 'stable']);
    }
    const leaders = members.filter((m) => m.consumer.isLeader);
    expect(leaders).toHaveLength(1);
    for (const m of members) {
      const [sync] = m.requests<SyncGroupRequest>('SyncGroup');
      expect(sync).toMatchObject({ version: 5, protocolType: 'consumer', protocolName: 'range' });
      expect(sync?.assignments).toHaveLength(m.consumer.isLeader ? 3 : 0);
    }
  });

  it('[CL-21] poll never advances virtual time; answers and heartbeats are handled by the loop', () => {
    const w = new World(cluster(2));
    const m = w.add();
    const start = w.kafka.loop.nowMs();
    for (let i = 0; i < 5; i++) m.poll();
    expect(w.kafka.loop.nowMs()).toBe(start);
    expect(m.consumer.state).toBe('discovering');
    expect(m.consumer.memberView()).toMatchObject({ state: 'discovering', coordinator: null, memberId: '', generationId: -1, rejoinNeeded: true, owned: [], readable: [], fatalError: null });
    expect(m.sent()).toEqual(['Metadata', 'FindCoordinator']);
    // The FindCoordinator answer arrives with the loop and the JoinGroup goes at once, without a poll.
    w.kafka.advance(2);
    expect(m.consumer.state).toBe('preparingRebalance');
    expect(m.consumer.memberView().coordinator).toBe(w.kafka.coordinatorFor(GROUP));
    expect(m.sent('JoinGroup')).toEqual(['JoinGroup']);
  });

  it('[CL-21] every state move of a consumer is a move of the member statechart', () => {
    const kafka = cluster(6);
    const w = new World(kafka);
    const partitioned = kafka.createTransport();
    const members = [w.add({ 'session.timeout.ms': 10_000, 'max.poll.interval.ms': 20_000 }), w.add(), w.add({}, { transport: partitioned })];
    w.produceAll(3);
    w.until(() => w.stable(3));
    kafka.crash(kafka.coordinatorFor(GROUP)!);
    w.run(5000);
    partitioned.setFaults([{ action: { type: 'drop' } }]);
    members[2]!.polling = false;
    w.run(15_000);
    members[0]!.polling = false;
    w.run(25_000);
    members[0]!.polling = true;
    w.run(5000);
    members[1]!.consumer.close();
    w.run(1000);
    const model = modelMoves();
    const made = new Set(members.flatMap(movesOf));
    expect(made.size).toBeGreaterThanOrEqual(8);
    for (const move of made) expect(model, move).toContain(move);
  });

  it('[CL-21] the same run twice gives the same traces, request for request', () => {
    const run = (): string => {
      const w = new World(cluster(4));
      const members = [w.add(), w.add({ 'partition.assignment.strategy': ['range'] })];
      w.produceAll(3);
      w.until(() => w.stable(2));
      w.run(4000);
      members[0]!.consumer.close();
      w.run(4000);
      return JSON.stringify(members.map((m) => m.consumer.trace));
    };
    expect(run()).toBe(run());
  });

  it('[CL-23][CL-21] a listener that throws does not stop the assignment; the poll raises its error before taking any record', () => {
    const w = new World(cluster(2));
    w.produceAll(2);
    let calls = 0;
    const a = w.add({}, {}, {
      onPartitionsAssigned: () => {
        calls++;
        throw new Error('boom');
      },
    });
    let raised: unknown;
    for (let i = 0; i < 200 && raised === undefined; i++) {
      try {
        a.poll();
      } catch (e) {
        raised = e;
      }
      w.kafka.advance(50);
    }
    expect(raised).toMatchObject({ kind: 'RebalanceListener', message: 'User rebalance callback throws an error: boom' });
    expect(calls).toBe(1);
    expect(a.consumer.assignment()).toHaveLength(2);
    w.run(1000);
    expect(sorted(a.values())).toEqual(['p0-0', 'p0-1', 'p1-0', 'p1-1']);
  });

  it('[CL-19][CL-32][CL-15] a member that leaves commits, revokes, sends LeaveGroup, and the others take its partitions without duplicates', () => {
    const w = new World(cluster(6));
    const revoked: number[][] = [];
    const [a, b] = [w.add(), w.add()];
    const c = w.add({}, {}, { onPartitionsRevoked: (tps) => revoked.push(tps.map((tp) => tp.partition)) });
    const before = w.produceAll(5);
    w.until(() => w.stable(3));
    w.run(2000);
    const owned = c.partitions();
    expect(c.records.length).toBeGreaterThan(0);

    c.consumer.close();
    c.polling = false;
    expect(c.consumer.state).toBe('leaving');
    expect(revoked.at(-1)).toEqual(owned);
    expect(c.consumer.assignment()).toEqual([]);
    // The final auto-commit goes first, then LeaveGroup on the same connection.
    expect(c.sent('OffsetCommit', 'LeaveGroup')).toEqual(['OffsetCommit', 'LeaveGroup']);
    w.kafka.advance(10);
    expect(c.consumer.state).toBe('left');

    const after = w.produceAll(5, 5);
    w.until(() => w.stable(2));
    w.run(3000);
    expect([...a.partitions(), ...b.partitions()].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(sorted(w.consumed())).toEqual(sorted([...before, ...after]));
    expect(w.group()?.members.size).toBe(2);
  });

  it('[CL-16][CL-31][CL-08] a consumer that stops polling and heartbeating is expelled after its session; the others rebalance and lose nothing', () => {
    const kafka = cluster(6);
    const w = new World(kafka);
    const config = { 'session.timeout.ms': 10_000, 'enable.auto.commit': false };
    const [a, b] = [w.add(config), w.add(config)];
    const partitioned = kafka.createTransport();
    const c = w.add(config, { transport: partitioned });
    const before = w.produceAll(5);
    w.until(() => w.stable(3));
    w.run(1000);
    for (const m of [a, b]) m.consumer.commitSync();
    const readByC = c.values();
    expect(readByC.length).toBeGreaterThan(0);

    // The process dies: it polls no more and nothing it sends or should receive gets through.
    partitioned.setFaults([{ action: { type: 'drop' } }]);
    c.polling = false;
    const crashedAt = kafka.loop.nowMs();
    w.until(() => w.stable(2));
    const rebalancedAfter = kafka.loop.nowMs() - crashedAt;
    expect(rebalancedAfter).toBeGreaterThanOrEqual(10_000);
    expect(rebalancedAfter).toBeLessThan(10_000 + 3_000 + 1_000);
    // The survivors heard of the rebalance from a heartbeat.
    for (const m of [a, b]) expect(m.responses<{ errorCode: number }>('Heartbeat').some((r) => r.errorCode === 27)).toBe(true);

    const after = w.produceAll(5, 5);
    w.run(3000);
    expect([...a.partitions(), ...b.partitions()].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    // c never committed: what it read is read again by its partitions' new owners; nothing is lost.
    const survivors = [...a.values(), ...b.values()];
    expect(sorted([...new Set(survivors)])).toEqual(sorted([...before, ...after]));
    for (const v of readByC) expect(survivors).toContain(v);
  });

  it('[CL-09][CL-31][CL-34] when the coordinator broker crashes, members rediscover it and carry on in the same generation with their committed offsets', () => {
    const kafka = cluster(6);
    const w = new World(kafka);
    const members = [w.add(), w.add(), w.add()];
    const before = w.produceAll(5);
    w.until(() => w.stable(3));
    w.run(1000);
    for (const m of members) m.consumer.commitSync();
    const committed = members[0]!.consumer.committed([0, 1, 2, 3, 4, 5].map((partition) => ({ topic: 't', partition })));
    expect(committed.map((o) => o?.offset)).toEqual([5, 5, 5, 5, 5, 5]);
    const generation = w.group()!.generationId;
    const old = kafka.coordinatorFor(GROUP)!;

    kafka.crash(old);
    const after = w.produceAll(5, 5);
    w.run(12_000);

    const now = kafka.coordinatorFor(GROUP);
    expect(now).not.toBe(old);
    expect(w.group()).toMatchObject({ state: 'Stable', generationId: generation });
    for (const m of members) {
      expect(m.consumer.state).toBe('stable');
      expect(m.consumer.groupMetadata().generationId).toBe(generation);
      // A request to the crashed broker failed, and the member found the new coordinator.
      expect(m.consumer.trace.some((e) => e.type === 'networkError' && e.nodeId === old)).toBe(true);
      const finds = m.responses<{ coordinators: { nodeId: number }[] }>('FindCoordinator');
      expect(finds.at(-1)?.coordinators[0]?.nodeId).toBe(now);
    }
    // The offsets committed before the crash survived; reading went on from them, once.
    const fresh = members[1]!.consumer.committed([{ topic: 't', partition: 0 }]);
    expect(fresh[0]?.offset).toBeGreaterThanOrEqual(5);
    expect(sorted(w.consumed())).toEqual(sorted([...before, ...after]));
  });
});
