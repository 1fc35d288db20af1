/**
 * Offsets across failover, on the 3-broker in-memory cluster with delayed replication:
 * - no acknowledged offset commit is lost across any sequence of commits, rebalances, crashes,
 *   restarts and leadership moves (a later OffsetFetch never returns less than the newest
 *   acknowledged commit: offsets only grow here and nothing deletes or expires them);
 * - for every active coordinator shard, the fold of its partition's log equals its durable
 *   image and offsets, and the durable projection of its Stable and Empty groups (INV-06);
 * - the mutation test: coordinators that acknowledge before replication lose commits, and the
 *   first property finds it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InMemoryKafka } from '../../src/broker/in-memory-kafka.js';
import { CONSUMER_OFFSETS_TOPIC } from '../../src/broker/coordinator-placement.js';
import { heartbeat, joinGroup } from '../../src/conformance/scenario.js';
import type { GroupRequest, OffsetFetchResponse } from '../../src/protocol/messages/index.js';
import { fold } from '../../src/protocol/replay.js';
import type { CoordinatorState } from '../../src/protocol/replay.js';
import { checkDurableProjection, comparable } from '../helpers/invariants.js';
import { FC_SEED, runs } from '../helpers/seed.js';

const GROUPS = ['a', 'b', 'c'] as const;
const PARTITIONS = 2;

type Action =
  | { kind: 'commit'; group: number; partition: number }
  | { kind: 'fetch'; group: number; partition: number }
  | { kind: 'join'; group: number }
  | { kind: 'crash'; broker: number }
  | { kind: 'restart'; broker: number }
  | { kind: 'move'; partition: number; broker: number }
  | { kind: 'advance'; ms: number };

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('commit' as const), group: fc.integer({ min: 0, max: 2 }), partition: fc.integer({ min: 0, max: PARTITIONS - 1 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('fetch' as const), group: fc.integer({ min: 0, max: 2 }), partition: fc.integer({ min: 0, max: PARTITIONS - 1 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('join' as const), group: fc.integer({ min: 0, max: 2 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('crash' as const), broker: fc.integer({ min: 0, max: 2 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('restart' as const), broker: fc.integer({ min: 0, max: 2 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('move' as const), partition: fc.integer({ min: 0, max: 2 }), broker: fc.integer({ min: 0, max: 2 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.constantFrom(1, 2, 5, 20) }) },
);

const historyArb = fc.array(actionArb, { minLength: 5, maxLength: 50, size: 'max' });

/** A world: the cluster, what was acknowledged, and what clients observed. */
class World {
  readonly kafka: InMemoryKafka;
  private nextOffset = 1;
  /** Commits in flight: request id → key and offset. */
  private readonly commits = new Map<string, { key: string; offset: number }>();
  private readonly fetches = new Map<string, { key: string; group: string; partition: number; floor: number }>();
  /** The newest acknowledged offset per `group/partition`. */
  readonly acked = new Map<string, number>();
  readonly violations: string[] = [];
  ackedCount = 0;
  crashesAfterAck = 0;

  constructor(unsafe: boolean) {
    this.kafka = new InMemoryKafka({
      offsetsTopicPartitions: 3,
      replicaFetchDelayMs: 2,
      config: { initialRebalanceDelayMs: 0 },
      ...(unsafe ? { unsafeAckBeforeReplication: true } : {}),
    });
    this.kafka.cluster.createTopic('t', PARTITIONS, 3);
    this.kafka.settle();
  }

  private send(group: string, request: GroupRequest): string | undefined {
    const node = this.kafka.coordinatorFor(group);
    return node === null ? undefined : this.kafka.send(node, request);
  }

  apply(a: Action): void {
    const k = this.kafka;
    switch (a.kind) {
      case 'commit': {
        const group = GROUPS[a.group]!;
        const offset = this.nextOffset++;
        const id = this.send(group, {
          api: 'OffsetCommit', version: 9, clientId: 'p', clientHost: '/127.0.0.1', groupId: group, generationIdOrMemberEpoch: -1, memberId: '',
          groupInstanceId: null, retentionTimeMs: -1,
          topics: [{ name: 't', partitions: [{ partitionIndex: a.partition, committedOffset: offset, committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: null }] }],
        });
        if (id !== undefined) this.commits.set(id, { key: `${group}/${a.partition}`, offset });
        break;
      }
      case 'fetch': {
        const group = GROUPS[a.group]!;
        const key = `${group}/${a.partition}`;
        const id = this.send(group, { api: 'OffsetFetch', version: 7, clientId: 'p', clientHost: '/127.0.0.1', groupId: group, topics: [{ name: 't', partitionIndexes: [a.partition] }], requireStable: false });
        if (id !== undefined) this.fetches.set(id, { key, group, partition: a.partition, floor: this.acked.get(key) ?? -1 });
        break;
      }
      case 'join': {
        // A member joins and heartbeats once: group metadata records interleave with offsets.
        const group = GROUPS[a.group]!;
        const first = this.send(group, joinGroup({ groupId: group, clientId: 'j', version: 3 }));
        if (first !== undefined) this.send(group, heartbeat({ groupId: group, memberId: 'nobody' }));
        break;
      }
      case 'crash':
        if (k.cluster.isUp(a.broker) && k.cluster.brokers().filter((b) => b.up).length > 1) {
          if (this.ackedCount > 0) this.crashesAfterAck++;
          k.crash(a.broker);
        }
        break;
      case 'restart':
        if (!k.cluster.isUp(a.broker)) k.restart(a.broker);
        break;
      case 'move': {
        const p = k.cluster.partition(CONSUMER_OFFSETS_TOPIC, a.partition);
        if (p && p.leader !== null && p.leader !== a.broker && p.isr.includes(a.broker)) k.cluster.moveLeadership(CONSUMER_OFFSETS_TOPIC, a.partition, a.broker);
        k.settle();
        break;
      }
      case 'advance':
        k.advance(a.ms);
        break;
    }
    this.observe();
  }

  /** Reads every answer that arrived: acknowledgements raise the floor, fetches are checked. */
  observe(): void {
    for (const [id, c] of this.commits) {
      const d = this.kafka.delivery(id);
      if (d === undefined) continue;
      this.commits.delete(id);
      if (d.kind !== 'response' || d.response.api !== 'OffsetCommit') continue;
      if (d.response.topics[0]?.partitions[0]?.errorCode === 0) {
        this.acked.set(c.key, Math.max(this.acked.get(c.key) ?? -1, c.offset));
        this.ackedCount++;
      }
    }
    for (const [id, f] of this.fetches) {
      const d = this.kafka.delivery(id);
      if (d === undefined) continue;
      this.fetches.delete(id);
      if (d.kind !== 'response' || d.response.api !== 'OffsetFetch') continue;
      const r = d.response as OffsetFetchResponse;
      const p = r.topics[0]?.partitions[0];
      if (r.errorCode !== 0 || p === undefined || p.errorCode !== 0) continue;
      if (p.committedOffset < f.floor) this.violations.push(`${f.key}: fetched ${p.committedOffset} after ${f.floor} was acknowledged`);
    }
  }

  /** Heals the cluster and checks every acknowledged offset one last time. */
  finish(): void {
    for (const b of this.kafka.cluster.brokers()) if (!b.up) this.kafka.restart(b.nodeId);
    this.kafka.advance(50);
    for (const [key, floor] of this.acked) {
      const [group, partition] = key.split('/') as [string, string];
      this.fetches.set(this.send(group, { api: 'OffsetFetch', version: 7, clientId: 'p', clientHost: '/127.0.0.1', groupId: group, topics: [{ name: 't', partitionIndexes: [Number(partition)] }], requireStable: false })!, { key, group, partition: Number(partition), floor });
    }
    this.kafka.advance(1);
    this.observe();
  }

  /** INV-06 / REC-05 for every active shard. */
  checkShards(): void {
    for (const broker of this.kafka.brokers.values()) {
      for (const shard of broker.shards.values()) {
        if (shard.status !== 'active') continue;
        const log = this.kafka.cluster.log(CONSUMER_OFFSETS_TOPIC, shard.partition, broker.nodeId) ?? [];
        const folded = fold(log.map((e) => e.record));
        const image = JSON.stringify([...folded.durable].map(([id, v]) => [id, comparable(v, true)]));
        const live = JSON.stringify([...shard.state.durable].map(([id, v]) => [id, comparable(v, true)]));
        if (image !== live) this.violations.push(`[INV-06] shard ${shard.partition}@${broker.nodeId}: durable image differs from its log`);
        const offsets = (s: CoordinatorState) => JSON.stringify([...s.offsets].map(([g, m]) => [g, [...m]]));
        if (offsets(folded) !== offsets(shard.state)) this.violations.push(`[INV-06] shard ${shard.partition}@${broker.nodeId}: offsets differ from its log`);
        try {
          checkDurableProjection(shard.state, folded.durable);
        } catch (e) {
          this.violations.push((e as Error).message);
        }
      }
    }
  }
}

function runHistory(actions: readonly Action[], unsafe: boolean): World {
  const w = new World(unsafe);
  for (const a of actions) {
    w.apply(a);
    if (!unsafe) w.checkShards();
  }
  w.finish();
  return w;
}

describe(`offsets across failover (seed ${FC_SEED})`, () => {
  it(`[FO-06][OC-01] no acknowledged offset commit is lost across commits, crashes, restarts and leadership moves (seed ${FC_SEED})`, () => {
    let acked = 0;
    let crashes = 0;
    fc.assert(
      fc.property(historyArb, (actions) => {
        const w = runHistory(actions, false);
        acked += w.ackedCount;
        crashes += w.crashesAfterAck;
        expect(w.violations).toEqual([]);
      }),
      { seed: FC_SEED, numRuns: runs(1000) },
    );
    // Not vacuous: many commits were acknowledged and brokers crashed after acknowledgements.
    expect(acked).toBeGreaterThan(runs(1000));
    expect(crashes).toBeGreaterThan(runs(1000) / 10);
  });

  it(`[FO-05] mutation: coordinators that answer before replication lose acknowledged commits, and the property finds it (seed ${FC_SEED})`, () => {
    const details = fc.check(
      fc.property(historyArb, (actions) => runHistory(actions, true).violations.length === 0),
      { seed: FC_SEED, numRuns: runs(1000) },
    );
    expect(details.failed).toBe(true);
  });
});
