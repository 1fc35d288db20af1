import { describe, expect, it } from 'vitest';
import { EventLoop } from '../../../src/time/event-loop.js';
import { Cluster, type ClusterEvent, type ClusterOptions, type CommitResult } from '../../../src/broker/cluster/index.js';
import { ManualClock } from '../../../src/time/clock.js';

/** A 3-broker cluster with topic `t` (one partition on [0, 1, 2], led by 0) and an event log. */
function setup(options: Partial<ClusterOptions> = {}, minInsyncReplicas?: number) {
  const loop = new EventLoop(new ManualClock(0));
  const cluster = new Cluster<string>({ loop, brokers: 3, ...options });
  cluster.createTopic('t', 1, 3, minInsyncReplicas === undefined ? {} : { minInsyncReplicas });
  const events: ClusterEvent[] = [];
  cluster.on((e) => events.push(e));
  const records = (nodeId: number) => cluster.log('t', 0, nodeId)?.map((e) => e.record);
  return { loop, cluster, events, records };
}

describe('replication', () => {
  it('[RP-03] the leader appends at consecutive offsets and tags each record with its epoch and time', () => {
    const { loop, cluster, records } = setup();
    loop.advance(5);
    expect(cluster.append('t', 0, ['a', 'b'])).toEqual({ baseOffset: 0, lastOffset: 1, leaderEpoch: 0 });
    expect(cluster.append('t', 0, ['c'])).toEqual({ baseOffset: 2, lastOffset: 2, leaderEpoch: 0 });
    expect(cluster.log('t', 0, 0)?.[2]).toEqual({ offset: 2, record: 'c', leaderEpoch: 0, timestampMs: 5 });
    expect(records(0)).toEqual(['a', 'b', 'c']);
    expect(cluster.produce(0, 't', 0, ['d'])).toEqual({ baseOffset: 3, lastOffset: 3, leaderEpoch: 0 });
  });

  it('[RP-03] appends fail without writing: unknown partition, not the leader, stale epoch, too few in sync', () => {
    const { cluster, records } = setup({}, 3);
    expect(cluster.append('nope', 0, ['a'])).toEqual({ error: 'UNKNOWN_TOPIC_OR_PARTITION' });
    expect(cluster.append('t', 1, ['a'])).toEqual({ error: 'UNKNOWN_TOPIC_OR_PARTITION' });
    expect(cluster.produce(1, 't', 0, ['a'])).toEqual({ error: 'NOT_LEADER_OR_FOLLOWER' });
    expect(cluster.append('t', 0, ['a'], { leaderEpoch: 1 })).toEqual({ error: 'NOT_LEADER_OR_FOLLOWER' });
    expect(cluster.append('t', 0, ['a'], { leaderId: 0, leaderEpoch: 0 })).toMatchObject({ baseOffset: 0 });
    cluster.crash(2);
    expect(cluster.append('t', 0, ['b'])).toEqual({ error: 'NOT_ENOUGH_REPLICAS' });
    expect(records(0)).toEqual(['a']);
    expect(() => cluster.append('t', 0, [])).toThrow(RangeError);
  });

  it('[RP-04] followers copy the leader\'s entries one fetch delay later; until then only the leader has them', () => {
    const { loop, cluster, records } = setup({ replicaFetchDelayMs: 5 });
    cluster.append('t', 0, ['a', 'b']);
    loop.advance(4);
    expect([records(0), records(1), records(2)]).toEqual([['a', 'b'], [], []]);
    loop.advance(1);
    expect([records(1), records(2)]).toEqual([['a', 'b'], ['a', 'b']]);
    // Each replica has its own log holding the very entries the leader appended.
    expect(cluster.log('t', 0, 1)?.[1]).toBe(cluster.log('t', 0, 0)?.[1]);
    expect(cluster.log('t', 0, 1)).not.toBe(cluster.log('t', 0, 0));
  });

  it('[RP-04] a follower copies at most replicaFetchMaxRecords per fetch and fetches again while behind', () => {
    const { loop, cluster } = setup({ replicaFetchMaxRecords: 2 });
    cluster.append('t', 0, ['a', 'b', 'c', 'd', 'e']);
    const leo = () => cluster.logEndOffset('t', 0, 1);
    loop.advance(1);
    expect(leo()).toBe(2);
    loop.advance(1);
    expect(leo()).toBe(4);
    loop.advance(1);
    expect(leo()).toBe(5);
    expect(cluster.highWatermark('t', 0)).toBe(5);
  });

  it('[RP-05] the high watermark is the smallest log end offset of the live ISR', () => {
    const { loop, cluster, events } = setup();
    cluster.append('t', 0, ['a', 'b']);
    expect(cluster.highWatermark('t', 0)).toBe(0);
    loop.advance(1);
    expect(cluster.highWatermark('t', 0)).toBe(2);
    cluster.crash(2);
    cluster.append('t', 0, ['c']);
    loop.advance(1);
    expect(cluster.partition('t', 0)?.isr).toEqual([0, 1]);
    expect(cluster.highWatermark('t', 0)).toBe(3);
    expect(events.filter((e) => e.type === 'highWatermark').map((e) => (e.type === 'highWatermark' ? e.highWatermark : -1))).toEqual([2, 3]);
    // With the leader alone in sync an append is acknowledged at once.
    const solo = new Cluster<string>({ loop, brokers: 1 });
    solo.createTopic('s', 1, 1);
    solo.append('s', 0, ['x']);
    expect(solo.highWatermark('s', 0)).toBe(1);
    expect(cluster.highWatermark('nope', 0)).toBeUndefined();
  });

  it('[RP-05] a follower crash shrinks the ISR, which can raise the high watermark', () => {
    const { loop, cluster } = setup({ replicaFetchMaxRecords: 1 });
    cluster.append('t', 0, ['a', 'b', 'c']);
    loop.advance(1);
    expect(cluster.highWatermark('t', 0)).toBe(1);
    cluster.crash(1);
    cluster.crash(2);
    expect(cluster.partition('t', 0)?.isr).toEqual([0]);
    expect(cluster.highWatermark('t', 0)).toBe(3);
  });

  it('[RP-06] a waiter hears NONE once the high watermark passes its offset, in offset order', () => {
    const { loop, cluster } = setup();
    const heard: string[] = [];
    const r = cluster.append('t', 0, ['a', 'b']);
    if ('error' in r) throw new Error('append failed');
    cluster.onCommitted('t', 0, 1, (c) => heard.push(`1:${JSON.stringify(c)}`), r.leaderEpoch);
    cluster.onCommitted('t', 0, 0, (c) => heard.push(`0:${JSON.stringify(c)}`));
    expect(heard).toEqual([]);
    loop.advance(1);
    expect(heard).toEqual(['0:{"error":"NONE","highWatermark":2}', '1:{"error":"NONE","highWatermark":2}']);
    // An offset already acknowledged is answered before onCommitted returns.
    cluster.onCommitted('t', 0, 0, (c) => heard.push(`again:${c.error}`), 0);
    expect(heard.at(-1)).toBe('again:NONE');
    cluster.onCommitted('nope', 0, 0, (c) => heard.push(c.error));
    expect(heard.at(-1)).toBe('UNKNOWN_TOPIC_OR_PARTITION');
  });

  it('[RP-06] a leadership change first answers NOT_LEADER_OR_FOLLOWER; a replaced record is never reported acknowledged', () => {
    const { loop, cluster, records } = setup();
    const heard: CommitResult[] = [];
    cluster.append('t', 0, ['lost']);
    cluster.onCommitted('t', 0, 0, (c) => heard.push(c), 0);
    cluster.crash(0);
    expect(heard).toEqual([{ error: 'NOT_LEADER_OR_FOLLOWER' }]);
    expect(cluster.append('t', 0, ['kept'])).toEqual({ baseOffset: 0, lastOffset: 0, leaderEpoch: 1 });
    loop.advance(1);
    expect(records(1)).toEqual(['kept']);
    cluster.onCommitted('t', 0, 0, (c) => heard.push(c), 0);
    cluster.onCommitted('t', 0, 0, (c) => heard.push(c), 1);
    cluster.onCommitted('t', 0, 5, (c) => heard.push(c), 0);
    expect(heard.slice(1)).toEqual([
      { error: 'NOT_LEADER_OR_FOLLOWER' },
      { error: 'NONE', highWatermark: 1 },
      { error: 'NOT_LEADER_OR_FOLLOWER' },
    ]);
  });

  it('[RP-06] reaching the high watermark with fewer in sync than min.insync.replicas answers NOT_ENOUGH_REPLICAS_AFTER_APPEND', () => {
    const { cluster } = setup({}, 2);
    const heard: CommitResult[] = [];
    cluster.append('t', 0, ['a']);
    cluster.onCommitted('t', 0, 0, (c) => heard.push(c));
    cluster.crash(1);
    expect(heard).toEqual([]);
    cluster.crash(2);
    expect(heard).toEqual([{ error: 'NOT_ENOUGH_REPLICAS_AFTER_APPEND', highWatermark: 1 }]);
    expect(cluster.log('t', 0, 0)?.map((e) => e.record)).toEqual(['a']);
  });

  it('[RP-07] a restarted follower catches up and rejoins the ISR in replica order', () => {
    const { loop, cluster, events } = setup();
    cluster.crash(1);
    cluster.append('t', 0, ['a', 'b', 'c']);
    loop.advance(1);
    expect(cluster.partition('t', 0)).toMatchObject({ isr: [0, 2], highWatermark: 3 });
    events.length = 0;
    cluster.restart(1);
    expect(cluster.partition('t', 0)?.isr).toEqual([0, 2]);
    loop.advance(1);
    expect(cluster.log('t', 0, 1)?.map((e) => e.record)).toEqual(['a', 'b', 'c']);
    expect(events).toEqual([{ type: 'brokerUp', nodeId: 1 }, { type: 'isrChange', topic: 't', partition: 0, isr: [0, 1, 2] }]);
  });

  it('[RP-07][RP-17] after an election a follower joins only once past the epoch start; meanwhile latest is OFFSET_NOT_AVAILABLE', () => {
    const loop = new EventLoop(new ManualClock(0));
    const cluster = new Cluster<string>({ loop, brokers: 4, replicaFetchMaxRecords: 1 });
    cluster.createTopic('t', 1, 4);
    cluster.crash(2);
    cluster.crash(3);
    cluster.append('t', 0, ['a', 'b', 'c', 'd', 'e']);
    loop.advance(0.5);
    cluster.restart(2); // fetches at 1.5
    loop.advance(0.8);
    cluster.restart(3); // fetches at 2.3
    loop.advance(0.9); // t = 2.2: 1 has a, b; 2 has a and is in sync; HW 1
    expect(cluster.partition('t', 0)).toMatchObject({ isr: [0, 1, 2], highWatermark: 1 });
    cluster.crash(0);
    expect(cluster.partition('t', 0)).toMatchObject({ leader: 1, leaderEpoch: 1, isr: [1, 2], leaderEpochStartOffset: 2, highWatermark: 1 });
    const latest = () => cluster.listOffsets(1, 't', 0, -1);
    expect(latest()).toEqual({ error: 'OFFSET_NOT_AVAILABLE' });
    expect(cluster.listOffsets(1, 't', 0, 0)).toEqual({ timestamp: 0, offset: 0, leaderEpoch: 0 });
    expect(cluster.listOffsets(1, 't', 0, 1)).toEqual({ error: 'OFFSET_NOT_AVAILABLE' });
    loop.advance(0.1); // 2.3: 3 copies 'a': at the high watermark but below the epoch start
    expect(cluster.logEndOffset('t', 0, 3)).toBe(1);
    expect(cluster.partition('t', 0)?.isr).toEqual([1, 2]);
    loop.advance(0.2); // 2.5: 2 copies 'b'
    expect(latest()).toEqual({ timestamp: -1, offset: 2, leaderEpoch: 1 });
    loop.advance(0.8); // 3.3: 3 copies 'b' and joins
    expect(cluster.partition('t', 0)).toMatchObject({ isr: [1, 2, 3], highWatermark: 2 });
    expect(cluster.listOffsets(1, 't', 0, 1)).toEqual({ timestamp: -1, offset: -1, leaderEpoch: -1 });
  });

  it('[RP-08] a crashed leader loses its unacknowledged tail and leaves the ISR', () => {
    const { loop, cluster, events, records } = setup();
    cluster.append('t', 0, ['a']);
    loop.advance(1);
    cluster.append('t', 0, ['b']);
    events.length = 0;
    cluster.crash(0);
    expect(records(0)).toEqual(['a']);
    expect(records(1)).toEqual(['a']);
    expect(cluster.partition('t', 0)).toMatchObject({ leader: 1, leaderEpoch: 1, isr: [1, 2], offlineReplicas: [0], highWatermark: 1 });
    expect(events).toEqual([
      { type: 'brokerDown', nodeId: 0 },
      { type: 'truncate', topic: 't', partition: 0, nodeId: 0, logEndOffset: 1, removed: 1 },
      { type: 'isrChange', topic: 't', partition: 0, isr: [1, 2] },
      { type: 'leaderChange', topic: 't', partition: 0, oldLeader: 0, newLeader: 1, leaderEpoch: 1 },
    ]);
  });

  it('[RP-08] a crashed follower keeps what it has up to the high watermark and leaves the ISR', () => {
    const { loop, cluster, records } = setup({ replicaFetchMaxRecords: 1 });
    cluster.append('t', 0, ['a', 'b']);
    loop.advance(1);
    cluster.append('t', 0, ['c']);
    cluster.crash(2);
    expect(records(2)).toEqual(['a']);
    expect(cluster.partition('t', 0)).toMatchObject({ leader: 0, leaderEpoch: 0, isr: [0, 1] });
  });

  it('[RP-09] the new leader is the first live ISR member in replica order, at the next epoch', () => {
    const { cluster, events } = setup();
    cluster.crash(1);
    expect(cluster.partition('t', 0)).toMatchObject({ leader: 0, leaderEpoch: 0 });
    cluster.crash(0);
    expect(cluster.partition('t', 0)).toMatchObject({ leader: 2, leaderEpoch: 1, isr: [2] });
    const changes = events.filter((e) => e.type === 'leaderChange');
    expect(changes).toEqual([{ type: 'leaderChange', topic: 't', partition: 0, oldLeader: 0, newLeader: 2, leaderEpoch: 1 }]);
    const seen: string[] = [];
    const off = cluster.onLeaderChange((c) => seen.push(`${c.oldLeader}->${c.newLeader}@${c.leaderEpoch}`));
    cluster.restart(1);
    cluster.restart(0);
    cluster.crash(2);
    off();
    cluster.restart(2);
    expect(seen).toEqual(['2->null@2']);
  });

  it('[RP-10] followers truncate to what they share with the new leader', () => {
    const { loop, cluster, events, records } = setup();
    // 1 is down while 'a' is written; 2 copies it. 1 comes back, then 'b' is written and only 1 copies it in time.
    cluster.crash(1);
    cluster.append('t', 0, ['a']);
    loop.advance(0.5);
    cluster.restart(1); // 1 fetches at 1.5
    loop.advance(0.5); // 2 copies 'a' at 1: HW 1
    cluster.append('t', 0, ['b']); // 2 fetches at 2
    loop.advance(0.5); // 1 copies a, b at 1.5 and joins the ISR
    expect(cluster.partition('t', 0)).toMatchObject({ isr: [0, 1, 2], highWatermark: 1 });
    expect([records(1), records(2)]).toEqual([['a', 'b'], ['a']]);
    cluster.moveLeadership('t', 0, 2);
    expect([records(0), records(1), records(2)]).toEqual([['a'], ['a'], ['a']]);
    expect(events.filter((e) => e.type === 'truncate')).toEqual([
      { type: 'truncate', topic: 't', partition: 0, nodeId: 0, logEndOffset: 1, removed: 1 },
      { type: 'truncate', topic: 't', partition: 0, nodeId: 1, logEndOffset: 1, removed: 1 },
    ]);
  });

  it('[RP-11] with no live ISR member the partition is offline, keeps its last ISR member and elects nobody else', () => {
    const { loop, cluster, records } = setup();
    cluster.append('t', 0, ['a']);
    loop.advance(1);
    cluster.crash(2);
    cluster.crash(1);
    cluster.append('t', 0, ['b']);
    expect(cluster.highWatermark('t', 0)).toBe(2);
    cluster.crash(0);
    expect(cluster.partition('t', 0)).toMatchObject({ leader: null, leaderEpoch: 1, isr: [0], highWatermark: 2, offlineReplicas: [0, 1, 2] });
    cluster.restart(1);
    cluster.restart(2);
    loop.advance(10);
    expect(cluster.partition('t', 0)).toMatchObject({ leader: null, isr: [0] });
    expect(cluster.append('t', 0, ['c'])).toEqual({ error: 'NOT_LEADER_OR_FOLLOWER' });
    cluster.restart(0);
    expect(cluster.partition('t', 0)).toMatchObject({ leader: 0, leaderEpoch: 2, isr: [0] });
    loop.advance(1);
    expect(cluster.partition('t', 0)).toMatchObject({ isr: [0, 1, 2], highWatermark: 2 });
    expect([records(0), records(1), records(2)]).toEqual([['a', 'b'], ['a', 'b'], ['a', 'b']]);
  });

  it('[RP-12] a restarted replica truncates to the leader, fetches one delay later and rejoins', () => {
    const { loop, cluster, records } = setup({ replicaFetchDelayMs: 3 });
    cluster.append('t', 0, ['a']);
    loop.advance(3);
    cluster.crash(2);
    cluster.append('t', 0, ['b', 'c']);
    loop.advance(3);
    cluster.restart(2);
    loop.advance(2);
    expect(records(2)).toEqual(['a']);
    loop.advance(1);
    expect(records(2)).toEqual(['a', 'b', 'c']);
    expect(cluster.partition('t', 0)?.isr).toEqual([0, 1, 2]);
  });

  it('[RP-13] leadership moves to a live ISR member at the next epoch; waiters and the old leader\'s tail are dropped', () => {
    const { loop, cluster, records } = setup();
    const heard: CommitResult[] = [];
    cluster.append('t', 0, ['a']);
    loop.advance(1);
    cluster.append('t', 0, ['b']);
    cluster.onCommitted('t', 0, 1, (c) => heard.push(c));
    expect(cluster.moveLeadership('t', 0, 2)).toEqual({ leader: 2, leaderEpoch: 1 });
    expect(heard).toEqual([{ error: 'NOT_LEADER_OR_FOLLOWER' }]);
    expect(records(0)).toEqual(['a']);
    expect(cluster.partition('t', 0)).toMatchObject({ leader: 2, isr: [0, 1, 2], highWatermark: 1, leaderEpochStartOffset: 1 });
    expect(cluster.append('t', 0, ['c'])).toEqual({ baseOffset: 1, lastOffset: 1, leaderEpoch: 1 });
  });

  it('[RP-13] moving to the leader, to a down or out-of-sync replica, or on an unknown partition changes nothing', () => {
    const { cluster } = setup();
    expect(cluster.moveLeadership('t', 0, 0)).toEqual({ error: 'ELECTION_NOT_NEEDED' });
    cluster.crash(1);
    expect(cluster.moveLeadership('t', 0, 1)).toEqual({ error: 'PREFERRED_LEADER_NOT_AVAILABLE' });
    cluster.restart(1);
    expect(cluster.moveLeadership('t', 0, 1)).toEqual({ error: 'PREFERRED_LEADER_NOT_AVAILABLE' });
    expect(cluster.moveLeadership('t', 0, 7)).toEqual({ error: 'PREFERRED_LEADER_NOT_AVAILABLE' });
    expect(cluster.moveLeadership('t', 3, 1)).toEqual({ error: 'UNKNOWN_TOPIC_OR_PARTITION' });
    expect(cluster.partition('t', 0)).toMatchObject({ leader: 0, leaderEpoch: 0 });
  });

  it('[RP-18] events come after the change that caused them; a listener\'s own changes come after the queued ones', () => {
    const { loop, cluster, events } = setup();
    cluster.createTopic('u', 1, 3, { replicaAssignment: [[0, 2, 1]] });
    cluster.append('t', 0, ['a']);
    loop.advance(1);
    events.length = 0;
    // A coordinator-like listener writes to a partition as soon as it leads it.
    cluster.onLeaderChange((c) => {
      expect(cluster.partition(c.topic, c.partition)?.leader).toBe(c.newLeader);
      if (c.topic === 't' && c.newLeader !== null) cluster.append('t', 0, [`loaded by ${c.newLeader}`]);
    });
    cluster.crash(0);
    expect(events.map((e) => `${e.type}${'topic' in e ? ` ${e.topic}` : ''}`)).toEqual([
      'brokerDown',
      'isrChange t',
      'leaderChange t',
      'isrChange u',
      'leaderChange u',
    ]);
    expect(cluster.log('t', 0, 1)?.map((e) => e.record)).toEqual(['a', 'loaded by 1']);
  });
});
