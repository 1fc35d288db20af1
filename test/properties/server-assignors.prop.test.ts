/**
 * Properties of the server assignors (`uniform`, `range`) over random groups: 1-8 members, 1-5
 * topics of 0-16 partitions (one of them sometimes unknown to nobody), random subscriptions, and
 * current targets that are the assignor's own earlier answer for a different membership (members
 * added, removed, resubscribed). Seeds are pinned (FC_SEED replays another); fast-check prints the
 * seed, path and shrunk counterexample on failure.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import type { Assignment } from '../../src/protocol/consumer/assignment.js';
import type { GroupAssignment, GroupSpec, MemberSubscriptionSpec, SubscribedTopicDescriber, SubscriptionType } from '../../src/protocol/consumer/assignor.js';
import { assignRange } from '../../src/protocol/consumer/assignors/range.js';
import { assignUniform } from '../../src/protocol/consumer/assignors/uniform.js';
import { createGroupSpec, topicDescriber } from '../../src/protocol/consumer/group-spec.js';
import { FC_SEED, runs } from '../helpers/seed.js';

// ---------------------------------------------------------------------------------------------
// Random groups

/** Printed uuids, some with the top bit set (a negative half in Kafka's Uuid order). */
const TOPIC_IDS = [0x12, 0x9a, 0x34, 0xf0, 0x56].map((b, i) => Buffer.from([b, ...Array.from({ length: 15 }, (_, j) => (i * 31 + j * 7) & 255)]).toString('base64url'));

interface World {
  readonly counts: ReadonlyMap<string, number>;
  /** Member id -> subscribed topics, in join order. */
  readonly members: [string, string[]][];
  /** An earlier membership whose assignment becomes the current target. */
  readonly earlier: [string, string[]][];
}

const countsArb = fc
  .integer({ min: 1, max: 5 })
  .chain((n) => fc.array(fc.integer({ min: 0, max: 16 }), { minLength: n, maxLength: n }))
  .map((cs) => new Map(cs.map((c, i) => [TOPIC_IDS[i] as string, c])));

function membersArb(topicIds: string[], homogeneous: boolean): fc.Arbitrary<[string, string[]][]> {
  const subset = fc.subarray(topicIds);
  const ids = fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'), { minLength: 1, maxLength: 8 });
  if (homogeneous) return fc.tuple(ids, subset).map(([ms, topics]) => ms.map((m) => [m, topics] as [string, string[]]));
  return ids.chain((ms) => fc.tuple(...ms.map((m) => subset.map((topics) => [m, topics] as [string, string[]]))));
}

function worldArb(homogeneous: boolean): fc.Arbitrary<World> {
  return countsArb.chain((counts) => {
    const topicIds = [...counts.keys()];
    return fc.record({ counts: fc.constant(counts), members: membersArb(topicIds, homogeneous), earlier: membersArb(topicIds, homogeneous) });
  });
}

function typeOf(members: readonly [string, string[]][]): SubscriptionType {
  const first = JSON.stringify([...(members[0]?.[1] ?? [])].sort());
  return members.every(([, ts]) => JSON.stringify([...ts].sort()) === first) ? 'HOMOGENEOUS' : 'HETEROGENEOUS';
}

type Assign = (g: GroupSpec, t: SubscribedTopicDescriber) => GroupAssignment;

function specOf(members: readonly [string, string[]][], current: GroupAssignment): GroupSpec {
  const specs = new Map<string, MemberSubscriptionSpec>(
    members.map(([id, topics]) => [id, { rackId: null, instanceId: null, subscribedTopicIds: new Set(topics), assignedPartitions: current.get(id) ?? new Map() }]),
  );
  return createGroupSpec(specs, typeOf(members));
}

/** The assignment of `world.members`, starting from the assignor's answer for `world.earlier`. */
function run(assign: Assign, world: World): { spec: GroupSpec; before: GroupAssignment; after: GroupAssignment } {
  const describer = topicDescriber(world.counts);
  const before = assign(specOf(world.earlier, new Map()), describer);
  const spec = specOf(world.members, before);
  return { spec, before, after: assign(spec, describer) };
}

/** A plain assertion: vitest's `expect` per partition would dominate the run time. */
function ok(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

const size = (a: Assignment | undefined): number => [...(a ?? new Map()).values()].reduce((n, s) => n + s.size, 0);

// ---------------------------------------------------------------------------------------------
// Checks

/** SA-40: every partition of every subscribed topic assigned exactly once, only to a subscriber. */
function checkValid(world: World, spec: GroupSpec, out: GroupAssignment): void {
  const owner = new Map<string, string>();
  for (const [memberId, a] of out) {
    const subscribed = spec.memberSubscription(memberId).subscribedTopicIds;
    for (const [t, ps] of a) {
      for (const p of ps) {
        ok(subscribed.has(t), `${memberId} got ${t}-${p} without subscribing`);
        ok(p < (world.counts.get(t) as number), `${memberId} got ${t}-${p}, beyond the topic`);
        ok(!owner.has(`${t}-${p}`), `${t}-${p} assigned twice`);
        owner.set(`${t}-${p}`, memberId);
      }
    }
  }
  const subscribed = new Set(world.members.flatMap(([, ts]) => ts));
  for (const t of subscribed) for (let p = 0; p < (world.counts.get(t) as number); p++) ok(owner.has(`${t}-${p}`), `${t}-${p} unassigned`);
  const anySubscription = world.members.some(([, ts]) => ts.length > 0);
  if (anySubscription) ok(out.size === world.members.length && world.members.every(([m]) => out.has(m)), 'a member has no entry');
}

/** SA-41: HOMOGENEOUS uniform: member counts differ by at most one. */
function checkHomogeneousBalance(out: GroupAssignment): void {
  const counts = [...out.values()].map(size);
  if (counts.length > 0) ok(Math.max(...counts) - Math.min(...counts) <= 1, `counts ${counts.join(', ')} differ by more than one`);
}

/**
 * SA-42: HETEROGENEOUS uniform, Kafka's balance notion: for every topic, no subscriber holding one
 * of its partitions has two or more partitions more, in total, than another subscriber of it.
 */
function checkHeterogeneousBalance(world: World, out: GroupAssignment): void {
  for (const topic of world.counts.keys()) {
    const subscribers = world.members.filter(([, ts]) => ts.includes(topic)).map(([m]) => m);
    if (subscribers.length < 2) continue;
    const least = Math.min(...subscribers.map((m) => size(out.get(m))));
    for (const m of subscribers) {
      if ((out.get(m)?.get(topic)?.size ?? 0) > 0) ok(size(out.get(m)) - least <= 1, `${m} holds ${topic} and is 2+ above another subscriber`);
    }
  }
}

/**
 * SA-43: HOMOGENEOUS uniform stickiness: when membership changes by one member, every member that
 * stays keeps at least min(what it had, floor(partitions / members)) of its partitions.
 */
function checkSticky(world: World, before: GroupAssignment, after: GroupAssignment): void {
  const total = [...new Set(world.members[0]![1])].reduce((n, t) => n + (world.counts.get(t) as number), 0);
  const floor = Math.floor(total / world.members.length);
  for (const [m] of world.members) {
    const old = before.get(m);
    if (old === undefined) continue;
    let kept = 0;
    for (const [t, ps] of old) for (const p of ps) if (after.get(m)?.get(t)?.has(p)) kept++;
    ok(kept >= Math.min(size(old), floor), `${m} kept ${kept} of ${size(old)} (floor ${floor})`);
  }
}

/** A world whose earlier membership differs from the current one by one member added or removed. */
const oneChangeArb: fc.Arbitrary<World> = worldArb(true).chain((w) =>
  fc.boolean().map((add) => {
    const topics = w.members[0]![1];
    if (add || w.members.length === 1) return { ...w, earlier: w.members, members: [...w.members, ['new', topics] as [string, string[]]] };
    return { ...w, earlier: w.members, members: w.members.slice(1) };
  }),
);

/** SA-44: assigning again from the assignor's own answer, nothing else changed, moves nothing. */
function checkStable(assign: Assign, world: World): void {
  const describer = topicDescriber(world.counts);
  const first = assign(specOf(world.members, new Map()), describer);
  const again = assign(specOf(world.members, first), describer);
  for (const [m, a] of first) {
    const b = again.get(m) ?? new Map();
    ok(size(a) === size(b) && [...a].every(([t, ps]) => [...ps].every((p) => b.get(t)?.has(p))), `${m} moved although nothing changed`);
  }
}

function property(arb: fc.Arbitrary<World>, check: (w: World) => void, numRuns = 200): void {
  fc.assert(fc.property(arb, check), { seed: FC_SEED, numRuns: runs(numRuns) });
}

describe(`server assignor properties (seed ${FC_SEED})`, () => {
  it(`[SA-40] uniform, homogeneous and heterogeneous: every subscribed partition assigned once, to a subscriber (seed ${FC_SEED})`, () => {
    property(fc.oneof(worldArb(true), worldArb(false)), (w) => {
      const { spec, after } = run(assignUniform, w);
      checkValid(w, spec, after);
    });
  });

  it(`[SA-40][SA-13] range: every subscribed partition assigned once, to a subscriber; the current target never matters (seed ${FC_SEED})`, () => {
    property(fc.oneof(worldArb(true), worldArb(false)), (w) => {
      const { spec, after } = run(assignRange, w);
      checkValid(w, spec, after);
      const fresh = assignRange(specOf(w.members, new Map()), topicDescriber(w.counts));
      for (const [m, a] of after) ok(JSON.stringify([...a].map(([t, ps]) => [t, [...ps]])) === JSON.stringify([...fresh.get(m)!].map(([t, ps]) => [t, [...ps]])), `${m}'s range depends on its current target`);
    });
  });

  it(`[SA-41] uniform, homogeneous: member counts differ by at most one (seed ${FC_SEED})`, () => {
    property(worldArb(true), (w) => checkHomogeneousBalance(run(assignUniform, w).after));
  });

  it(`[SA-42] uniform, heterogeneous: every topic balanced among its subscribers, as Kafka defines it (seed ${FC_SEED})`, () => {
    property(worldArb(false), (w) => checkHeterogeneousBalance(w, run(assignUniform, w).after));
  });

  it(`[SA-43] uniform, homogeneous: one member more or less, and each member keeps its partitions up to its quota (seed ${FC_SEED})`, () => {
    property(oneChangeArb, (w) => {
      const { before, after } = run(assignUniform, w);
      checkSticky(w, before, after);
    });
  });

  it(`[SA-44] uniform, both types: recomputing from its own answer, nothing else changed, moves no partition (seed ${FC_SEED})`, () => {
    property(fc.oneof(worldArb(true), worldArb(false)), (w) => checkStable(assignUniform, w));
  });
});
