/**
 * The invariants of KIP-848 consumer groups (spec/invariants.md, INV-09 to INV-16) over random
 * histories: 1-6 simulated members (test/properties/kip848/member.ts) joining, leaving (-1, and
 * -2 when static), dying, changing their subscriptions and losing answers, topics growing, and
 * the group's coordinator failing over (broker crashes, restarts, leadership moves) on the
 * replicated in-memory cluster. Each history ends healed, with a liveness phase.
 *
 * Members also commit offsets at their epochs (OffsetCommit v9), for INV-15.
 *
 * Seeds are pinned (`FC_SEED` replays another; `KGSPEC_SOAK=1` runs 20 times as many); a
 * failure prints the seed, the path and the shrunk history. Every property runs the same
 * histories (same seed, same arbitrary), so a history is run once and its findings shared:
 * each test asserts its own rule over them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FC_SEED, runs } from '../helpers/seed.js';
import { historyArb, type Action } from './kip848/history.js';
import { LIVENESS_BOUND_ROUNDS, runHistory, type WorldStats } from './kip848/world.js';

interface Outcome {
  readonly violations: readonly string[];
  readonly stats: WorldStats;
}

const cache = new Map<string, Outcome>();

/** Runs a history once per test file (the properties share their histories). */
function outcome(actions: readonly Action[]): Outcome {
  const key = JSON.stringify(actions);
  let o = cache.get(key);
  if (o === undefined) {
    const w = runHistory(actions, { commits: true });
    o = { violations: w.violations, stats: { ...w.stats } };
    cache.set(key, o);
  }
  return o;
}

const NUM_RUNS = runs(80);
/** The first property runs every history (the others reuse its findings): room for soak runs. */
const TIMEOUT_MS = process.env.KGSPEC_SOAK ? 30 * 60_000 : 60_000;

/**
 * Histories the soak runs found (each wrong about Kafka 4.0 in an earlier version of these
 * properties, not in the coordinator), kept as regressions that every run checks first:
 * - one lost answer that both acknowledged a revocation and asked for another fences the retry
 *   (the previous-epoch tolerance needs owned ⊆ assigned);
 * - a v1 member fenced after its join answers were lost is fenced again at every epoch-0 rejoin
 *   under its id until its session expires (Kafka 4.0, before KAFKA-19233).
 */
const REGRESSIONS: Action[][] = [
  [
    { kind: 'join', slot: 0, topics: 7, static: false, version: 0 }, { kind: 'restart', broker: 0 }, { kind: 'move', broker: 0, commitFirst: false },
    { kind: 'join', slot: 1, topics: 1, static: false, version: 0 }, { kind: 'wait', ms: 300 }, { kind: 'wait', ms: 100 }, { kind: 'lose', slot: 1 },
    { kind: 'wait', ms: 300 }, { kind: 'join', slot: 2, topics: 2, static: false, version: 0 }, { kind: 'lose', slot: 0 }, { kind: 'lose', slot: 1 },
    { kind: 'leave', slot: 0 }, { kind: 'join', slot: 0, topics: 1, static: false, version: 0 }, { kind: 'wait', ms: 100 }, { kind: 'crash', broker: 0, commitFirst: false },
  ],
  [
    { kind: 'join', slot: 0, topics: 1, static: false, version: 0 }, { kind: 'join', slot: 5, topics: 1, static: false, version: 1 }, { kind: 'lose', slot: 5 },
    { kind: 'lose', slot: 5 }, { kind: 'grow', topic: 0, by: 1 }, { kind: 'subscribe', slot: 0, topics: 1 }, { kind: 'join', slot: 0, topics: 1, static: false, version: 0 },
    { kind: 'wait', ms: 100 }, { kind: 'wait', ms: 1000 },
  ],
];

/** Checks one rule over the histories; returns the stats of every run for the vacuity guards. */
function property(rule: string): WorldStats[] {
  const seen: WorldStats[] = [];
  fc.assert(
    fc.property(historyArb({ commits: true }), (actions) => {
      const o = outcome(actions);
      seen.push(o.stats);
      expect(o.violations.filter((v) => v.startsWith(`[${rule}]`))).toEqual([]);
    }),
    { seed: FC_SEED, numRuns: NUM_RUNS, examples: REGRESSIONS.map((h) => [h]) },
  );
  return seen;
}

const sum = (xs: readonly WorldStats[], f: (s: WorldStats) => number): number => xs.reduce((n, s) => n + f(s), 0);

describe(`KIP-848 consumer-group invariants over random histories (seed ${FC_SEED})`, () => {
  it(`[INV-09] no partition is owned by two members at any instant, at the coordinator or in the members' beliefs (seed ${FC_SEED})`, () => {
    const seen = property('INV-09');
    // Not vacuous: members revoked partitions that others then got.
    expect(sum(seen, (s) => s.revocations)).toBeGreaterThan(NUM_RUNS / 2);
    expect(sum(seen, (s) => s.handovers)).toBeGreaterThan(NUM_RUNS);
  }, TIMEOUT_MS);

  it(`[INV-10] member epoch <= target assignment epoch <= group epoch, and no epoch goes backwards (seed ${FC_SEED})`, () => {
    const seen = property('INV-10');
    expect(sum(seen, (s) => s.answers)).toBeGreaterThan(NUM_RUNS * 20);
  }, TIMEOUT_MS);

  it(`[INV-11] a member is given a partition only once its previous owner has released it (seed ${FC_SEED})`, () => {
    const seen = property('INV-11');
    expect(sum(seen, (s) => s.handovers)).toBeGreaterThan(NUM_RUNS);
  }, TIMEOUT_MS);

  it(`[INV-12] once heartbeats flow and nothing changes, every member reaches its target within ${LIVENESS_BOUND_ROUNDS} heartbeat rounds (seed ${FC_SEED})`, () => {
    const seen = property('INV-12');
    // Not vacuous: most histories end with members, and some needed the whole bound.
    expect(seen.filter((s) => s.stableWithMembers).length).toBeGreaterThan(NUM_RUNS / 2);
    expect(Math.max(...seen.map((s) => s.convergenceRounds))).toBeGreaterThanOrEqual(2);
  }, TIMEOUT_MS);

  it(`[INV-13] folding the durable records rebuilds the live consumer groups (seed ${FC_SEED})`, () => {
    property('INV-13');
  }, TIMEOUT_MS);

  it(`[INV-14] after a failover the new coordinator has the same groups at the same epochs and members carry on without rejoining (seed ${FC_SEED})`, () => {
    const seen = property('INV-14');
    // Not vacuous: many failovers, most with every record carried over (compared exactly), some
    // losing writes that were not replicated yet (answers in flight disconnected).
    expect(sum(seen, (s) => s.exactFailovers)).toBeGreaterThan(NUM_RUNS / 2);
    expect(sum(seen, (s) => s.failovers - s.exactFailovers)).toBeGreaterThan(0);
  }, TIMEOUT_MS);

  it(`[INV-15] no acknowledged offset commit (OffsetCommit v9 with the member epoch) is lost across failover (seed ${FC_SEED})`, () => {
    const seen = property('INV-15');
    // Not vacuous: many commits were acknowledged, and coordinators failed over after some.
    expect(sum(seen, (s) => s.commitsAcked)).toBeGreaterThan(NUM_RUNS * 2);
    expect(sum(seen, (s) => s.failoversAfterCommits)).toBeGreaterThan(NUM_RUNS / 4);
  }, TIMEOUT_MS);

  it(`[INV-16] the stored partition epochs equal those derived from the members (seed ${FC_SEED})`, () => {
    property('INV-16');
  }, TIMEOUT_MS);
});
