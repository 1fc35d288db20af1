/**
 * Which partition faults make a classic consumer group rebalance (FLT-08, FLT-09): two of the
 * project's KafkaConsumers in one group, in virtual time, while a partition goes offline and comes
 * back, and while the topic gains partitions.
 */
import { describe, expect, it } from 'vitest';
import { produce } from '../../src/broker/produce.js';
import { ErrorCodes } from '../../src/protocol/errors.js';
import type { FetchResponse, MetadataResponse } from '../../src/protocol/messages/index.js';
import { textRecord } from '../../src/protocol/messages/index.js';
import { cluster, sorted, TOPIC, World, type Member } from '../unit/client/world.js';

const METADATA_MAX_AGE_MS = 5_000;

/** A stable group of two members on topic `t` of 4 partitions, each partition with 2 records read. */
function stableGroup() {
  const kafka = cluster(4);
  const w = new World(kafka);
  const config = { 'metadata.max.age.ms': METADATA_MAX_AGE_MS };
  const members = [w.add(config), w.add(config)] as const;
  w.until(() => w.stable(2));
  const written = w.produceAll(2);
  w.until(() => w.consumed().length === written.length);
  return { kafka, w, members };
}

/** Every partition `m` owns, as `t-N`, and its generation. */
function view(m: Member): string {
  return `${m.consumer.groupMetadata().generationId}: ${m.partitions().join(',')}`;
}

describe('partition faults and rebalances', () => {
  it('[FLT-09] [RP-24] a partition going offline makes no rebalance: its owner keeps it, gets errors until it is back, then reads on; nothing lost or read twice', () => {
    const { kafka, w, members } = stableGroup();
    const generation = w.group()!.generationId;
    const before = members.map(view);
    const owner = members.find((m) => m.partitions().includes(1))!;
    const ownerRecords = owner.records.length;
    const fetchesBefore = owner.responses<FetchResponse>('Fetch').length;
    const groupRequests = (): number => members.flatMap((m) => m.sent('JoinGroup', 'SyncGroup', 'LeaveGroup')).length;
    const groupRequestsBefore = groupRequests();
    expect(kafka.setPartitionOffline(TOPIC, 1, true)).toEqual({ changed: true });
    for (const p of [0, 2, 3]) produce(kafka, TOPIC, p, [textRecord(`during-${p}`)]);
    w.run(4 * METADATA_MAX_AGE_MS);

    // No rebalance: same generation, same assignment, the group Stable all along.
    expect(w.group()).toMatchObject({ state: 'Stable', generationId: generation });
    expect(members.map(view)).toEqual(before);
    expect(groupRequests()).toBe(groupRequestsBefore);
    // The owner saw the partition without a leader, in Fetch errors or in Metadata, and refreshed.
    const errors = owner.responses<FetchResponse>('Fetch').slice(fetchesBefore).flatMap((r) => r.responses.flatMap((t) => t.partitions.filter((p) => p.partitionIndex === 1 && p.errorCode !== 0).map((p) => p.errorCode)));
    const leaderless = owner.responses<MetadataResponse>('Metadata').some((r) => r.topics.some((t) => t.partitions.some((p) => p.partitionIndex === 1 && p.errorCode === ErrorCodes.LEADER_NOT_AVAILABLE && p.leaderId === -1)));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e === ErrorCodes.NOT_LEADER_OR_FOLLOWER)).toBe(true);
    expect(leaderless).toBe(true);
    // The other partitions were read as before.
    expect(sorted(w.consumed().filter((v) => v.startsWith('during-')))).toEqual(['during-0', 'during-2', 'during-3']);

    expect(kafka.setPartitionOffline(TOPIC, 1, false)).toEqual({ changed: true });
    produce(kafka, TOPIC, 1, [textRecord('after-1')]);
    w.until(() => w.consumed().includes('after-1'), 3 * METADATA_MAX_AGE_MS);
    expect(owner.values().slice(ownerRecords)).toContain('after-1');
    expect(w.group()!.generationId).toBe(generation);
    expect(members.map(view)).toEqual(before);
    expect(groupRequests()).toBe(groupRequestsBefore);
    const all = w.consumed();
    expect(new Set(all).size).toBe(all.length);
    expect(all).toHaveLength(8 + 3 + 1);
  });

  it('[FLT-09] [RP-09] a broker crash that moves partition leaders (not the coordinator) makes no rebalance either; reads go to the new leaders', () => {
    const { kafka, w, members } = stableGroup();
    const generation = w.group()!.generationId;
    const before = members.map(view);
    const coordinator = kafka.coordinatorFor('g')!;
    const victim = [0, 1, 2].find((b) => b !== coordinator && [0, 1, 2, 3].some((p) => kafka.cluster.partition(TOPIC, p)!.leader === b))!;
    const moved = [0, 1, 2, 3].filter((p) => kafka.cluster.partition(TOPIC, p)!.leader === victim);
    kafka.crash(victim);
    for (const p of moved) expect(kafka.cluster.partition(TOPIC, p)!.leader).not.toBe(victim);
    for (const p of moved) produce(kafka, TOPIC, p, [textRecord(`moved-${p}`)]);
    w.run(3 * METADATA_MAX_AGE_MS);
    expect(w.group()).toMatchObject({ state: 'Stable', generationId: generation });
    expect(members.map(view)).toEqual(before);
    expect(sorted(w.consumed().filter((v) => v.startsWith('moved-')))).toEqual(sorted(moved.map((p) => `moved-${p}`)));
  });

  it('[FLT-08] adding partitions to the subscribed topic makes the leader rejoin at its next metadata refresh: a new generation assigns them', () => {
    const { kafka, w, members } = stableGroup();
    const generation = w.group()!.generationId;
    const leader = members.find((m) => m.consumer.isLeader)!;
    const grownAt = kafka.loop.nowMs();
    expect(kafka.addPartitions(TOPIC, 6)).not.toHaveProperty('error');
    w.until(() => w.stable(2) && w.group()!.generationId > generation, 2 * METADATA_MAX_AGE_MS);
    expect(w.group()!.generationId).toBe(generation + 1);
    expect(kafka.loop.nowMs() - grownAt).toBeLessThanOrEqual(METADATA_MAX_AGE_MS + 1_000);
    expect(sorted(members.flatMap((m) => m.partitions().map(String)))).toEqual(['0', '1', '2', '3', '4', '5']);
    expect(leader.consumer.trace.some((e) => e.type === 'state' && e.cause === 'rejoin requested: cached metadata has changed (t: 4 -> 6 partitions)')).toBe(true);
  });
});
