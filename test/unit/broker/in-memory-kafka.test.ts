import { describe, expect, it } from 'vitest';
import { InMemoryKafka } from '../../../src/broker/in-memory-kafka.js';
import { joinGroup } from '../../../src/conformance/scenario.js';
import type { GroupRequest, OffsetCommitResponse } from '../../../src/protocol/messages/index.js';

/** An anonymous commit of `offset` to partition 0 of topic `t` (a simple group, OC-04). */
function commit(groupId: string, offset: number): GroupRequest {
  return {
    api: 'OffsetCommit', version: 9, clientId: 'c', clientHost: '/127.0.0.1', groupId, generationIdOrMemberEpoch: -1, memberId: '', groupInstanceId: null, retentionTimeMs: -1,
    topics: [{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: offset, committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: null }] }],
  };
}

/** A 3-broker cluster whose followers fetch 5 ms after each write, with topic `t`. */
function cluster(): InMemoryKafka {
  const kafka = new InMemoryKafka({ offsetsTopicPartitions: 5, replicaFetchDelayMs: 5 });
  kafka.cluster.createTopic('t', 1, 3);
  kafka.settle();
  return kafka;
}

const committedOffset = (r: unknown): number | undefined => ((r as OffsetCommitResponse | undefined)?.topics[0]?.partitions[0]?.errorCode === 0 ? 0 : undefined);

describe('requests sent to the in-memory cluster', () => {
  it('[NET-01][FO-05] each request has one outcome, kept until taken and readable in any order; a commit is answered once replicated', () => {
    const kafka = cluster();
    const node = kafka.coordinatorFor('g')!;
    const ids = [kafka.send(node, commit('g', 1)), kafka.send(node, commit('g', 2)), kafka.send(kafka.coordinatorFor('h')!, commit('h', 3))];
    // Waiting for the followers: no outcome yet, and the shards hold the requests.
    expect(ids.map((id) => kafka.delivery(id))).toEqual([undefined, undefined, undefined]);
    expect(kafka.shardFor('g')!.isWaiting(ids[0]!)).toBe(true);
    kafka.advance(5);
    expect(kafka.shardFor('g')!.waitingCount + kafka.shardFor('h')!.waitingCount).toBe(0);
    expect(kafka.shardFor('g')!.isWaiting(ids[0]!)).toBe(false);
    // Read back to front: each outcome is there, delivery keeps it, take drops it.
    expect(kafka.delivery(ids[2]!)?.kind).toBe('response');
    expect(committedOffset(kafka.take(ids[2]!))).toBe(0);
    expect(kafka.take(ids[2]!)).toBeUndefined();
    expect(committedOffset(kafka.response(ids[0]!))).toBe(0);
    expect(committedOffset(kafka.take(ids[1]!))).toBe(0);
    expect(committedOffset(kafka.take(ids[0]!))).toBe(0);
    expect(ids.map((id) => kafka.delivery(id))).toEqual([undefined, undefined, undefined]);
  });

  it('[NET-01] a request id used again keeps only its latest outcome', () => {
    const kafka = cluster();
    const node = kafka.coordinatorFor('g')!;
    kafka.send(node, commit('g', 1), 'same');
    kafka.advance(5);
    const other = kafka.send(99, commit('g', 2));
    kafka.send(node, commit('g', 3), 'same');
    kafka.advance(5);
    expect(kafka.take('same')?.api).toBe('OffsetCommit');
    expect(kafka.take('same')).toBeUndefined();
    expect(kafka.delivery(other)).toEqual({ kind: 'networkError', reason: 'UNKNOWN_NODE' });
  });

  it('[NET-02] a request to an unknown node or a broker that is down fails without being handled', () => {
    const kafka = cluster();
    const node = kafka.coordinatorFor('g')!;
    const unknown = kafka.send(42, commit('g', 1));
    kafka.crash(node);
    const down = kafka.send(node, commit('g', 2));
    expect(kafka.delivery(unknown)).toEqual({ kind: 'networkError', reason: 'UNKNOWN_NODE' });
    expect(kafka.delivery(down)).toEqual({ kind: 'networkError', reason: 'BROKER_DOWN' });
  });

  it('[NET-03][FO-06] a crash fails every request outstanding at the broker, parked or waiting for replication, and nothing replaces that outcome', () => {
    const kafka = new InMemoryKafka({ offsetsTopicPartitions: 5, replicaFetchDelayMs: 5, config: { initialRebalanceDelayMs: 1000 } });
    kafka.cluster.createTopic('t', 1, 3);
    kafka.settle();
    const node = kafka.coordinatorFor('g')!;
    const answered = kafka.send(node, commit('g', 0));
    kafka.advance(5);
    // A new group on the same broker: its first JoinGroup waits for the initial delay.
    const joined = Array.from({ length: 50 }, (_, i) => `j${i}`).find((j) => kafka.coordinatorFor(j) === node)!;
    const parked = kafka.send(node, joinGroup({ groupId: joined, clientId: 'c1', version: 3 }));
    expect(kafka.delivery(parked)).toBeUndefined();
    const waiting = [kafka.send(node, commit('g', 1)), kafka.send(node, commit('g', 2))];
    kafka.crash(node);
    expect(committedOffset(kafka.response(answered))).toBe(0);
    for (const id of [parked, ...waiting]) expect(kafka.delivery(id)).toEqual({ kind: 'networkError', reason: 'DISCONNECTED' });
    kafka.restart(node);
    kafka.advance(5000);
    for (const id of [parked, ...waiting]) expect(kafka.delivery(id)).toEqual({ kind: 'networkError', reason: 'DISCONNECTED' });
  });

  it('[FO-05][FO-07] commits waiting for replication when leadership moves are answered NOT_COORDINATOR, and the shard keeps none of them', () => {
    const kafka = cluster();
    const node = kafka.coordinatorFor('g')!;
    const shard = kafka.shardFor('g')!;
    const ids = [kafka.send(node, commit('g', 1)), kafka.send(node, commit('g', 2))];
    expect(shard.waitingCount).toBe(2);
    const to = kafka.cluster.partition('__consumer_offsets', kafka.partitionFor('g'))!.replicas.find((r) => r !== node)!;
    kafka.moveCoordinator('g', to);
    expect(shard.waitingCount).toBe(0);
    for (const id of ids) expect((kafka.response(id) as OffsetCommitResponse).topics[0]!.partitions[0]!.errorCode).toBe(16);
  });
});
