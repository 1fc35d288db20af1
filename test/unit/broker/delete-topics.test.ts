import { describe, expect, it } from 'vitest';
import { Cluster, type ClusterEvent } from '../../../src/broker/cluster/index.js';
import { InMemoryKafka } from '../../../src/broker/in-memory-kafka.js';
import { GroupCoordinatorRuntime } from '../../../src/broker/group-coordinator.js';
import { clusterTopicsImage } from '../../../src/broker/topics-image.js';
import type { ConsumerGroupHeartbeatResponse, DeleteTopicsRequest, DeleteTopicsResponse, MetadataResponse } from '../../../src/protocol/messages/index.js';
import { EventLoop } from '../../../src/time/event-loop.js';
import { ManualClock } from '../../../src/time/clock.js';

const ZERO = 'AAAAAAAAAAAAAAAAAAAAAA';

function deleteTopics(fields: Partial<DeleteTopicsRequest>): DeleteTopicsRequest {
  return { api: 'DeleteTopics', version: 6, clientId: 'admin', clientHost: '', topics: [], topicNames: [], timeoutMs: 1000, ...fields };
}

describe('[SRV-18] topics can be deleted', () => {
  it('[SRV-18] deleteTopic removes the topic, its id and its logs; an id is never reused; a topic created again starts empty', () => {
    const loop = new EventLoop(new ManualClock(0));
    const cluster = new Cluster<string>({ loop, brokers: 3 });
    const events: ClusterEvent[] = [];
    cluster.on((e) => events.push(e));
    cluster.createTopic('a', 2, 3);
    cluster.createTopic('b', 1, 1);
    const idA = cluster.topic('a')!.topicId;
    const idB = cluster.topic('b')!.topicId;
    // An append leaves replica fetches pending: deletion cancels them.
    expect('error' in cluster.append('a', 0, ['x'])).toBe(false);
    expect(cluster.deleteTopic('a')).toEqual({ topicId: idA });
    expect(events.at(-1)).toEqual({ type: 'topicDeleted', topic: 'a', topicId: idA });
    expect([cluster.topic('a'), cluster.topicNameById(idA), cluster.partition('a', 0)]).toEqual([undefined, undefined, undefined]);
    expect(cluster.topics()).toEqual(['b']);
    expect(cluster.fetch(0, 'a', 0, 0, 10)).toEqual({ error: 'UNKNOWN_TOPIC_OR_PARTITION' });
    // Created again at once, and written to before the old topic's fetches would have run: the new
    // partition's own replica fetches must be scheduled (same keys), so its record commits.
    cluster.createTopic('a', 1, 3);
    expect('error' in cluster.append('a', 0, ['y'])).toBe(false);
    loop.advance(100);
    const again = cluster.topic('a')!;
    expect(new Set([again.topicId, idA, idB]).size).toBe(3);
    expect(again.partitions[0]).toMatchObject({ highWatermark: 1 });
    expect(cluster.fetch(again.partitions[0]!.leader!, 'a', 0, 0, 10)).toMatchObject({ records: [{ offset: 0, record: 'y' }] });
    expect(cluster.deleteTopic('nope')).toEqual({ error: 'UNKNOWN_TOPIC_OR_PARTITION' });
  });

  it('[SRV-18] the offsets topic cannot be deleted (the coordinators live on it)', () => {
    const kafka = new InMemoryKafka({ brokers: 1 });
    kafka.coordinatorFor('g');
    expect(kafka.deleteTopic('__consumer_offsets')).toEqual({ error: 'INVALID_REQUEST' });
    expect(kafka.cluster.topic('__consumer_offsets')).toBeDefined();
  });

  it('[SRV-18] the topics image consumer-group handlers read loses the topic at once', () => {
    const kafka = new InMemoryKafka({ brokers: 1 });
    kafka.cluster.createTopic('orders', 3, 1);
    const id = kafka.cluster.topic('orders')!.topicId;
    const image = clusterTopicsImage(kafka.cluster);
    expect(image.byId(id)).toEqual({ topicId: id, name: 'orders', numPartitions: 3 });
    expect(kafka.deleteTopic('orders')).toEqual({ topicId: id });
    expect([image.byName('orders'), image.byId(id), image.names()]).toEqual([undefined, undefined, []]);
    // The lone coordinator's cluster too: deleted, then created again under a new id.
    const rt = new GroupCoordinatorRuntime();
    const first = rt.createTopic('orders', 3);
    expect(rt.deleteTopic('orders')).toBe(first);
    expect(rt.createTopic('orders', 3)).not.toBe(first);
    expect(() => rt.deleteTopic('orders-2')).toThrow(/UNKNOWN_TOPIC_OR_PARTITION/);
  });

  it('[SRV-18] DeleteTopics by name (v5) and by id (v6); unknown names and ids get their errors; Metadata no longer lists them', () => {
    const kafka = new InMemoryKafka({ brokers: 3 });
    for (const t of ['a', 'b', 'c']) kafka.cluster.createTopic(t, 1, 1);
    const idA = kafka.cluster.topic('a')!.topicId;
    const idB = kafka.cluster.topic('b')!.topicId;
    const v5 = kafka.response(kafka.send(0, deleteTopics({ version: 5, topicNames: ['a', 'zz'] }))) as DeleteTopicsResponse;
    expect(v5.responses).toEqual([
      { name: 'a', topicId: idA, errorCode: 0, errorMessage: null },
      { name: 'zz', topicId: ZERO, errorCode: 3, errorMessage: null },
    ]);
    const unknownId = 'ABEiM0RVZneImaq7zN3u_w';
    const v6 = kafka.response(kafka.send(1, deleteTopics({ topics: [{ name: null, topicId: idB }, { name: null, topicId: unknownId }] }))) as DeleteTopicsResponse;
    expect(v6.responses).toEqual([
      { name: 'b', topicId: idB, errorCode: 0, errorMessage: null },
      { name: null, topicId: unknownId, errorCode: 100, errorMessage: null },
    ]);
    const meta = kafka.response(kafka.send(2, { api: 'Metadata', version: 12, topics: null, allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false })) as MetadataResponse;
    expect(meta.topics.map((t) => t.name).filter((n) => n !== '__consumer_offsets')).toEqual(['c']);
  });

  it('[SRV-18] malformed entries are refused as Kafka\'s controller refuses them, each duplicate answered once', () => {
    const kafka = new InMemoryKafka({ brokers: 1 });
    kafka.cluster.createTopic('a', 1, 1);
    kafka.cluster.createTopic('b', 1, 1);
    const idB = kafka.cluster.topic('b')!.topicId;
    const r = kafka.response(kafka.send(0, deleteTopics({ topics: [
      { name: 'a', topicId: ZERO }, { name: 'a', topicId: ZERO }, { name: null, topicId: ZERO }, { name: 'b', topicId: idB },
    ] }))) as DeleteTopicsResponse;
    expect(r.responses).toEqual([
      { name: 'a', topicId: ZERO, errorCode: 42, errorMessage: 'Duplicate topic name.' },
      { name: null, topicId: ZERO, errorCode: 42, errorMessage: 'Neither topic name nor id were specified.' },
      { name: 'b', topicId: idB, errorCode: 42, errorMessage: 'You may not specify both topic name and topic id.' },
    ]);
    expect(kafka.cluster.topics()).toEqual(expect.arrayContaining(['a', 'b']));
  });
});

describe('[SRV-18] consumer groups and deleted topics', () => {
  it('[SRV-18] after a subscribed topic is deleted, the next heartbeat revokes its partitions and the member moves to the new epoch once it acknowledges', () => {
    const rt = new GroupCoordinatorRuntime();
    const a = rt.createTopic('a', 2);
    const b = rt.createTopic('b', 2);
    const hb = (fields: Record<string, unknown>) => {
      const id = rt.submit({
        api: 'ConsumerGroupHeartbeat', version: 1, clientId: 'c', clientHost: 'h', groupId: 'g', memberId: 'm1', memberEpoch: 0, instanceId: null, rackId: null,
        rebalanceTimeoutMs: 30_000, subscribedTopicNames: ['a', 'b'], subscribedTopicRegex: null, serverAssignor: null, topicPartitions: [], ...fields,
      });
      return rt.take(id) as ConsumerGroupHeartbeatResponse;
    };
    const first = hb({});
    const owned = (r: ConsumerGroupHeartbeatResponse) => Object.fromEntries((r.assignment?.topicPartitions ?? []).map((t) => [t.topicId, [...t.partitions].sort()]));
    expect(first).toMatchObject({ errorCode: 0, memberEpoch: 1 });
    expect(owned(first)).toEqual({ [a]: [0, 1], [b]: [0, 1] });
    rt.deleteTopic('b');
    const next = hb({ memberEpoch: 1, rebalanceTimeoutMs: -1, subscribedTopicNames: null, topicPartitions: first.assignment!.topicPartitions });
    // Revocation first (KIP-848): the member stays at epoch 1 until it no longer reports b's partitions.
    expect(next.memberEpoch).toBe(1);
    expect(owned(next)).toEqual({ [a]: [0, 1] });
    const acked = hb({ memberEpoch: 1, rebalanceTimeoutMs: -1, subscribedTopicNames: null, topicPartitions: next.assignment!.topicPartitions });
    expect(acked).toMatchObject({ errorCode: 0, memberEpoch: 2 });
  });
});
