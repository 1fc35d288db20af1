/**
 * Benchmarks of the coordinator's memory and of the cluster (never part of `npm test`):
 * - heap bytes per member with 20,000 groups of 10 idle members (Stable, one coordinator;
 *   `--groups 100000` for the size of the published figure);
 * - offset commits per second: the lone coordinator, and the 3-broker cluster with replication;
 * - the load of an offsets partition holding 1,000,000 records (wall time of the fold).
 * Each checks its result (groups Stable and synced, every commit answered NONE and stored, the
 * load complete) before it reports. Run with `npm run bench` (node --expose-gc).
 */
import { performance } from 'node:perf_hooks';
import { GroupCoordinatorRuntime } from '../src/broker/group-coordinator.js';
import type { RuntimeOptions } from '../src/broker/group-coordinator.js';
import { InMemoryKafka } from '../src/broker/in-memory-kafka.js';
import { CONSUMER_OFFSETS_TOPIC } from '../src/broker/coordinator-placement.js';
import { joinGroup, syncGroup } from '../src/conformance/scenario.js';
import type { GroupRequest, OffsetCommitResponse } from '../src/protocol/messages/index.js';
import { arg, check, gc, measure, measureValue, runSuite, time } from './harness.js';
import type { Figure } from './harness.js';
import type { CoordinatorRecord } from '../src/protocol/records.js';

function heapBytes(): number {
  gc();
  return process.memoryUsage().heapUsed;
}

/**
 * Heap bytes per idle member: `groups` groups of `perGroup` members, all Stable (checked: every
 * group Stable at generation 1, every member synced), no record log kept, every answer taken.
 */
export function heapPerMember(groups: number, perGroup = 10): number {
  const before = heapBytes();
  // Every member of every group joins at time 0; the initial delays all end at 3000 ms (the
  // rebalance timeout leaves no extension); then leaders and followers sync. No time passes
  // after that, so the members stay without heartbeating.
  const rt = new GroupCoordinatorRuntime({ keepRecords: false } as RuntimeOptions);
  let synced = 0;
  const ask = (request: GroupRequest): void => {
    const runtime = rt as GroupCoordinatorRuntime & { send?: GroupCoordinatorRuntime['send']; take?: GroupCoordinatorRuntime['take'] };
    if (typeof runtime.send === 'function') runtime.send(request, () => undefined);
    else rt.submit(request);
  };
  for (let g = 0; g < groups; g++) {
    for (let i = 0; i < perGroup; i++) ask(joinGroup({ groupId: `group-${g}`, clientId: `c${i}`, version: 3, rebalanceTimeoutMs: 1000 }));
  }
  rt.advance(3000);
  for (let g = 0; g < groups; g++) {
    const groupId = `group-${g}`;
    const gr = rt.state.groups.get(groupId)!;
    const ids = [...gr.members.keys()];
    const leader = gr.leaderId!;
    ask(syncGroup({ groupId, memberId: leader, generationId: gr.generationId, assignments: ids.map((memberId) => ({ memberId, assignment: new Uint8Array(16) })) }));
    for (const id of ids) if (id !== leader) ask(syncGroup({ groupId, memberId: id, generationId: gr.generationId }));
  }
  for (const g of rt.state.groups.values()) {
    check(g.state === 'Stable' && g.generationId === 1 && g.members.size === perGroup, `group ${g.groupId} is not Stable at generation 1 with ${perGroup} members`);
    for (const m of g.members.values()) if (m.assignment.length === 16 && m.awaitingSync === null) synced++;
  }
  check(rt.state.groups.size === groups && synced === groups * perGroup, `only ${synced} of ${groups * perGroup} members are synced`);
  // The old runtime kept every answer and record until compact(): drop them so both count the same.
  (rt as unknown as { compact?: () => void }).compact?.();
  const after = heapBytes();
  // Used after the measurement, so the runtime cannot be collected before it.
  check(rt.state.groups.size === groups, 'the runtime lost its groups');
  return (after - before) / (groups * perGroup);
}

function commit(groupId: string, offset: number): GroupRequest {
  return {
    api: 'OffsetCommit', version: 9, clientId: 'c', clientHost: '/127.0.0.1', groupId, generationIdOrMemberEpoch: -1, memberId: '', groupInstanceId: null, retentionTimeMs: -1,
    topics: [{ name: 't', partitions: [{ partitionIndex: offset % 8, committedOffset: offset, committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: null }] }],
  };
}

/** Whether a commit was answered NONE for its one partition. */
function committed(r: unknown): boolean {
  const topics = (r as OffsetCommitResponse | undefined)?.topics;
  return topics?.length === 1 && topics[0]!.partitions.length === 1 && topics[0]!.partitions[0]!.errorCode === 0;
}

/** The committed offsets a coordinator state holds for groups g0..g99: each must be the last commit. */
function checkLastCommits(offsetsOf: (groupId: string) => ReadonlyMap<string, { offset: number }> | undefined, n: number): void {
  // Commit i goes to group i % 100, partition i % 8: the last 200 are the last of their (group, partition).
  for (let i = Math.max(0, n - 200); i < n; i++) {
    const groupId = `g${i % 100}`;
    const stored = [...(offsetsOf(groupId)?.values() ?? [])].map((o) => o.offset);
    check(stored.includes(i), `the last commit ${i} of ${groupId} is not stored`);
  }
}

/** A timed run of `n` offset commits on the lone coordinator, each answered NONE. */
export function loneCommits(n: number): () => number {
  return () => {
    const rt = new GroupCoordinatorRuntime({ keepRecords: false } as RuntimeOptions);
    let ok = 0;
    const runtime = rt as GroupCoordinatorRuntime & { send?: GroupCoordinatorRuntime['send'] };
    const requests = Array.from({ length: n }, (_, i) => commit(`g${i % 100}`, i));
    const ms = time(() => {
      if (typeof runtime.send === 'function') for (let i = 0; i < n; i++) runtime.send(requests[i]!, (r) => void (committed(r) && ok++));
      else for (let i = 0; i < n; i++) if (committed(rt.response(rt.submit(requests[i]!)))) ok++;
    });
    check(ok === n, `${n - ok} of ${n} commits were not answered NONE`);
    checkLastCommits((g) => rt.state.offsets.get(g) as ReadonlyMap<string, { offset: number }> | undefined, n);
    return ms;
  };
}

/** A timed run of `n` offset commits through a 3-broker cluster (append, replicate, acknowledge). */
export function clusterCommits(n: number): () => number {
  return () => {
    const kafka = new InMemoryKafka({ offsetsTopicPartitions: 50 });
    kafka.cluster.createTopic('t', 8, 3);
    kafka.settle();
    const nodes = Array.from({ length: 100 }, (_, g) => kafka.coordinatorFor(`g${g}`)!);
    const requests = Array.from({ length: n }, (_, i) => commit(`g${i % 100}`, i));
    const take = (id: string): unknown => (typeof (kafka as { take?: unknown }).take === 'function' ? kafka.take(id) : kafka.response(id));
    let ok = 0;
    const ms = time(() => {
      for (let i = 0; i < n; i++) if (committed(take(kafka.send(nodes[i % 100]!, requests[i]!)))) ok++;
    });
    check(ok === n, `${n - ok} of ${n} commits were not acknowledged NONE`);
    checkLastCommits((g) => kafka.shardFor(g)?.state.offsets.get(g) as ReadonlyMap<string, { offset: number }> | undefined, n);
    return ms;
  };
}

/** Loads an offsets partition holding `records` OffsetCommit records on a new leader. */
export function loadTime(records = 1_000_000): number {
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
  check(kafka.clock.nowMs() - v0 === Math.ceil(records / 1000), `the load took ${kafka.clock.nowMs() - v0} virtual ms`);
  return ms;
}

/** The suite: heap per idle member, offset commits (lone and cluster), the load of 1M records. */
export function clusterFigures(): Figure[] {
  const groups = Number(arg('--groups') ?? 20_000);
  const figures: Figure[] = [];
  figures.push(measureValue('heap.idleMember', `heap per idle Stable member (${groups} groups x 10)`, 'B', () => heapPerMember(groups)));
  const n = 100_000;
  figures.push(measure('commits.lone', 'offset commits/s, lone coordinator', loneCommits(n), { work: n }));
  figures.push(measure('commits.cluster', 'offset commits/s, 3-broker cluster with replication', clusterCommits(n), { work: n }));
  figures.push(measure('load.1M', 'load of an offsets partition with 1,000,000 records', () => loadTime(1_000_000)));
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) await runSuite('cluster', clusterFigures);
