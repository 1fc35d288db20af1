import { describe, expect, it } from 'vitest';
import type { ConsumerError, OffsetAndMetadata, TopicPartition } from '../../../src/client/index.js';
import { decodeText } from '../../../src/protocol/messages/index.js';
import type { OffsetCommitRequest } from '../../../src/protocol/messages/index.js';
import { consumerOf } from '../../helpers/consumer.js';
import { cluster, GROUP, sorted, TOPIC, World } from './world.js';

const ALL = (n: number): TopicPartition[] => Array.from({ length: n }, (_, partition) => ({ topic: TOPIC, partition }));

/** The offsets an OffsetCommit request carries, as `partition:offset`. */
function offsetsOf(request: OffsetCommitRequest): string[] {
  return request.topics.flatMap((t) => t.partitions.map((p) => `${p.partitionIndex}:${p.committedOffset}`));
}

function errorOf(f: () => unknown): ConsumerError {
  try {
    f();
  } catch (e) {
    return e as ConsumerError;
  }
  throw new Error('expected an error');
}

describe('commits', () => {
  it('[CL-24][CL-13] an eager member commits what it read before it revokes and rejoins; the next owner starts there', () => {
    const w = new World(cluster(4));
    const events: string[] = [];
    const a = w.add({ 'auto.commit.interval.ms': 600_000 }, {}, {
      onPartitionsRevoked: (tps) => events.push(`revoked ${tps.map((tp) => tp.partition).join(',')} after ${a.responses('OffsetCommit').length} commit answers`),
      onPartitionsAssigned: (tps) => events.push(`assigned ${tps.map((tp) => tp.partition).join(',')}`),
    });
    const before = w.produceAll(10);
    w.until(() => w.stable(1));
    w.run(1000);
    expect(a.records).toHaveLength(40);
    expect(a.sent('OffsetCommit')).toEqual([]);

    const b = w.add({ 'auto.commit.interval.ms': 600_000 });
    w.until(() => w.stable(2));
    const after = w.produceAll(5, 10);
    w.run(2000);

    // Before its second JoinGroup, a committed everything it had read, then revoked everything.
    const commit = a.requests<OffsetCommitRequest>('OffsetCommit')[0]!;
    expect(offsetsOf(commit)).toEqual(['0:10', '1:10', '2:10', '3:10']);
    const trace = a.consumer.trace;
    const commitAnswered = trace.findIndex((e) => e.type === 'response' && e.api === 'OffsetCommit');
    const secondJoin = trace.findIndex((e, i) => e.type === 'request' && e.api === 'JoinGroup' && i > commitAnswered);
    expect(commitAnswered).toBeGreaterThan(0);
    expect(secondJoin).toBeGreaterThan(commitAnswered);
    expect(events.slice(0, 3)).toEqual(['assigned 0,1,2,3', 'revoked 0,1,2,3 after 1 commit answers', 'assigned ' + a.partitions().join(',')]);
    expect(sorted(w.consumed())).toEqual(sorted([...before, ...after]));
    expect(b.records.every((r) => r.offset >= 10)).toBe(true);
  });

  it('[CL-24][CL-27] without auto-commit, a listener that commits in onPartitionsRevoked gives exactly-once hand-over', () => {
    const w = new World(cluster(4));
    const config = { 'enable.auto.commit': false };
    let committedOnRevoke: readonly OffsetAndMetadata[] = [];
    const a: ReturnType<World['add']> = w.add(config, {}, {
      onPartitionsRevoked: () => {
        committedOnRevoke = a.consumer.commitSync();
      },
    });
    const before = w.produceAll(10);
    w.until(() => w.stable(1));
    w.run(1000);
    w.add(config);
    w.until(() => w.stable(2));
    const after = w.produceAll(5, 10);
    w.run(2000);
    expect(committedOnRevoke.map((o) => `${o.partition}:${o.offset}`)).toEqual(['0:10', '1:10', '2:10', '3:10']);
    expect(sorted(w.consumed())).toEqual(sorted([...before, ...after]));
  });

  it('[CL-26] auto-commit sends, every auto.commit.interval.ms, the positions after the records of the previous polls', () => {
    const kafka = cluster(2);
    const w = new World(kafka);
    const a = w.add({ 'auto.commit.interval.ms': 1000 });
    w.until(() => w.stable(1));
    const startedAt = kafka.loop.nowMs();
    const seen: { before: string[]; sentDuring: OffsetCommitRequest[] }[] = [];
    for (let i = 0; i < 100; i++) {
      if (i % 10 === 0) w.produceAll(3, i);
      const before = a.consumer.assignment().map((tp) => `${tp.partition}:${a.consumer.position(tp)}`);
      const sentBefore = a.requests<OffsetCommitRequest>('OffsetCommit').length;
      a.poll();
      seen.push({ before, sentDuring: a.requests<OffsetCommitRequest>('OffsetCommit').slice(sentBefore) });
      kafka.advance(100);
    }
    const commits = a.consumer.trace.filter((e) => e.type === 'request' && e.api === 'OffsetCommit' && e.atMs >= startedAt);
    expect(commits.length).toBeGreaterThanOrEqual(8);
    for (let i = 1; i < commits.length; i++) expect(commits[i]!.atMs - commits[i - 1]!.atMs).toBeGreaterThanOrEqual(1000);
    for (const s of seen) for (const r of s.sentDuring) expect(offsetsOf(r)).toEqual(s.before);
    // The group now holds what the last auto-commit sent.
    const last = a.requests<OffsetCommitRequest>('OffsetCommit').at(-1)!;
    expect(a.consumer.committed(ALL(2)).map((o) => `${o?.partition}:${o?.offset}`)).toEqual(offsetsOf(last));
  });

  it('[CL-27] commitSync and commitAsync: results, callbacks in the next poll, and errors outside a stable generation', () => {
    const kafka = cluster(2);
    const w = new World(kafka);
    const a = w.add({ 'enable.auto.commit': false });
    // Not joined: the commit fails at once, without a request.
    expect(errorOf(() => a.consumer.commitSync([{ topic: TOPIC, partition: 0, offset: 1 }])).kind).toBe('CommitFailed');
    a.poll();
    kafka.advance(2);
    expect(a.consumer.state).toBe('preparingRebalance');
    expect(errorOf(() => a.consumer.commitSync([{ topic: TOPIC, partition: 0, offset: 1 }])).kind).toBe('RebalanceInProgress');
    expect(a.sent('OffsetCommit')).toEqual([]);

    w.produceAll(4);
    w.until(() => w.stable(1));
    w.run(500);
    const t0 = kafka.loop.nowMs();
    expect(a.consumer.commitSync()).toEqual([
      { topic: TOPIC, partition: 0, offset: 4, metadata: '' },
      { topic: TOPIC, partition: 1, offset: 4, metadata: '' },
    ]);
    expect(kafka.loop.nowMs()).toBeGreaterThan(t0);
    expect(a.consumer.committed(ALL(2)).map((o) => o?.offset)).toEqual([4, 4]);

    const calls: string[] = [];
    const handle = a.consumer.commitAsync([{ topic: TOPIC, partition: 0, offset: 2 }], (offsets, error) => calls.push(`${offsets.length} ${error}`));
    expect(handle.outcome.status).toBe('pending');
    kafka.advance(10);
    expect(handle.outcome.status).toBe('committed');
    expect(calls).toEqual([]);
    a.poll();
    expect(calls).toEqual(['1 null']);

    // The coordinator moves: commitSync rediscovers it and retries.
    const old = kafka.coordinatorFor(GROUP)!;
    kafka.moveCoordinator(GROUP, (old + 1) % 3);
    expect(a.consumer.commitSync([{ topic: TOPIC, partition: 1, offset: 3 }]).map((o) => o.offset)).toEqual([3]);
    expect(a.responses<{ topics: { partitions: { errorCode: number }[] }[] }>('OffsetCommit').some((r) => r.topics[0]?.partitions[0]?.errorCode === 16)).toBe(true);
    expect(a.consumer.committed(ALL(2)).map((o) => o?.offset)).toEqual([2, 3]);
  });

  it('[CL-27][CL-06] a commit answered UNKNOWN_MEMBER_ID fails with CommitFailed and resets the member, whose partitions are lost', () => {
    const kafka = cluster(2);
    const w = new World(kafka);
    const lost: number[][] = [];
    const a = w.add({ 'enable.auto.commit': false, 'session.timeout.ms': 6000, 'heartbeat.interval.ms': 5999 }, {}, { onPartitionsLost: (tps) => lost.push(tps.map((tp) => tp.partition)) });
    w.until(() => w.stable(1));
    // The member's heartbeats are dropped: the coordinator expels it after its session.
    const member = a.consumer.groupMetadata().memberId;
    const shard = kafka.shardFor(GROUP)!;
    kafka.transport.setFaults([{ match: { api: 'Heartbeat' }, action: { type: 'drop' } }]);
    kafka.advance(7000);
    expect(shard.state.groups.get(GROUP)?.members.has(member)).toBe(false);
    kafka.transport.setFaults(undefined);
    expect(a.consumer.state).toBe('stable');
    const error = errorOf(() => a.consumer.commitSync([{ topic: TOPIC, partition: 0, offset: 1 }]));
    expect(error).toMatchObject({ kind: 'CommitFailed', errorCode: 25 });
    expect(a.consumer.state).toBe('unjoined');
    expect(a.consumer.groupMetadata()).toMatchObject({ generationId: -1, memberId: '' });
    expect(a.consumer.readablePartitions()).toEqual([]);
    a.poll();
    expect(lost).toEqual([[0, 1]]);
    expect(a.consumer.state).toBe('preparingRebalance');
    expect(a.requests<{ memberId: string }>('JoinGroup').at(-1)?.memberId).toBe('');
  });

  it('[CL-32] close returns at once; a commit in flight completes after it and its callback runs then', () => {
    const kafka = cluster(2);
    const w = new World(kafka);
    const a = w.add({ 'enable.auto.commit': false });
    w.produceAll(3);
    w.until(() => w.stable(1));
    w.run(500);
    const calls: string[] = [];
    const handle = a.consumer.commitAsync(undefined, (offsets, error) => calls.push(`${offsets.map((o) => o.offset).join(',')} ${error}`));
    a.consumer.close();
    a.polling = false;
    expect(a.consumer.state).toBe('leaving');
    expect(handle.outcome.status).toBe('pending');
    expect(a.sent('OffsetCommit', 'LeaveGroup')).toEqual(['OffsetCommit', 'LeaveGroup']);
    kafka.advance(10);
    expect(handle.outcome).toMatchObject({ status: 'committed' });
    expect(calls).toEqual(['3,3 null']);
    expect(a.consumer.state).toBe('left');
    a.consumer.close();
    expect(a.consumer.state).toBe('left');
    for (const call of [() => a.consumer.poll(0), () => a.consumer.commitSync(), () => a.consumer.commitAsync(), () => a.consumer.subscribe(['t'])]) {
      expect(errorOf(call)).toMatchObject({ kind: 'IllegalState', message: 'This consumer has already been closed.' });
    }
    // A new member of the group starts where the closed one committed.
    const b = consumerOf(kafka, { 'group.id': GROUP, 'auto.offset.reset': 'earliest' });
    b.subscribe([TOPIC]);
    const got: string[] = [];
    for (let i = 0; i < 100; i++) {
      got.push(...b.poll(0).map((r) => decodeText(r.value) ?? ''));
      kafka.advance(50);
    }
    expect(got).toEqual([]);
    expect(b.assignment()).toHaveLength(2);
  });
});
