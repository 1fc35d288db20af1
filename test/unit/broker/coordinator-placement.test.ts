import { describe, expect, it } from 'vitest';
import { EventLoop } from '../../../src/time/event-loop.js';
import { Cluster } from '../../../src/broker/cluster/index.js';
import {
  CONSUMER_OFFSETS_TOPIC,
  coordinatorNodeFor,
  ensureOffsetsTopic,
  javaStringHashCode,
  kafkaAbs,
  partitionForGroup,
} from '../../../src/broker/coordinator-placement.js';
import { ManualClock } from '../../../src/time/clock.js';

/** FC-01: group id, String.hashCode, partition of 50. */
const VECTORS: readonly (readonly [string, number, number])[] = [
  ['', 0, 0],
  ['foo', 101574, 24],
  ['group-id', 506313513, 13],
  ['my-group', -1906497762, 12],
  ['test-consumer-group', -1793216381, 31],
  ['console-consumer-12345', 158455506, 6],
  ['polygenelubricants', -2147483648, 0],
  ['GydZG_', -2147483648, 0],
  ['DESIGNING WORKHOUSES', -2147483648, 0],
  ['é-grüppe', -1897389896, 46],
  ['😀', 1772899, 49],
];

describe('coordinator placement', () => {
  it.each(VECTORS)('[FC-01] %j hashes to %i and lives in partition %i of 50', (groupId, hash, partition) => {
    expect(javaStringHashCode(groupId)).toBe(hash);
    expect(partitionForGroup(groupId, 50)).toBe(partition);
  });

  it('[FC-01] Utils.abs maps Integer.MIN_VALUE to 0 and is |n| otherwise', () => {
    expect(kafkaAbs(-2147483648)).toBe(0);
    expect(kafkaAbs(-2147483647)).toBe(2147483647);
    expect(kafkaAbs(2147483647)).toBe(2147483647);
    expect(kafkaAbs(-5)).toBe(5);
    expect(kafkaAbs(0)).toBe(0);
    expect(() => kafkaAbs(2147483648)).toThrow(RangeError);
    expect(() => kafkaAbs(1.5)).toThrow(RangeError);
  });

  it('[FC-01] hashes UTF-16 code units, not code points or bytes, and needs a positive partition count', () => {
    // U+1F600 is the surrogate pair D83D DE00: 31 * 0xD83D + 0xDE00.
    expect(javaStringHashCode('😀')).toBe(31 * 0xd83d + 0xde00);
    expect(partitionForGroup('foo', 1)).toBe(0);
    expect(partitionForGroup('foo', 7)).toBe(101574 % 7);
    expect(() => partitionForGroup('foo', 0)).toThrow(RangeError);
  });

  it('[FC-07] the offsets topic gets 50 partitions and min(3, live brokers) replicas, once', () => {
    const loop = new EventLoop(new ManualClock(0));
    const small = new Cluster({ loop, brokers: 2 });
    expect(ensureOffsetsTopic(small)).toEqual({ created: true });
    expect(small.partitionCount(CONSUMER_OFFSETS_TOPIC)).toBe(50);
    expect(small.partition(CONSUMER_OFFSETS_TOPIC, 0)?.replicas).toEqual([0, 1]);
    expect(small.topic(CONSUMER_OFFSETS_TOPIC)?.isInternal).toBe(true);
    expect(ensureOffsetsTopic(small)).toEqual({ created: false });

    const big = new Cluster({ loop, brokers: 5 });
    expect(ensureOffsetsTopic(big, { numPartitions: 10 })).toEqual({ created: true });
    expect(big.partitionCount(CONSUMER_OFFSETS_TOPIC)).toBe(10);
    expect(big.partition(CONSUMER_OFFSETS_TOPIC, 3)?.replicas).toHaveLength(3);
  });

  it('[FC-02] the coordinator of a group is the leader of its partition, or none', () => {
    const loop = new EventLoop(new ManualClock(0));
    const cluster = new Cluster({ loop, brokers: 3 });
    expect(coordinatorNodeFor(cluster, 'foo')).toBeNull();
    ensureOffsetsTopic(cluster);
    // Partition 24 of 50 on brokers 0..2 with start index 0: first replica 24 mod 3 = 0.
    expect(cluster.partition(CONSUMER_OFFSETS_TOPIC, 24)?.leader).toBe(0);
    expect(coordinatorNodeFor(cluster, 'foo')).toBe(0);
    expect(coordinatorNodeFor(cluster, 'my-group')).toBe(cluster.partition(CONSUMER_OFFSETS_TOPIC, 12)?.leader);
    cluster.crash(0);
    expect(coordinatorNodeFor(cluster, 'foo')).toBe(cluster.partition(CONSUMER_OFFSETS_TOPIC, 24)?.leader);
    expect(coordinatorNodeFor(cluster, 'foo')).not.toBe(0);
  });
});
