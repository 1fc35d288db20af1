import { describe, expect, it } from 'vitest';
import { config } from '../offsets/harness.js';
import type { DeleteGroupsResponse, OffsetDeleteResponse } from '../../../../src/protocol/messages/index.js';
import type { CoordinatorRecord } from '../../../../src/protocol/records.js';
import { deleteGroups, offsetCommit, offsetDelete, part, topic } from '../../../../spec/scenarios/offset-helpers.js';
import { AdminHarness, asg, FOO_ID, member } from './admin-harness.js';

const tomb = (topicName: string, partition: number, groupId = 'g'): CoordinatorRecord => ({ type: 'OffsetCommit', groupId, topic: topicName, partition, value: null });

/** The tombstones of an Empty consumer group without regexes (CGO-17). */
function emptyGroupTombstones(groupId: string): CoordinatorRecord[] {
  return [
    { type: 'ConsumerGroupTargetAssignmentMetadata', groupId, value: null },
    { type: 'ConsumerGroupPartitionMetadata', groupId, value: null },
    { type: 'ConsumerGroupMetadata', groupId, value: null },
  ];
}

/** An admin commit (epoch -1) of the given topics' partition 0, at `nowMs`. */
function adminCommit(h: AdminHarness, groupId: string, ...topics: string[]): void {
  h.send(offsetCommit({ groupId, topics: topics.map((t) => topic(t, part(0, 5))) }));
}

function deleteCodes(r: unknown): [string, number][] {
  return (r as DeleteGroupsResponse).results.map((x) => [x.groupId, x.errorCode]);
}

function offsetDeleteCodes(r: unknown): [number, [string, [number, number][]][]] {
  const d = r as OffsetDeleteResponse;
  return [d.errorCode, d.topics.map((t) => [t.name, t.partitions.map((p) => [p.partitionIndex, p.errorCode])])];
}

describe('OffsetDelete of a consumer group', () => {
  it('[CGO-15] allowed with members; topics subscribed by name or through a resolved regex are refused', () => {
    const h = new AdminHarness();
    h.addConsumerGroup('g', {});
    adminCommit(h, 'g', 'foo', 'bar', 'baz', 'qux');
    h.addConsumerGroup('g', { members: [member('m1', 2, { subscribedTopicNames: ['foo'] }), member('m2', 2, { subscribedTopicNames: [], subscribedTopicRegex: 'ba.*' })], regexes: { 'ba.*': ['bar', 'baz'] } });
    const step = h.send(offsetDelete('g', { foo: [0], bar: [0], baz: [0], qux: [0, 1] }));
    expect(offsetDeleteCodes(step.response)).toEqual([0, [['foo', [[0, 86]]], ['bar', [[0, 86]]], ['baz', [[0, 86]]], ['qux', [[0, 0], [1, 0]]]]]);
    expect(step.records).toEqual([tomb('qux', 0)]);
  });

  it('[CGO-15] an Empty consumer group is subscribed to nothing', () => {
    const h = new AdminHarness();
    h.addConsumerGroup('g', {});
    adminCommit(h, 'g', 'foo');
    const step = h.send(offsetDelete('g', { foo: [0] }));
    expect(offsetDeleteCodes(step.response)).toEqual([0, [['foo', [[0, 0]]]]]);
    expect(step.records).toEqual([tomb('foo', 0)]);
  });
});

describe('DeleteGroups of a consumer group', () => {
  it('[CGO-16] a consumer group with members -> NON_EMPTY_GROUP, nothing written', () => {
    const h = new AdminHarness();
    h.addConsumerGroup('g', { members: [member('m1', 2)] });
    const step = h.send(deleteGroups(['g']));
    expect(deleteCodes(step.response)).toEqual([['g', 68]]);
    expect(step.records).toEqual([]);
  });

  it('[CGO-17] an Empty group: its offsets\' tombstones, then its own in Kafka\'s order, regexes included', () => {
    const h = new AdminHarness();
    h.addConsumerGroup('g', { groupEpoch: 7, regexes: { 'x.*': ['xa'], 'a.*': [] } });
    adminCommit(h, 'g', 'foo', 'bar');
    const step = h.send(deleteGroups(['g']));
    expect(deleteCodes(step.response)).toEqual([['g', 0]]);
    expect(step.records).toEqual([
      tomb('bar', 0),
      tomb('foo', 0),
      { type: 'ConsumerGroupTargetAssignmentMetadata', groupId: 'g', value: null },
      { type: 'ConsumerGroupRegularExpression', groupId: 'g', regularExpression: 'x.*', value: null },
      { type: 'ConsumerGroupRegularExpression', groupId: 'g', regularExpression: 'a.*', value: null },
      { type: 'ConsumerGroupPartitionMetadata', groupId: 'g', value: null },
      { type: 'ConsumerGroupMetadata', groupId: 'g', value: null },
    ]);
    // Replayed, they remove the group and its offsets: the id is free again.
    expect(h.state.consumerGroups.has('g')).toBe(false);
    expect(h.state.offsets.has('g')).toBe(false);
  });
});

describe('Expiration of a consumer group\'s offsets and of the group', () => {
  const RETENTION = 60_000;
  const cfg = config({ offsetsRetentionMinutes: 1 });

  it('[CGO-21] with members: subscribed topics never expire, the others age from their commit', () => {
    const h = new AdminHarness(cfg);
    h.addConsumerGroup('g', {});
    adminCommit(h, 'g', 'foo', 'old');
    h.addConsumerGroup('g', { members: [member('m1', 3, { assignedPartitions: asg([FOO_ID, 0]) })] });
    h.nowMs = RETENTION - 1;
    expect(h.fire({ type: 'timer.offsetsCleanup' }).records).toEqual([]);
    h.nowMs = RETENTION;
    expect(h.fire({ type: 'timer.offsetsCleanup' }).records).toEqual([tomb('old', 0)]);
    h.nowMs = 100 * RETENTION;
    expect(h.fire({ type: 'timer.offsetsCleanup' }).records).toEqual([]);
    expect(h.state.offsets.get('g')?.size).toBe(1);
  });

  it('[CGO-21][CGO-22] an Empty group: every offset ages from its commit; when the last expires the group is deleted', () => {
    const h = new AdminHarness(cfg);
    h.addConsumerGroup('g', {});
    adminCommit(h, 'g', 'foo');
    h.nowMs = 1_000;
    adminCommit(h, 'g', 'bar');
    h.nowMs = RETENTION;
    expect(h.fire({ type: 'timer.offsetsCleanup' }).records).toEqual([tomb('foo', 0)]);
    h.nowMs = RETENTION + 1_000;
    expect(h.fire({ type: 'timer.offsetsCleanup' }).records).toEqual([tomb('bar', 0), ...emptyGroupTombstones('g')]);
    expect(h.state.consumerGroups.has('g')).toBe(false);
  });

  it('[CGO-22] an Empty group without offsets goes at the next run; one with members never; classic groups first', () => {
    const h = new AdminHarness(cfg);
    h.addConsumerGroup('bare', {});
    h.addConsumerGroup('busy', { members: [member('m1', 1)] });
    adminCommit(h, 'simple', 'foo'); // a classic (simple) group, committed at 0
    h.nowMs = RETENTION;
    const records = h.fire({ type: 'timer.offsetsCleanup' }).records;
    expect(records).toEqual([tomb('foo', 0, 'simple'), { type: 'GroupMetadata', groupId: 'simple', value: null }, ...emptyGroupTombstones('bare')]);
  });
});
