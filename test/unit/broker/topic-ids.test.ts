/** Topic ids: deterministic at creation, in Metadata from v10, and how Fetch from v13 names topics. */
import { describe, expect, it } from 'vitest';
import { Cluster, handleFetch, handleMetadata } from '../../../src/broker/cluster/index.js';
import { topicIdFor } from '../../../src/broker/cluster/cluster.js';
import { fetchRequest, metadataRequest, type FetchRequest } from '../../../src/protocol/messages/index.js';
import { EventLoop, ManualClock } from '../../../src/time/index.js';

function setup() {
  const cluster = new Cluster<string>({ loop: new EventLoop(new ManualClock(0)), brokers: 1 });
  cluster.createTopic('a', 1, 1);
  cluster.createTopic('b', 2, 1);
  return cluster;
}

describe('topic ids', () => {
  it('[RP-22] are given at creation, deterministically, and never the zero uuid', () => {
    const cluster = setup();
    expect(cluster.topic('a')?.topicId).toBe(topicIdFor(1));
    expect(cluster.topic('b')?.topicId).toBe(topicIdFor(2));
    expect(Buffer.from(topicIdFor(2), 'base64url')).toEqual(Buffer.concat([Buffer.from('kgspec-topic'), Buffer.from([0, 0, 0, 2])]));
    expect(cluster.topicNameById(topicIdFor(2))).toBe('b');
    expect(cluster.topicNameById('AAAAAAAAAAAAAAAAAAAAAA')).toBeUndefined();
  });

  it('[RP-22] Metadata v10+ carries each topic id (zero for an unknown topic); v9 does not', () => {
    const cluster = setup();
    const v10 = handleMetadata(cluster, 0, { ...metadataRequest(['b', 'nope']), version: 10 });
    expect(v10.topics.map((t) => [t.name, t.topicId])).toEqual([['b', topicIdFor(2)], ['nope', 'AAAAAAAAAAAAAAAAAAAAAA']]);
    expect(handleMetadata(cluster, 0, metadataRequest(['b'])).topics[0]).not.toHaveProperty('topicId');
  });

  it('[RP-22] Fetch v13+ finds topics by id and answers by id; an unknown id is UNKNOWN_TOPIC_ID', () => {
    const cluster = setup();
    const byName = fetchRequest([['b', 1, 0]], { minBytes: 0 });
    const byId: FetchRequest = { ...byName, version: 13, topics: [{ ...byName.topics[0]!, topic: '', topicId: topicIdFor(2) }, { ...byName.topics[0]!, topic: '', topicId: topicIdFor(9) }] };
    const response = handleFetch(cluster, 0, byId);
    expect(response.responses.map((t) => [t.topic, t.topicId, t.partitions[0]!.errorCode])).toEqual([
      ['', topicIdFor(2), 0],
      ['', topicIdFor(9), 100],
    ]);
    expect(handleFetch(cluster, 0, byName).responses[0]).not.toHaveProperty('topicId');
  });
});
