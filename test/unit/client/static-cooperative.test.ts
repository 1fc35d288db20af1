import { describe, expect, it } from 'vitest';
import type { ConsumerError, TopicPartition } from '../../../src/client/index.js';
import type { JoinGroupRequest, OffsetCommitRequest } from '../../../src/protocol/messages/index.js';
import { decodeSubscription } from '../../../src/protocol/consumer-protocol/index.js';
import { cluster, sorted, World } from './world.js';

const parts = (tps: readonly TopicPartition[]): string => tps.map((tp) => tp.partition).join(',');

describe('static membership', () => {
  it('[CL-19][CL-18] a static member closes without LeaveGroup; restarted with its group.instance.id it gets its partitions back without a rebalance', () => {
    const kafka = cluster(6);
    const w = new World(kafka);
    const config = (id: string) => ({ 'group.instance.id': id, 'session.timeout.ms': 30_000 });
    const a = w.add(config('i-a'));
    const b = w.add(config('i-b'));
    w.until(() => w.stable(2));
    const generation = w.group()!.generationId;
    const owned = b.partitions();
    expect(b.requests<JoinGroupRequest>('JoinGroup')[0]?.groupInstanceId).toBe('i-b');

    b.consumer.close();
    b.polling = false;
    expect(b.consumer.state).toBe('left');
    expect(b.sent('LeaveGroup')).toEqual([]);
    w.run(5_000);
    expect(w.group()).toMatchObject({ state: 'Stable', generationId: generation });
    expect(w.group()!.members.size).toBe(2);

    const b2 = w.add(config('i-b'));
    w.until(() => w.stable(2));
    expect(b2.partitions()).toEqual(owned);
    expect(w.group()!.generationId).toBe(generation);
    expect(a.states().filter((s) => s === 'preparingRebalance')).toHaveLength(1);
  });

  it('[CL-11][CL-20][CL-19] a member fenced by another process with its group.instance.id is fatal: every poll raises it, close leaves without LeaveGroup', () => {
    const kafka = cluster(4);
    const w = new World(kafka);
    const lost: string[] = [];
    const a = w.add({ 'group.instance.id': 'i-a' }, {}, { onPartitionsLost: (tps) => lost.push(parts(tps)) });
    w.until(() => w.stable(1));
    const owned = parts(a.consumer.assignment());
    a.polling = false;
    const twin = w.add({ 'group.instance.id': 'i-a' });
    w.until(() => twin.consumer.state === 'stable' && a.consumer.state === 'fatal', 20_000);
    expect(a.responses<{ errorCode: number }>('Heartbeat').at(-1)?.errorCode).toBe(82);
    for (let i = 0; i < 2; i++) {
      let error: ConsumerError | undefined;
      try {
        a.consumer.poll(0);
      } catch (e) {
        error = e as ConsumerError;
      }
      expect(error).toMatchObject({ kind: 'FencedInstanceId', errorCode: 82 });
    }
    expect(lost).toEqual([owned]);
    expect(a.consumer.readablePartitions()).toEqual([]);
    a.consumer.close();
    expect(a.consumer.state).toBe('left');
    expect(a.sent('LeaveGroup')).toEqual([]);
  });
});

describe('cooperative rebalancing', () => {
  it('[CL-14][CL-05][CL-23][CL-25][CL-22] a cooperative member keeps reading what it keeps, revokes only what moves, commits it first, and no partition has two readers', () => {
    const kafka = cluster(6);
    const w = new World(kafka);
    const config = { 'partition.assignment.strategy': ['cooperative-sticky'] };
    const events: string[] = [];
    const listener = (name: string) => ({
      onPartitionsRevoked: (tps: readonly TopicPartition[]) => events.push(`${name} revoked ${parts(tps)}`),
      onPartitionsAssigned: (tps: readonly TopicPartition[]) => events.push(`${name} assigned ${parts(tps)}`),
      onPartitionsLost: (tps: readonly TopicPartition[]) => events.push(`${name} lost ${parts(tps)}`),
    });
    const a = w.add(config, {}, listener('a'));
    const produced = w.produceAll(3);
    w.until(() => w.stable(1));
    w.run(500);
    const b = w.add(config, {}, listener('b'));

    let aReadWhileRebalancing = 0;
    for (let i = 0; i < 400 && !w.stable(2); i++) {
      if (i % 4 === 0) produced.push(...w.produceAll(1, 100 + i));
      w.run(25, 25);
      const readers = [...a.consumer.readablePartitions(), ...b.consumer.readablePartitions()].map((tp) => tp.partition);
      expect(new Set(readers).size).toBe(readers.length);
      if (a.consumer.state !== 'stable' && a.consumer.readablePartitions().length > 0) aReadWhileRebalancing++;
      // What a keeps, it never stops reading.
      for (const p of [0, 1, 2]) expect(a.consumer.readablePartitions().map((tp) => tp.partition)).toContain(p);
    }
    expect(w.stable(2)).toBe(true);
    w.run(2000);

    expect(aReadWhileRebalancing).toBeGreaterThan(0);
    expect(a.partitions()).toEqual([0, 1, 2]);
    expect(b.partitions()).toEqual([3, 4, 5]);
    expect(events).toEqual(['a assigned 0,1,2,3,4,5', 'a revoked 3,4,5', 'a assigned ', 'b assigned ', 'a assigned ', 'b assigned 3,4,5']);
    // Two rebalances: the first takes 3,4,5 from a, the second gives them to b.
    expect(w.group()!.generationId).toBe(3);
    // a committed the revoked partitions before its next JoinGroup went out.
    const trace = a.consumer.trace;
    const revokeCommit = trace.findIndex((e) => e.type === 'request' && e.api === 'OffsetCommit' && (e.request as OffsetCommitRequest).topics[0]!.partitions.map((p) => p.partitionIndex).join(',') === '3,4,5');
    const answered = trace.findIndex((e, i) => i > revokeCommit && e.type === 'response' && e.api === 'OffsetCommit');
    const rejoin = trace.findIndex((e, i) => i > revokeCommit && e.type === 'request' && e.api === 'JoinGroup');
    expect(revokeCommit).toBeGreaterThan(0);
    expect(rejoin).toBeGreaterThan(answered);
    // a's second JoinGroup reported what it still owned.
    const joins = a.requests<JoinGroupRequest>('JoinGroup');
    const ownedInRejoin = decodeSubscription(joins[joins.length - 1]!.protocols[0]!.metadata).ownedPartitions.map((tp) => tp.partition);
    expect(ownedInRejoin).toEqual([0, 1, 2]);
    expect(sorted(w.consumed())).toEqual(sorted(produced));
  });
});
