/** RP-24: a partition taken offline as a fault, and brought back. */
import { describe, expect, it } from 'vitest';
import { Cluster, handleMetadata, type ClusterEvent, type CommitResult } from '../../../src/broker/cluster/index.js';
import { ErrorCodes } from '../../../src/protocol/errors.js';
import { metadataRequest } from '../../../src/protocol/messages/index.js';
import { ManualClock } from '../../../src/time/clock.js';
import { EventLoop } from '../../../src/time/event-loop.js';

/** 3 brokers, topic `t` with 2 partitions on all three (partition 0 led by 0), both with 2 acknowledged records. */
function setup() {
  const loop = new EventLoop(new ManualClock(0));
  const cluster = new Cluster<string>({ loop, brokers: 3 });
  cluster.createTopic('t', 2, 3);
  cluster.append('t', 0, ['a', 'b']);
  cluster.append('t', 1, ['x', 'y']);
  loop.advance(5);
  const events: ClusterEvent[] = [];
  cluster.on((e) => events.push(e));
  return { loop, cluster, events };
}

describe('a partition taken offline', () => {
  it('[RP-24] has no leader at the next epoch; appends, waiting appends and fetches fail; the ISR, the logs and the other partitions are kept', () => {
    const { loop, cluster, events } = setup();
    const before = cluster.partition('t', 0)!;
    expect(before.leader).toBe(0);
    const pending = cluster.append('t', 0, ['c']);
    expect(pending).toMatchObject({ baseOffset: 2 });
    const waited: CommitResult[] = [];
    cluster.onCommitted('t', 0, 2, (r) => waited.push(r));
    expect(cluster.setPartitionOffline('t', 0, true)).toEqual({ changed: true });
    expect(waited).toEqual([{ error: 'NOT_LEADER_OR_FOLLOWER' }]);
    expect(events.filter((e) => e.type === 'leaderChange')).toEqual([{ type: 'leaderChange', topic: 't', partition: 0, oldLeader: 0, newLeader: null, leaderEpoch: before.leaderEpoch + 1 }]);
    const after = cluster.partition('t', 0)!;
    expect(after).toMatchObject({ leader: null, leaderEpoch: before.leaderEpoch + 1, isr: before.isr, replicas: before.replicas });
    for (const node of [0, 1, 2]) expect(cluster.fetch(node, 't', 0, 0, 10)).toEqual({ error: 'NOT_LEADER_OR_FOLLOWER' });
    expect(cluster.append('t', 0, ['d'])).toEqual({ error: 'NOT_LEADER_OR_FOLLOWER' });
    expect(cluster.log('t', 0, 0)?.map((e) => e.record)).toEqual(['a', 'b', 'c']);
    const topic = handleMetadata(cluster, 1, metadataRequest(['t'])).topics[0]!;
    expect(topic.partitions.map((p) => [p.partitionIndex, p.errorCode, p.leaderId])).toEqual([
      [0, ErrorCodes.LEADER_NOT_AVAILABLE, -1],
      [1, ErrorCodes.NONE, cluster.partition('t', 1)!.leader],
    ]);
    expect(cluster.fetch(cluster.partition('t', 1)!.leader!, 't', 1, 0, 10)).toMatchObject({ highWatermark: 2 });
    loop.advance(100);
    expect(cluster.partition('t', 0)!.leader).toBeNull();
    expect(cluster.setPartitionOffline('t', 0, true)).toEqual({ changed: false });
    expect(cluster.setPartitionOffline('t', 9, true)).toEqual({ error: 'UNKNOWN_TOPIC_OR_PARTITION' });
  });

  it('[RP-24] stays offline through broker crashes and restarts, even of its last ISR member; brought online, its first live ISR member leads with the acknowledged records', () => {
    const { loop, cluster } = setup();
    cluster.setPartitionOffline('t', 0, true);
    for (const b of [1, 2, 0]) cluster.crash(b);
    for (const b of [0, 1, 2]) cluster.restart(b);
    loop.advance(10);
    expect(cluster.partition('t', 0)).toMatchObject({ leader: null, isr: [0] });
    const epoch = cluster.partition('t', 0)!.leaderEpoch;
    expect(cluster.setPartitionOffline('t', 0, false)).toEqual({ changed: true });
    expect(cluster.partition('t', 0)).toMatchObject({ leader: 0, leaderEpoch: epoch + 1 });
    expect((cluster.fetch(0, 't', 0, 0, 10) as { readonly records: readonly { record: string }[] }).records.map((e) => e.record)).toEqual(['a', 'b']);
    loop.advance(10);
    expect(cluster.partition('t', 0)!.isr).toEqual([0, 1, 2]);
    expect(cluster.setPartitionOffline('t', 0, false)).toEqual({ changed: false });
    cluster.setPartitionOffline('t', 0, true);
    cluster.crash(0);
    cluster.setPartitionOffline('t', 0, false);
    expect(cluster.partition('t', 0)!.leader).toBe(1);
    expect(cluster.append('t', 0, ['c'])).toMatchObject({ baseOffset: 2 });
  });

  it('[RP-24] brought online with no live ISR member it stays without a leader until that member restarts (RP-11)', () => {
    const { cluster } = setup();
    cluster.setPartitionOffline('t', 0, true);
    for (const b of [1, 2, 0]) cluster.crash(b);
    expect(cluster.setPartitionOffline('t', 0, false)).toEqual({ changed: true });
    expect(cluster.partition('t', 0)!.leader).toBeNull();
    cluster.restart(0);
    expect(cluster.partition('t', 0)!.leader).toBe(0);
  });
});
