import { describe, expect, it } from 'vitest';
import type { LeaveGroupRequest } from '../../../src/protocol/messages/index.js';
import { produce } from '../../../src/broker/produce.js';
import { textRecord } from '../../../src/protocol/messages/index.js';
import { cluster, GROUP, TOPIC, World } from './world.js';

describe('liveness', () => {
  it('[CL-18][CL-15] a member that does not poll for max.poll.interval.ms leaves; its next poll loses its partitions and rejoins', () => {
    const kafka = cluster(4);
    const w = new World(kafka);
    const lost: number[][] = [];
    const a = w.add({ 'max.poll.interval.ms': 10_000 }, {}, { onPartitionsLost: (tps) => lost.push(tps.map((tp) => tp.partition)) });
    const b = w.add({ 'max.poll.interval.ms': 10_000 });
    w.until(() => w.stable(2));
    const owned = a.partitions();
    const memberId = a.consumer.groupMetadata().memberId;

    a.poll();
    const stoppedAt = kafka.loop.nowMs();
    a.polling = false;
    w.run(9_900);
    expect(a.consumer.state).toBe('stable');
    expect(a.sent('LeaveGroup')).toEqual([]);
    w.run(200);
    const leave = a.requests<LeaveGroupRequest>('LeaveGroup');
    expect(leave).toHaveLength(1);
    expect(leave[0]?.members?.[0]).toMatchObject({ memberId, reason: 'consumer poll timeout has expired.' });
    const sentAt = a.consumer.trace.find((e) => e.type === 'request' && e.api === 'LeaveGroup')!.atMs;
    expect(sentAt - stoppedAt).toBe(10_000);
    expect(a.consumer.state).toBe('unjoined');
    expect(a.consumer.groupMetadata()).toMatchObject({ generationId: -1, memberId: '' });
    w.until(() => w.stable(1));
    expect(b.partitions()).toEqual([0, 1, 2, 3]);

    a.polling = true;
    a.poll();
    expect(lost).toEqual([owned]);
    w.until(() => w.stable(2));
    expect(a.partitions()).toHaveLength(2);
  });

  it('[CL-31][CL-16] heartbeats start one interval after JoinGroup and follow every interval', () => {
    const kafka = cluster(2);
    const w = new World(kafka);
    const a = w.add({ 'heartbeat.interval.ms': 1000 });
    w.until(() => w.stable(1));
    w.run(5_000);
    const joined = a.consumer.trace.find((e) => e.type === 'response' && e.api === 'JoinGroup' && (e.response as { errorCode: number }).errorCode === 0)!.atMs;
    const beats = a.consumer.trace.filter((e) => e.type === 'request' && e.api === 'Heartbeat').map((e) => e.atMs - joined);
    expect(beats.slice(0, 5)).toEqual([1000, 2000, 3000, 4000, 5000]);
  });

  it('[CL-31][CL-09] without heartbeat answers for session.timeout.ms the member looks for its coordinator again', () => {
    const kafka = cluster(2);
    const w = new World(kafka);
    const a = w.add({ 'session.timeout.ms': 10_000 });
    w.until(() => w.stable(1));
    const finds = a.sent('FindCoordinator').length;
    kafka.transport.setFaults([{ match: { api: 'Heartbeat', direction: 'response' }, action: { type: 'drop' } }]);
    const from = kafka.loop.nowMs();
    w.run(9_000);
    expect(a.sent('FindCoordinator').length).toBe(finds);
    w.run(3_000);
    const again = a.consumer.trace.find((e) => e.type === 'request' && e.api === 'FindCoordinator' && e.atMs > from);
    expect(again).toBeDefined();
    expect(again!.atMs - from).toBeGreaterThanOrEqual(9_000);
    expect(a.consumer.state).toBe('stable');
    kafka.transport.setFaults(undefined);
    w.run(5_000);
    expect(w.stable(1)).toBe(true);
  });

  it('[CL-30] when a subscribed topic gains partitions, the leader notices at its next metadata refresh and the group rebalances', () => {
    const kafka = cluster(4);
    const w = new World(kafka);
    const config = { 'metadata.max.age.ms': 5_000 };
    const [a, b] = [w.add(config), w.add(config)];
    w.until(() => w.stable(2));
    const generation = w.group()!.generationId;
    const leader = [a, b].find((m) => m.consumer.isLeader)!;
    const grownAt = kafka.loop.nowMs();
    expect(kafka.cluster.addPartitions(TOPIC, 6)).not.toHaveProperty('error');
    kafka.settle();
    produce(kafka, TOPIC, 5, [textRecord('new')]);
    w.until(() => w.stable(2) && w.group()!.generationId > generation);
    expect(kafka.loop.nowMs() - grownAt).toBeLessThanOrEqual(5_000 + 3_000 + 500);
    expect([...a.partitions(), ...b.partitions()].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    const cause = leader.consumer.trace.find((e) => e.type === 'state' && e.cause.startsWith('rejoin requested: cached metadata has changed'));
    expect(cause).toBeDefined();
    w.run(1000);
    expect(w.consumed()).toEqual(['new']);
  });

  it('[CL-30][CL-23] a member whose subscription changes rejoins; an assignment is applied only if it matches the subscription', () => {
    const kafka = cluster(2);
    kafka.cluster.createTopic('u', 2, 3);
    kafka.settle();
    const w = new World(kafka);
    const a = w.add();
    w.until(() => w.stable(1));
    const generation = w.group()!.generationId;
    a.consumer.subscribe(['t', 'u']);
    w.run(500);
    expect(w.group()!.generationId).toBeGreaterThan(generation);
    expect(a.consumer.assignment().map((tp) => `${tp.topic}-${tp.partition}`)).toEqual(['t-0', 't-1', 'u-0', 'u-1']);
    expect(a.consumer.trace.some((e) => e.type === 'state' && e.cause === 'rejoin requested: subscription has changed')).toBe(true);
  });

  it('[CL-34] the lookup moves past a broker that is down and retries after retry.backoff.ms', () => {
    const kafka = cluster(2);
    kafka.crash(0);
    const w = new World(kafka);
    const a = w.add();
    w.until(() => w.stable(1));
    const lookups = a.consumer.trace.flatMap((e) => (e.type !== 'state' && e.api === 'FindCoordinator' ? [e] : []));
    // Before Metadata answers, the brokers are the bootstrap servers: broker 0 is node -1, broker 1 node -2.
    expect(kafka.bootstrapServers.slice(0, 2)).toEqual(['broker-0.local:9092', 'broker-1.local:9092']);
    expect(lookups.map((e) => `${e.type}@${e.nodeId}`).slice(0, 3)).toEqual(['request@-1', 'networkError@-1', 'request@-2']);
    expect(lookups[2]!.atMs - lookups[1]!.atMs).toBe(100);
    expect(kafka.coordinatorFor(GROUP)).not.toBe(0);
  });
});
