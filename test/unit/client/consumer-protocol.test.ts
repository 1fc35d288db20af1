import { describe, expect, it } from 'vitest';
import { PREVIOUS_STATES, type ConsumerRebalanceListener, type GroupMemberState, type TopicPartition } from '../../../src/client/index.js';
import { InvariantViolation } from '../../../src/protocol/invariant.js';
import type { ConsumerGroupHeartbeatRequest } from '../../../src/protocol/messages/consumer-group-heartbeat.js';
import type { OffsetCommitRequest } from '../../../src/protocol/messages/offset-commit.js';
import { cluster, GROUP, sorted, World, type Member } from './world.js';

/** Consumer-group configs small enough for short runs (the defaults' minimum session is 45 s). */
const FAST = { consumerSessionTimeoutMs: 6_000, consumerMinSessionTimeoutMs: 6_000, consumerHeartbeatIntervalMs: 1_000, consumerMinHeartbeatIntervalMs: 1_000 };

const KIP848 = { 'group.protocol': 'consumer', 'auto.commit.interval.ms': 1_000 } as const;

/** Whether `members` are STABLE and own every partition once between them. */
function stableAll(w: World, members: readonly Member[]): boolean {
  const owned = members.flatMap((m) => m.consumer.assignment().map((tp) => tp.partition));
  return members.every((m) => m.consumer.state === 'STABLE') && owned.length === w.partitionCount() && new Set(owned).size === owned.length;
}

/** A listener that logs each callback with the member's trace length at that moment. */
function loggingListener(log: string[], at: () => number): ConsumerRebalanceListener {
  const fmt = (tps: readonly TopicPartition[]): string => tps.map((tp) => tp.partition).join(',');
  return {
    onPartitionsRevoked: (tps) => log.push(`revoked ${fmt(tps)} @${at()}`),
    onPartitionsAssigned: (tps) => log.push(`assigned ${fmt(tps)} @${at()}`),
    onPartitionsLost: (tps) => log.push(`lost ${fmt(tps)} @${at()}`),
  };
}

/** The moves a member made, as `FROM>TO`. */
function moves(m: Member): string[] {
  return m.consumer.trace.flatMap((e) => (e.type === 'state' && e.from !== e.to ? [`${e.from}>${e.to}`] : []));
}

/** Each heartbeat request with its trace index. */
function heartbeatsOf(m: Member): { index: number; request: ConsumerGroupHeartbeatRequest }[] {
  return m.consumer.trace.flatMap((e, index) => (e.type === 'request' && e.api === 'ConsumerGroupHeartbeat' ? [{ index, request: e.request as ConsumerGroupHeartbeatRequest }] : []));
}

describe('a KIP-848 consumer (group.protocol=consumer)', () => {
  it('[CL-35][CL-36][CL-37][CL-39][CL-40][CL-41] a group on three brokers reads every record exactly once through a join, a leave, a crash and a coordinator failover', () => {
    const kafka = cluster(6, FAST);
    const w = new World(kafka);
    const log: string[] = [];
    const crashing = kafka.createTransport();
    const members: Member[] = [];
    // While its revoke callback runs, a member no longer reads the revoked partitions, and
    // those it read from (they have a position) were committed before.
    const readableAtRevoke: string[] = [];
    const uncommittedAtRevoke: string[] = [];
    let revokedAfterReading = 0;
    const revokeChecks = (i: number): ConsumerRebalanceListener => {
      const logging = loggingListener(i === 0 ? log : [], () => members[i]!.consumer.trace.length);
      return {
        ...logging,
        onPartitionsRevoked: (tps) => {
          logging.onPartitionsRevoked!(tps);
          const c = members[i]!.consumer;
          const readable = c.readablePartitions().map((tp) => tp.partition);
          readableAtRevoke.push(...tps.filter((tp) => readable.includes(tp.partition)).map((tp) => `c${i + 1}:${tp.partition}`));
          // The offset each partition was last committed at, in the order sent.
          const committed = new Map<number, number>();
          for (const r of members[i]!.requests<OffsetCommitRequest>('OffsetCommit')) for (const t of r.topics) for (const p of t.partitions) committed.set(p.partitionIndex, p.committedOffset);
          const read = tps.filter((tp) => c.position(tp) !== undefined);
          if (read.length > 0) revokedAfterReading++;
          uncommittedAtRevoke.push(...read.filter((tp) => committed.get(tp.partition) !== c.position(tp)).map((tp) => `c${i + 1}:${tp.partition}`));
        },
      };
    };
    members.push(w.add(KIP848, {}, revokeChecks(0)), w.add(KIP848, {}, revokeChecks(1)), w.add(KIP848, { transport: crashing }, revokeChecks(2)));
    const produced = w.produceAll(5);
    w.until(() => stableAll(w, members));
    expect(members.map((m) => m.partitions().length)).toEqual([2, 2, 2]);
    produced.push(...w.produceAll(5, 5));
    w.run(3000);

    // A fourth member joins: the others revoke a partition each, at most, before it owns them.
    const fourth = w.add(KIP848);
    w.until(() => stableAll(w, [...members, fourth]));
    produced.push(...w.produceAll(5, 10));
    w.run(3000);

    // The first member's revocation ran before any heartbeat that gave the partition up.
    const revokedAt = log.find((l) => l.startsWith('revoked'));
    expect(revokedAt).toBeDefined();
    const [, parts, at] = /revoked (\S+) @(\d+)/.exec(revokedAt!)!;
    const gaveUp = heartbeatsOf(members[0]!).find((h) => h.request.topicPartitions !== null && !h.request.topicPartitions.some((t) => t.partitions.includes(Number(parts!.split(',')[0]))) && h.request.memberEpoch > 0);
    expect(gaveUp!.index).toBeGreaterThanOrEqual(Number(at));
    expect(readableAtRevoke).toEqual([]);
    expect(uncommittedAtRevoke).toEqual([]);
    expect(revokedAfterReading).toBeGreaterThan(0);

    // One member leaves with epoch -1.
    members[1]!.consumer.close();
    members[1]!.polling = false;
    const leave = heartbeatsOf(members[1]!).at(-1)!.request;
    expect(leave.memberEpoch).toBe(-1);
    expect(members[1]!.consumer.state).toBe('UNSUBSCRIBED');
    w.until(() => stableAll(w, [members[0]!, members[2]!, fourth]));
    produced.push(...w.produceAll(5, 15));
    w.run(3000);

    // One crashes (nothing it sends arrives); its session expires and the others take over.
    crashing.setFaults([{ action: { type: 'drop' } }]);
    members[2]!.polling = false;
    w.until(() => stableAll(w, [members[0]!, fourth]));
    produced.push(...w.produceAll(5, 20));
    w.run(3000);

    // The coordinator's broker crashes: the group is loaded elsewhere and goes on.
    const old = kafka.coordinatorFor(GROUP)!;
    kafka.crash(old);
    produced.push(...w.produceAll(5, 25));
    w.run(10_000);
    expect(kafka.coordinatorFor(GROUP)).not.toBe(old);
    w.until(() => stableAll(w, [members[0]!, fourth]));
    expect(sorted(w.consumed())).toEqual(sorted(produced));

    // Commits carry the member epoch (OffsetCommit v9).
    const commit = members[0]!.requests<OffsetCommitRequest>('OffsetCommit').at(-1)!;
    expect(commit).toMatchObject({ version: 9, memberId: members[0]!.consumer.groupMetadata().memberId });
    expect(commit.generationIdOrMemberEpoch).toBeGreaterThan(0);
    for (const m of [...members, fourth]) for (const mv of moves(m)) expect(PREVIOUS_STATES[mv.split('>')[1] as GroupMemberState]).toContain(mv.split('>')[0]);
  });

  it('[CL-39][CL-41] with auto-commit, a revoked partition is committed at its position before the revoke callback, and nobody reads a record twice', () => {
    const w = new World(cluster(2, FAST));
    const seen: string[] = [];
    const a: Member = w.add({ ...KIP848, 'auto.commit.interval.ms': 60_000 }, {}, {
      onPartitionsRevoked: (tps) => {
        const committed = new Map<number, number>();
        for (const r of a.requests<OffsetCommitRequest>('OffsetCommit')) for (const t of r.topics) for (const p of t.partitions) committed.set(p.partitionIndex, p.committedOffset);
        for (const tp of tps) seen.push(`${tp.partition}: position ${a.consumer.position(tp)} committed ${committed.get(tp.partition)} readable ${a.consumer.readablePartitions().some((r) => r.partition === tp.partition)}`);
      },
    });
    const produced = w.produceAll(5);
    w.until(() => stableAll(w, [a]) && a.records.length === 10);
    const b = w.add({ ...KIP848, 'auto.commit.interval.ms': 60_000 });
    produced.push(...w.produceAll(5, 5));
    w.until(() => stableAll(w, [a, b]) && b.partitions().length === 1);
    produced.push(...w.produceAll(5, 10));
    w.run(2000);
    expect(seen).toHaveLength(1);
    // Read past the first batch, committed exactly there, and no longer fetched.
    expect(seen[0]).toMatch(/^\d: position (\d+) committed \1 readable false$/);
    expect(seen[0]).not.toMatch(/position 0 /);
    expect(sorted(w.consumed())).toEqual(sorted(produced));
  });

  it('[CL-39][CL-40] a revoke callback may commitSync: the member still holds its epoch, and the records move on exactly once', () => {
    const w = new World(cluster(2, FAST));
    const results: string[] = [];
    const config = { ...KIP848, 'enable.auto.commit': false };
    const a: Member = w.add(config, {}, {
      onPartitionsRevoked: (tps) => {
        const done = a.consumer.commitSync();
        results.push(`${tps.map((tp) => tp.partition).join(',')} committed ${done.map((o) => `${o.partition}:${o.offset}`).join(' ')}`);
      },
    });
    const produced = w.produceAll(5);
    w.until(() => a.records.length === 10);
    const b = w.add(config);
    w.until(() => b.partitions().length === 1 && a.consumer.state === 'STABLE');
    produced.push(...w.produceAll(5, 5));
    w.run(2000);
    expect(results).toEqual([expect.stringMatching(/^\d committed 0:5 1:5$/)]);
    const commit = a.requests<OffsetCommitRequest>('OffsetCommit')[0]!;
    // The epoch it held while revoking: the coordinator bumps it only once the revocation is acknowledged.
    expect(commit).toMatchObject({ version: 9, generationIdOrMemberEpoch: 1, memberId: a.consumer.groupMetadata().memberId });
    expect(a.consumer.groupMetadata().generationId).toBe(2);
    expect(sorted(w.consumed())).toEqual(sorted(produced));
  });

  it('[CL-36] the joining heartbeat carries every field; later ones only what changed', () => {
    const w = new World(cluster(2, FAST));
    const m = w.add({ ...KIP848, 'group.remote.assignor': 'range', 'client.rack': 'r1' });
    w.until(() => stableAll(w, [m]));
    w.run(3000);
    const hbs = heartbeatsOf(m).map((h) => h.request);
    expect(hbs[0]).toMatchObject({ memberEpoch: 0, rebalanceTimeoutMs: 300_000, rackId: 'r1', subscribedTopicNames: ['t'], serverAssignor: 'range', topicPartitions: [] });
    expect(hbs[0]!.memberId).toMatch(/^[0-9a-f-]{36}$/);
    // The acknowledgement reports the owned partitions, and nothing else.
    const ack = hbs[1]!;
    expect(ack).toMatchObject({ rebalanceTimeoutMs: -1, rackId: null, subscribedTopicNames: null, serverAssignor: null });
    expect(ack.topicPartitions?.[0]?.partitions).toEqual([0, 1]);
    expect(hbs.at(-1)).toMatchObject({ memberId: hbs[0]!.memberId, rebalanceTimeoutMs: -1, subscribedTopicNames: null, topicPartitions: null });
    expect(hbs.at(-1)!.memberEpoch).toBeGreaterThan(0);
    expect(moves(m).slice(0, 4)).toEqual(['UNSUBSCRIBED>JOINING', 'JOINING>RECONCILING', 'RECONCILING>ACKNOWLEDGING', 'ACKNOWLEDGING>STABLE']);
    // A new subscription goes in the next heartbeat, once; the new topic's partitions follow, named by id.
    expect('error' in w.kafka.cluster.createTopic('u', 1, 3)).toBe(false);
    w.kafka.settle();
    const sent = hbs.length;
    m.consumer.subscribe(['t', 'u']);
    w.until(() => m.consumer.assignment().length === 3);
    w.run(3000);
    const later = heartbeatsOf(m).map((h) => h.request).slice(sent);
    expect(later.filter((r) => r.subscribedTopicNames !== null).map((r) => r.subscribedTopicNames)).toEqual([['t', 'u']]);
    expect(m.consumer.assignment()).toEqual([{ topic: 't', partition: 0 }, { topic: 't', partition: 1 }, { topic: 'u', partition: 0 }]);
    expect(later.find((r) => r.topicPartitions?.length === 2)?.topicPartitions?.map((t) => t.topicId)).toEqual([w.kafka.cluster.topic('t')!.topicId, w.kafka.cluster.topic('u')!.topicId].sort());
  });

  it('[CL-35][CL-37][CL-38] a fenced member loses its partitions and rejoins with epoch 0; a stale one leaves and rejoins', () => {
    const kafka = cluster(2, FAST);
    const w = new World(kafka);
    const log: string[] = [];
    const transport = kafka.createTransport();
    const m = w.add({ ...KIP848, 'max.poll.interval.ms': 20_000, 'request.timeout.ms': 5_000 }, { transport }, loggingListener(log, () => 0));
    w.until(() => stableAll(w, [m]));
    // Cut off longer than the session: the coordinator removes it; healed, its heartbeat is fenced.
    transport.setFaults([{ action: { type: 'drop' } }]);
    w.run(8_000);
    transport.setFaults([]);
    w.until(() => moves(m).includes('FENCED>JOINING') && m.consumer.state === 'STABLE' && m.partitions().length === 2, 30_000);
    expect(moves(m)).toContain('STABLE>FENCED');
    expect(moves(m)).toContain('FENCED>JOINING');
    expect(log).toContain('lost 0,1 @0');
    const rejoin = heartbeatsOf(m).map((h) => h.request).filter((r) => r.memberEpoch === 0);
    expect(rejoin).toHaveLength(2);
    expect(rejoin[1]).toMatchObject({ memberId: rejoin[0]!.memberId, subscribedTopicNames: ['t'], topicPartitions: [] });
    // The application stops polling: after max.poll.interval.ms it leaves and is stale.
    m.polling = false;
    w.run(21_000);
    expect(m.consumer.state).toBe('STALE');
    expect(moves(m).slice(-3)).toEqual(['STABLE>PREPARE_LEAVING', 'PREPARE_LEAVING>LEAVING', 'LEAVING>STALE']);
    m.polling = true;
    w.until(() => m.consumer.state === 'STABLE', 30_000);
    expect(moves(m)).toContain('STALE>JOINING');
  });

  it('[CL-35] an illegal move throws an InvariantViolation naming CL-35', () => {
    const w = new World(cluster(2, FAST));
    const m = w.add(KIP848);
    const member = m.consumer.consumerGroupMember!;
    expect(member.state).toBe('UNSUBSCRIBED');
    expect(() => member.to('ACKNOWLEDGING', 'test')).toThrow(InvariantViolation);
    expect(() => member.to('STABLE', 'test')).toThrow(/CL-35/);
  });

  it('[CL-40] a static member leaves with epoch -2', () => {
    const w = new World(cluster(2, FAST));
    const m = w.add({ ...KIP848, 'group.instance.id': 'i1' });
    w.until(() => stableAll(w, [m]));
    m.consumer.close();
    const hbs = heartbeatsOf(m).map((h) => h.request);
    expect(hbs[0]!.instanceId).toBe('i1');
    expect(hbs.at(-1)!.memberEpoch).toBe(-2);
    expect(moves(m).slice(-3)).toEqual(['STABLE>PREPARE_LEAVING', 'PREPARE_LEAVING>LEAVING', 'LEAVING>UNSUBSCRIBED']);
  });
});
