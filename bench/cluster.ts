/**
 * Benchmarks of the coordinator's memory and of the cluster (never part of `npm test`):
 * - heap bytes per member with 100,000 groups of 10 idle members (Stable, one coordinator);
 * - offset commits per second: the lone coordinator, and the 3-broker cluster with replication;
 * - the load of an offsets partition holding 1,000,000 records (wall time of the fold).
 * Run with `npm run bench` (node --expose-gc).
 */
import { performance } from 'node:perf_hooks';
import { GroupCoordinatorRuntime } from '../src/broker/group-coordinator.js';
import { InMemoryKafka } from '../src/broker/in-memory-kafka.js';
import { CONSUMER_OFFSETS_TOPIC } from '../src/broker/coordinator-placement.js';
import { joinGroup, syncGroup } from '../src/conformance/scenario.js';
import type { GroupRequest, JoinGroupResponse } from '../src/protocol/messages/index.js';
import type { CoordinatorRecord } from '../src/protocol/records.js';

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function heapBytes(): number {
  gc();
  return process.memoryUsage().heapUsed;
}

/** 100,000 groups of 10 members each, all Stable and idle. */
export function heapPerMember(groups = 100_000, perGroup = 10): { bytesPerMember: number; seconds: number } {
  const before = heapBytes();
  const t0 = performance.now();
  // Every member of every group joins at time 0; the initial delays all end at 3000 ms (the
  // rebalance timeout leaves no extension); then leaders and followers sync. No time passes
  // after that, so the members stay without heartbeating.
  const rt = new GroupCoordinatorRuntime();
  for (let g = 0; g < groups; g++) {
    for (let i = 0; i < perGroup; i++) rt.submit(joinGroup({ groupId: `group-${g}`, clientId: `c${i}`, version: 3, rebalanceTimeoutMs: 1000 }));
  }
  rt.advance(3000);
  for (let g = 0; g < groups; g++) {
    const groupId = `group-${g}`;
    const gr = rt.state.groups.get(groupId)!;
    const ids = [...gr.members.keys()];
    const leader = gr.leaderId!;
    rt.submit(syncGroup({ groupId, memberId: leader, generationId: gr.generationId, assignments: ids.map((memberId) => ({ memberId, assignment: new Uint8Array(16) })) }));
    for (const id of ids) if (id !== leader) rt.submit(syncGroup({ groupId, memberId: id, generationId: gr.generationId }));
  }
  const seconds = (performance.now() - t0) / 1000;
  const stable = [...rt.state.groups.values()].filter((g) => g.state === 'Stable').length;
  // Count the groups, not the history: drop the volatile records and delivered responses.
  rt.compact();
  if (stable !== groups) throw new Error(`only ${stable} of ${groups} groups are Stable`);
  const after = heapBytes();
  void rt;
  return { bytesPerMember: (after - before) / (groups * perGroup), seconds };
}

function commit(groupId: string, offset: number): GroupRequest {
  return {
    api: 'OffsetCommit', version: 9, clientId: 'c', clientHost: '/127.0.0.1', groupId, generationIdOrMemberEpoch: -1, memberId: '', groupInstanceId: null, retentionTimeMs: -1,
    topics: [{ name: 't', partitions: [{ partitionIndex: offset % 8, committedOffset: offset, committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: null }] }],
  };
}

/** Offset commits per second on the lone coordinator. */
export function commitsPerSecondCoordinator(n = 200_000): number {
  const rt = new GroupCoordinatorRuntime();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) rt.submit(commit(`g${i % 100}`, i));
  return n / ((performance.now() - t0) / 1000);
}

/** Offset commits per second through a 3-broker cluster (append, replicate, acknowledge). */
export function commitsPerSecondCluster(n = 100_000): number {
  const kafka = new InMemoryKafka({ offsetsTopicPartitions: 50 });
  kafka.cluster.createTopic('t', 8, 3);
  kafka.settle();
  const nodes = Array.from({ length: 100 }, (_, g) => kafka.coordinatorFor(`g${g}`)!);
  const t0 = performance.now();
  let last = '';
  for (let i = 0; i < n; i++) last = kafka.send(nodes[i % 100]!, commit(`g${i % 100}`, i));
  const seconds = (performance.now() - t0) / 1000;
  if (kafka.response(last) === undefined) throw new Error('the last commit was not acknowledged');
  return n / seconds;
}

/** Loads an offsets partition holding `records` OffsetCommit records on a new leader. */
export function loadTime(records = 1_000_000): { ms: number; virtualMs: number } {
  const kafka = new InMemoryKafka({ offsetsTopicPartitions: 1, brokers: 2, offsetsTopicReplicationFactor: 2 });
  const batch: CoordinatorRecord[] = [];
  for (let i = 0; i < records; i++) {
    batch.push({ type: 'OffsetCommit', groupId: `g${i % 1000}`, topic: 't', partition: i % 16, value: { offset: i, leaderEpoch: -1, metadata: '', commitTimestamp: 0 } } as CoordinatorRecord);
    if (batch.length === 10_000) kafka.cluster.append(CONSUMER_OFFSETS_TOPIC, 0, batch.splice(0));
  }
  kafka.settle();
  const p = kafka.cluster.partition(CONSUMER_OFFSETS_TOPIC, 0)!;
  const to = p.replicas.find((r) => r !== p.leader)!;
  kafka.cluster.moveLeadership(CONSUMER_OFFSETS_TOPIC, 0, to);
  kafka.settle();
  const shard = kafka.brokers.get(to)!.shards.get(0)!;
  const v0 = kafka.clock.nowMs();
  const t0 = performance.now();
  while (shard.status === 'loading') kafka.advance(1);
  const ms = performance.now() - t0;
  const loaded = [...shard.state.offsets.values()].reduce((n, m) => n + m.size, 0);
  const expected = new Set(Array.from({ length: records }, (_, i) => `${i % 1000}/${i % 16}`)).size;
  if (loaded !== expected) throw new Error(`loaded ${loaded} offsets, expected ${expected}`);
  return { ms, virtualMs: kafka.clock.nowMs() - v0 };
}

const heap = heapPerMember();
console.log(`heap per member, 100000 groups x 10 idle Stable members: ${Math.round(heap.bytesPerMember)} bytes (built in ${heap.seconds.toFixed(1)} s)`);
const lone = commitsPerSecondCoordinator();
const cluster = commitsPerSecondCluster();
console.log(`offset commits/s: lone coordinator ${Math.round(lone)}; 3-broker cluster with replication ${Math.round(cluster)} (${(cluster / lone).toFixed(2)}x the lone coordinator)`);
const load = loadTime();
console.log(`load of an offsets partition with 1000000 records: ${load.ms.toFixed(0)} ms wall, ${load.virtualMs} ms virtual`);
