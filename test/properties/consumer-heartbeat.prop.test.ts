/**
 * Random histories of KIP-848 members against the pure heartbeat handler (the consumer-group test
 * context, the project's own target assignment builder and assignors): members join (dynamic or
 * static), heartbeat honestly or lose an answer, leave (-1 or, static, -2), change subscriptions,
 * die (session timeout), topics grow, time passes. After every step: the partition epochs equal
 * those derived from the members, the fold of the records equals the live group, and epochs are
 * ordered. Then a healing phase, every live member heartbeating honestly, must reach Stable with
 * every subscribed partition assigned exactly once. Seeded (FC_SEED); fast-check prints the seed
 * and path of a failure.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ConsumerGroupTestContext } from '../helpers/consumer-group-context.js';
import { FC_SEED, runs } from '../helpers/seed.js';
import { DEFAULT_SERVICES } from '../../src/protocol/consumer/default-services.js';
import type { ConsumerGroup } from '../../src/protocol/consumer/group.js';
import { consumerGroupState } from '../../src/protocol/consumer/group.js';
import { fold } from '../../src/protocol/replay.js';
import type { ConsumerGroupHeartbeatResponse } from '../../src/protocol/messages/index.js';

const TOPICS = ['a', 'b', 'c'];

type Op =
  | { readonly k: 'join'; readonly m: number; readonly topics: readonly string[]; readonly static: boolean; readonly assignor: 'uniform' | 'range' | null }
  | { readonly k: 'beat'; readonly m: number; readonly lose: boolean }
  | { readonly k: 'leave'; readonly m: number }
  | { readonly k: 'subscribe'; readonly m: number; readonly topics: readonly string[] }
  | { readonly k: 'grow'; readonly t: number }
  | { readonly k: 'wait'; readonly ms: number };

const member = fc.integer({ min: 0, max: 3 });
const topics = fc.subarray(TOPICS, { minLength: 0 });
const joinOf = (m: fc.Arbitrary<number>): fc.Arbitrary<Op> =>
  fc.record({ k: fc.constant('join' as const), m, topics, static: fc.boolean(), assignor: fc.constantFrom('uniform' as const, 'range' as const, null) });
const op: fc.Arbitrary<Op> = fc.oneof(
  joinOf(member),
  { arbitrary: fc.record({ k: fc.constant('beat' as const), m: member, lose: fc.integer({ min: 0, max: 2 }).map((x) => x === 0) }), weight: 6 },
  fc.record({ k: fc.constant('leave' as const), m: member }),
  fc.record({ k: fc.constant('subscribe' as const), m: member, topics }),
  fc.record({ k: fc.constant('grow' as const), t: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ k: fc.constant('wait' as const), ms: fc.constantFrom(1_000, 20_000, 50_000) }),
);

/** The client side of one member: what it believes. */
interface Client {
  id: string;
  epoch: number;
  owned: { topicId: string; partitions: number[] }[];
  topics: string[];
  instanceId: string | null;
  full: boolean;
}

function check(t: ConsumerGroupTestContext, clients: Map<number, Client>): void {
  const g = t.state.consumerGroups.get('g');
  if (g === undefined) return;
  // CGR-03: what a member's client may still own is what the coordinator has it assigned or
  // revoking, so a partition moves only once its previous owner has let go.
  for (const c of clients.values()) {
    const m = g.members.get(c.id);
    if (m === undefined || c.epoch === 0) continue;
    for (const { topicId, partitions } of c.owned) {
      for (const p of partitions) expect(m.assignedPartitions.get(topicId)?.has(p) || m.partitionsPendingRevocation.get(topicId)?.has(p), `${c.id} owns ${topicId}:${p}`).toBe(true);
    }
  }
  // CGR-07: stored partition epochs == derived from the members.
  const derived = new Map<string, number>();
  for (const m of g.members.values()) {
    for (const set of [m.assignedPartitions, m.partitionsPendingRevocation]) {
      for (const [topicId, ps] of set) for (const p of ps) {
        expect(derived.has(`${topicId}:${p}`), `${topicId}:${p} held twice`).toBe(false);
        derived.set(`${topicId}:${p}`, m.memberEpoch);
      }
    }
  }
  const stored = new Map([...g.partitionEpochs].flatMap(([topicId, ps]) => [...ps].map(([p, e]): [string, number] => [`${topicId}:${p}`, e])));
  expect(stored).toEqual(derived);
  expect(g.targetAssignmentEpoch).toBeLessThanOrEqual(g.groupEpoch);
  for (const m of g.members.values()) expect(m.memberEpoch).toBeLessThanOrEqual(g.targetAssignmentEpoch);
  // CGREC-01: the fold of the log is the live state.
  expect(fold(t.log).consumerGroups).toEqual(t.state.consumerGroups);
}

function send(t: ConsumerGroupTestContext, c: Client, lose: boolean): void {
  const join = c.epoch === 0;
  const full = join || c.full;
  const out = t.heartbeat({
    memberId: c.id,
    memberEpoch: c.epoch,
    instanceId: c.instanceId,
    rebalanceTimeoutMs: full ? 30_000 : -1,
    subscribedTopicNames: full ? c.topics : null,
    topicPartitions: join ? [] : c.owned,
  });
  if (lose) {
    c.full = true; // a client that saw no answer sends everything next time
    return;
  }
  apply(c, out.response);
}

function apply(c: Client, r: ConsumerGroupHeartbeatResponse): void {
  c.full = false;
  if (r.errorCode !== 0) {
    c.epoch = 0; // fenced or unknown: abandon everything and rejoin
    c.owned = [];
    return;
  }
  c.epoch = r.memberEpoch;
  if (r.assignment !== null) c.owned = r.assignment.topicPartitions.map((x) => ({ topicId: x.topicId, partitions: [...x.partitions] }));
}

function converged(t: ConsumerGroupTestContext, clients: Map<number, Client>): void {
  for (let round = 0; round < 12; round++) for (const c of clients.values()) send(t, c, false);
  const g: ConsumerGroup | undefined = t.state.consumerGroups.get('g');
  if (g === undefined || g.members.size === 0) return;
  expect(consumerGroupState(g)).toBe('Stable');
  // Every partition of a subscribed topic is assigned exactly once.
  const subscribed = new Set([...g.members.values()].flatMap((m) => m.subscribedTopicNames));
  const expected = [...g.subscriptionMetadata.values()].filter((tm) => subscribed.has(tm.topicName)).flatMap((tm) => Array.from({ length: tm.numPartitions }, (_, p) => `${tm.topicId}:${p}`));
  const assigned = [...g.members.values()].flatMap((m) => [...m.assignedPartitions].flatMap(([topicId, ps]) => [...ps].map((p) => `${topicId}:${p}`)));
  expect(assigned.sort()).toEqual(expected.sort());
  // Each member is assigned only topics it subscribes to.
  for (const m of g.members.values()) {
    for (const topicId of m.assignedPartitions.keys()) expect(m.subscribedTopicNames.map((n) => g.subscriptionMetadata.get(n)?.topicId)).toContain(topicId);
  }
}

describe('random KIP-848 histories against the heartbeat', () => {
  it('[CGR-07] [CGREC-01] [CGREC-12] [CGR-03] partition epochs, replay and epochs hold at every step; the group heals to Stable', () => {
    fc.assert(
      fc.property(fc.tuple(joinOf(fc.constant(0)), joinOf(fc.constant(1)), fc.array(op, { minLength: 1, maxLength: 40 })), ([j0, j1, rest]) => {
        const ops = [j0, j1, ...rest];
        const t = new ConsumerGroupTestContext({ consumerSessionTimeoutMs: 45_000 }, DEFAULT_SERVICES);
        const sizes = [2, 3, 1];
        TOPICS.forEach((name, i) => t.createTopic(name, sizes[i]!));
        const clients = new Map<number, Client>();
        let next = 0;
        for (const o of ops) {
          const c = 'm' in o ? clients.get(o.m) : undefined;
          if (o.k === 'join' && c === undefined) {
            const fresh: Client = { id: `M${next++}`, epoch: 0, owned: [], topics: [...o.topics], instanceId: o.static ? `i${o.m}` : null, full: true };
            clients.set(o.m, fresh);
            const r = t.heartbeat({ memberId: fresh.id, memberEpoch: 0, instanceId: fresh.instanceId, rebalanceTimeoutMs: 30_000, subscribedTopicNames: fresh.topics, serverAssignor: o.assignor, topicPartitions: [] });
            if (r.response.errorCode !== 0) clients.delete(o.m);
            else apply(fresh, r.response);
          } else if (o.k === 'beat' && c !== undefined) {
            send(t, c, o.lose);
          } else if (o.k === 'leave' && c !== undefined) {
            t.heartbeat({ memberId: c.id, memberEpoch: c.instanceId !== null && o.m % 2 === 0 ? -2 : -1, instanceId: c.instanceId });
            clients.delete(o.m);
          } else if (o.k === 'subscribe' && c !== undefined && c.epoch > 0) {
            c.topics = [...o.topics];
            const r = t.heartbeat({ memberId: c.id, memberEpoch: c.epoch, subscribedTopicNames: c.topics, topicPartitions: c.owned });
            apply(c, r.response);
          } else if (o.k === 'grow') {
            const name = TOPICS[o.t]!;
            sizes[o.t] = sizes[o.t]! + 1;
            t.createTopic(name, sizes[o.t]!);
          } else if (o.k === 'wait') {
            t.advance(o.ms);
          }
          check(t, clients);
        }
        // Healing: a member the coordinator no longer has rejoins with epoch 0; everyone
        // heartbeats every 5 s until members left at -2 (nobody rejoins them) have expired.
        for (const c of clients.values()) {
          if (t.state.consumerGroups.get('g')?.members.has(c.id) !== true) {
            c.epoch = 0;
            c.owned = [];
          }
        }
        for (let i = 0; i < 10; i++) {
          t.advance(5_000);
          for (const c of clients.values()) send(t, c, false);
          check(t, clients);
        }
        converged(t, clients);
        check(t, clients);
      }),
      { seed: FC_SEED, numRuns: runs(60) },
    );
  });
});
