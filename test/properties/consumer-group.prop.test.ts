/**
 * Consumer group properties: real `KafkaConsumer`s on the in-memory cluster, through generated
 * histories of 1-6 consumers, 1-3 brokers and 1-3 topics of 1-12 partitions, where consumers join,
 * leave, crash (they stop polling and their traffic is dropped), pause (they stop polling for a
 * while but heartbeat), change subscriptions and commit (sync and async), brokers crash and
 * restart, topics gain partitions, records are produced, and virtual time passes; then a
 * healing phase (test/helpers/consumer-group-world.ts).
 *
 * Each history runs once with every invariant watched (the outcomes are cached by history), and
 * each property below asserts one invariant over the same generated histories (same seed), so a
 * failure names the invariant that broke and shrinks on it alone.
 *
 * 1. Once the group is settled (the coordinator's group is Stable, its members are exactly the
 *    running consumers, each `stable` in its generation with no rejoin pending and polled since,
 *    and brokers and partition counts have not changed for longer than `metadata.max.age.ms`),
 *    every subscribed partition has exactly one owner, which subscribes to its topic; after
 *    healing the group settles (CL-23, CL-30).
 * 2. No partition is readable by two running consumers at the same instant (CL-14; checked after
 *    every poll, for eager groups as well as cooperative ones).
 * 3. A poll returns records, and sends Fetch requests, only of partitions the consumer owns and
 *    may read after the poll; an eager consumer reads only while `stable`, and neither reads nor
 *    fetches between its commit before a rejoin and that JoinGroup (CL-13, CL-24, CL-29).
 * 4. One leader per generation: the JoinGroup answers of a generation (of one coordinator load)
 *    name one leader and only its answer lists the members; in a settled group exactly one
 *    consumer thinks it leads, the coordinator's leader (INV-01).
 * 5. Nothing skipped. Let start(p) be the group's committed offset of partition p before any
 *    consumer ran (set by the history; 0 when it set none, which `auto.offset.reset=earliest`
 *    makes the same). After healing (every broker restarted, no more faults, the running consumers
 *    subscribed to every topic, or a fresh one if none runs, polled until done or for two virtual
 *    minutes), every record produced to p at an offset >= start(p) has been returned by some poll
 *    of some consumer of the group (crashed and closed ones included, before they stopped); no
 *    poll ever returned a record below start(p); every record returned is the one produced at its
 *    offset (CL-28, CL-29).
 * 6. The group's committed offsets never go backwards (nothing here resets them) and never pass
 *    what polls returned (CL-26, CL-27).
 * 7. Only a `stable` member revokes partitions; one that is rebalancing or has no generation
 *    loses them (CL-15). A position a consumer reached by reading a partition it revokes is
 *    committed before its next JoinGroup: auto-commit does it (CL-24, CL-25), other consumers do
 *    it in `onPartitionsRevoked`. Left out: the partitions of topics a cooperative member with
 *    auto-commit no longer subscribes to, which it keeps reading while its commit before the
 *    rejoin is in flight, as Kafka's consumer does.
 *
 * The same file runs the histories with `group.protocol=consumer` (KIP-848 members, issue 16; the
 * world's protocol is not part of a history, so one seed pins both halves; the KIP-848 histories
 * also lose ConsumerGroupHeartbeat and OffsetCommit answers). Properties 2, 3, 5 and 6 hold as
 * stated; 1 becomes INV-17 (in a settled group each member owns exactly the target assignment the
 * coordinator computed for it, and the group converges after healing); 4 has no counterpart (no
 * leader); 7 becomes INV-18 (no Fetch of a partition after the heartbeat answer that revoked it;
 * the heartbeat that stops reporting a partition comes after its revoke or lost callback and,
 * with auto-commit, after the commit of what was read). The checks: test/helpers/consumer-group-kip848.ts.
 *
 * The mutation check of issue 16 (seed 20261121, 100 KIP-848 histories): a member whose
 * readable partitions ignore a revocation in progress (it fetches a partition after the
 * heartbeat that revoked it) fails "[CL-13][CL-41][INV-18] ... nothing after the heartbeat that
 * revoked it" after 2 histories, and "[INV-18][CL-39]" (position read past its commit) after 3; a
 * member that runs onPartitionsRevoked only at the next poll, after it acknowledged, fails
 * "[INV-18][CL-39] a member acknowledges a revocation only after its revoke callback" after 2.
 *
 * Found while writing it (issue 16): with `request.timeout.ms` 5 s, a heartbeat interval of 2 s and a
 * session of 6 s, one lost ConsumerGroupHeartbeat answer outlived the member's session, and the
 * coordinator handed its partition on while it still read it (FC_SEED=6, 100th history, fails
 * "[CL-14][CL-41]"); Kafka's defaults keep interval + request timeout below the session (5 + 30 <
 * 45 s), so the KIP-848 consumers here use 3 s.
 *
 * Found (issue 16): FC_SEED=12 failed "[INV-17][CL-37]" on its 21st KIP-848 history: a member
 * given nothing when it joined (the partition was still another's) lost the answer that handed it
 * the partition, at the same epoch. The client was right: its request timed out 3 s later and its
 * full retry got the assignment back (CL-53, test/unit/client/consumer-lost-answer.test.ts). The
 * property was wrong: it called the group settled 43 ms after the loss, while the coordinator was a
 * step ahead of a member still awaiting its answer; a settled group now has no heartbeat in flight
 * (INV-17). A member that does not send every field after the timeout (a deliberate bug) fails
 * the same history after the timeout, and "[CL-14][CL-41]" on the 38th.
 *
 * Found by the sweep of FC_SEED=1..60 (issue 16): FC_SEED=44 failed "[CL-14][CL-41]" on its 4th
 * history, a client bug: a member whose target reverted to what it owned before it reconciled went
 * STABLE without reporting it, the coordinator waited for that report until the rebalance timeout
 * and handed its partitions on while it still read them (CL-54,
 * test/unit/client/consumer-reverted-target.test.ts). FC_SEED=49 failed "[INV-17]" on its 14th, a
 * property bug: the group counted as settled before the coordinator had heard of a partition
 * added while the only member's heartbeat answer was lost (a settled group now has the
 * coordinator's subscription metadata showing every partition).
 *
 * FC_SEED=59 failed "[INV-17]" on its 11th KIP-848 history, a property bug: a member's
 * heartbeat answer (the one handing it a partition another had just released) was lost, and the
 * check ran in the 2 ms between the request's timeout and the full retry; the client was right
 * (the retry's answer gave it the partition, CL-53). A settled group now has every member's last
 * heartbeat answered, a timed-out one counting as unanswered (INV-17). Its history is not the
 * epoch-0 rejoin of a known member id (CG-32): the rejoin's answer arrived; the next one was lost.
 *
 * Lost answers in classic histories (issue 16): a classic member whose JoinGroup answer was lost
 * waited (as Kafka's does) up to the rebalance timeout + 5 s for it, reading its partitions as a
 * cooperative member does while it rejoins, while the coordinator had completed the join, expired
 * it one session later and given its partitions to another member: FC_SEED=1 (47th history), 4,
 * 5, 7, 8, 9, 10 and 11 failed "[CL-14]". Heartbeats that no longer reach the coordinator do the
 * same. A classic member now reads nothing once a session has passed since it sent the last
 * request whose answer proved its membership (CL-58; test/unit/client/lost-answers.test.ts);
 * without that check FC_SEED=1 fails "[CL-14]" again. FC_SEED=8 also failed "[CL-13][CL-24][CL-29]"
 * on an eager (sticky) member: the check took an auto-commit of an earlier generation for the
 * commit before a rejoin that had nothing to commit; only a commit since the member last became
 * stable counts now. FC_SEED=1..40 then pass (classic half). The lost answers cost the 150
 * classic histories about 0.5 s of CPU (11.6 -> 12.1 s for the classic half, vitest included).
 *
 * The mutation check of the consumer issue: a consumer that ignores a Heartbeat answered
 * REBALANCE_IN_PROGRESS and keeps fetching fails properties 1, 2, 3 and 5; an eager one that
 * keeps reading after its commit before a rejoin fails 3 and 7; a cooperative one that does not
 * commit the partitions it revokes after a SyncGroup (CL-25) fails 7.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Kip848GroupProperties } from '../helpers/consumer-group-kip848.js';
import { GroupProperties } from '../helpers/consumer-group-properties.js';
import {
  ConsumerGroupWorld,
  MAX_PARTITIONS,
  type Action,
  type ConsumerSpec,
  type History,
  type Invariant,
  type RunStats,
  type Setup,
  type WorldProtocol,
} from '../helpers/consumer-group-world.js';
import { budgetRuns, FC_SEED, MUTATION } from '../helpers/seed.js';

/**
 * 150 histories in `npm test` (half the time of the 300 it ran before, within its time budget; the
 * REBALANCE_IN_PROGRESS mutation above still fails on the first history, the CL-25 one on the
 * second), 300 x 20 in `npm run test:soak`; the same seed, so the quick histories are the first
 * of the soak ones.
 */
const NUM_RUNS = budgetRuns(150, 300);

/**
 * The KIP-848 half: 100 histories in `npm test` (about 5 s; its time budget is ~10 s),
 * 300 x 20 in `npm run test:soak`.
 */
const KIP848_RUNS = budgetRuns(100, 300);

// ---- histories ----------------------------------------------------------------------------

const consumerSpec: fc.Arbitrary<ConsumerSpec> = fc.record({
  autoCommit: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, fc.constant(false)),
  maxPollRecords: fc.constantFrom(2, 5, 50),
  topics: fc.integer({ min: 1, max: 7 }),
  atStart: fc.boolean(),
});

const setupArb: fc.Arbitrary<Setup> = fc.record({
  brokers: fc.integer({ min: 1, max: 3 }),
  partitions: fc.array(fc.integer({ min: 1, max: MAX_PARTITIONS }), { minLength: 1, maxLength: 3 }),
  strategy: fc.oneof(
    { weight: 4, arbitrary: fc.constant(['cooperative-sticky']) },
    fc.constant(['range']),
    fc.constant(['roundrobin']),
    fc.constant(['sticky']),
    fc.constant(['range', 'cooperative-sticky']),
  ),
  initialRebalanceDelayMs: fc.constantFrom(0, 300, 3000),
  autoCommitIntervalMs: fc.constantFrom(1000, 5000),
  trickle: fc.boolean(),
  consumers: fc.array(consumerSpec, { minLength: 1, maxLength: 6 }),
  initialRecords: fc.array(fc.nat(4), { minLength: 3 * MAX_PARTITIONS, maxLength: 3 * MAX_PARTITIONS }),
  initialCommitted: fc.array(fc.nat(4), { minLength: 3 * MAX_PARTITIONS, maxLength: 3 * MAX_PARTITIONS }),
});

const c = fc.nat(5);
const b = fc.nat(2);
const t = fc.nat(2);
const classicActions = [
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('join' as const), c }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('leave' as const), c }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('crash' as const), c }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('pause' as const), c, ms: fc.constantFrom(3000, 20_000) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('subscribe' as const), c, topics: fc.integer({ min: 1, max: 7 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('commitSync' as const), c }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('commitAsync' as const), c }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('brokerCrash' as const), b }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('brokerRestart' as const), b }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('addPartitions' as const), t, more: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('produce' as const), t, p: fc.nat(MAX_PARTITIONS - 1), n: fc.constantFrom(1, 3, 5, 20, 40) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.constantFrom(200, 1000, 3000, 8000) }) },
] as const;

/**
 * The actions of a history, by protocol. Both lose answers (dropped after the coordinator acted
 * on the request): KIP-848 histories a ConsumerGroupHeartbeat or OffsetCommit answer, classic
 * ones a Heartbeat, JoinGroup, SyncGroup, OffsetCommit or OffsetFetch answer.
 */
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  ...classicActions,
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('loseAnswer' as const), c, api: fc.constantFrom('group' as const, 'commit' as const, 'join' as const, 'sync' as const, 'fetchOffsets' as const) }) },
);
const kip848ActionArb: fc.Arbitrary<Action> = fc.oneof(
  ...classicActions,
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('loseAnswer' as const), c, api: fc.constantFrom('group' as const, 'commit' as const) }) },
);

const historyOf = (actions: fc.Arbitrary<Action>): fc.Arbitrary<History> => fc.record({ setup: setupArb, actions: fc.array(actions, { minLength: 1, maxLength: 50, size: 'max' }) });
/** The histories of each protocol. */
const historyArbs: Readonly<Record<WorldProtocol, fc.Arbitrary<History>>> = { classic: historyOf(actionArb), consumer: historyOf(kip848ActionArb) };

// ---- the properties -------------------------------------------------------------------------

type Outcome = { readonly violations: Partial<Record<Invariant, string>>; readonly stats: RunStats };

/** Every history runs once per protocol; the properties read its outcome. */
const outcomes = new Map<string, Outcome>();

function outcome(h: History, protocol: WorldProtocol): Outcome {
  const k = `${protocol} ${JSON.stringify(h)}`;
  const known = outcomes.get(k);
  if (known !== undefined) return known;
  const w = new ConsumerGroupWorld(h, protocol === 'consumer' ? new Kip848GroupProperties() : new GroupProperties(), protocol);
  w.run();
  outcomes.set(k, { violations: w.violations, stats: w.stats });
  return { violations: w.violations, stats: w.stats };
}

/** Asserts one invariant over the generated histories of `protocol`. */
function holds(protocol: WorldProtocol, numRuns: number, inv: Invariant, ids: string): void {
  fc.assert(
    fc.property(historyArbs[protocol], (h) => {
      const v = outcome(h, protocol).violations[inv];
      if (v !== undefined) throw new Error(`${ids} ${v}`);
    }),
    { seed: FC_SEED, numRuns },
  );
}

/** The share of runs whose stats pass `f`. */
function shares(protocol: WorldProtocol, numRuns: number): (f: (s: RunStats) => boolean) => number {
  const stats = fc.sample(historyArbs[protocol], { seed: FC_SEED, numRuns }).map((h) => outcome(h, protocol).stats);
  return (f) => stats.filter(f).length / stats.length;
}

const TIMEOUT_MS = Math.max(120_000, NUM_RUNS * 400);

describe(`consumer group properties over generated histories, group.protocol=classic (seed ${FC_SEED})`, () => {
  const p = 'classic';
  it(`[CL-23][CL-30] in a settled group every subscribed partition has exactly one owner, and the group settles after healing (seed ${FC_SEED})`, () => {
    holds(p, NUM_RUNS, 'owners', '[CL-23][CL-30]');
  }, TIMEOUT_MS);

  it(`[CL-14] no partition is readable by two consumers at the same instant (seed ${FC_SEED})`, () => {
    holds(p, NUM_RUNS, 'exclusive', '[CL-14]');
  }, TIMEOUT_MS);

  it(`[CL-13][CL-24][CL-29] consumers read and fetch only what they may read; eager ones not while rebalancing or revoking (seed ${FC_SEED})`, () => {
    holds(p, NUM_RUNS, 'reads', '[CL-13][CL-24][CL-29]');
  }, TIMEOUT_MS);

  it(`[INV-01] one leader per generation (seed ${FC_SEED})`, () => {
    holds(p, NUM_RUNS, 'leader', '[INV-01]');
  }, TIMEOUT_MS);

  it(`[CL-28][CL-29] nothing skipped: after healing every record at or after the starting committed offset was delivered (seed ${FC_SEED})`, () => {
    holds(p, NUM_RUNS, 'delivery', '[CL-28][CL-29]');
  }, TIMEOUT_MS);

  it(`[CL-26][CL-27] committed offsets never go backwards nor pass what was read (seed ${FC_SEED})`, () => {
    holds(p, NUM_RUNS, 'commits', '[CL-26][CL-27]');
  }, TIMEOUT_MS);

  it(`[CL-15][CL-24][CL-25] only a stable member revokes, and what it read of a revoked partition is committed before its next JoinGroup (seed ${FC_SEED})`, () => {
    holds(p, NUM_RUNS, 'revoke', '[CL-15][CL-24][CL-25]');
  }, TIMEOUT_MS);

  // The shares are about the generator and need the full count of histories, not the mutation run's fifth.
  it.skipIf(MUTATION)(`the histories reach the situations the properties are about (seed ${FC_SEED})`, () => {
    const share = shares(p, NUM_RUNS);
    const summary = {
      runs: NUM_RUNS,
      cooperative: share((s) => s.cooperative),
      settledBeforeHeal: share((s) => s.stableBeforeHeal),
      rebalanced: share((s) => s.maxGeneration >= 2),
      brokerCrash: share((s) => s.brokerCrashes > 0),
      coordinatorMoved: share((s) => s.coordinatorMoves > 0),
      consumerCrash: share((s) => s.consumerCrashes > 0),
      consumerPaused: share((s) => s.pauses > 0),
      consumerLeft: share((s) => s.leaves > 0),
      partitionsAdded: share((s) => s.partitionAdds > 0),
      subscriptionChanged: share((s) => s.subscriptionChanges > 0),
      partitionsLost: share((s) => s.lost > 0),
      answerLost: share((s) => s.lostAnswers > 0),
      revokedPositionsChecked: share((s) => s.revokesChecked > 0),
    };
    if (process.env.KGSPEC_STATS) console.info(JSON.stringify(summary));
    expect(summary.settledBeforeHeal).toBeGreaterThan(0.3);
    expect(summary.rebalanced).toBeGreaterThan(0.5);
    expect(summary.brokerCrash).toBeGreaterThan(0.2);
    expect(summary.coordinatorMoved).toBeGreaterThan(0.1);
    expect(summary.consumerCrash).toBeGreaterThan(0.1);
    expect(summary.partitionsLost).toBeGreaterThan(0.01);
    expect(summary.revokedPositionsChecked).toBeGreaterThan(0.2);
    expect(summary.answerLost).toBeGreaterThan(0.2);
  }, TIMEOUT_MS);
});

/**
 * The same histories (the first KIP848_RUNS of the classic ones: same seed) with KIP-848 members:
 * the classic checks that hold for any member, and INV-17 and INV-18 in place of the
 * generation checks (test/helpers/consumer-group-kip848.ts).
 */
describe(`consumer group properties over generated histories, group.protocol=consumer (seed ${FC_SEED})`, () => {
  const p = 'consumer';
  const n = KIP848_RUNS;
  it(`[INV-17][CL-37] in a settled group each member owns exactly its target assignment and every subscribed partition one owner (seed ${FC_SEED})`, () => {
    holds(p, n, 'owners', '[INV-17]');
    holds(p, n, 'target', '[INV-17][CL-37]');
  }, TIMEOUT_MS);

  it(`[CL-14][CL-41] no partition is readable by two consumers at the same instant (seed ${FC_SEED})`, () => {
    holds(p, n, 'exclusive', '[CL-14][CL-41]');
  }, TIMEOUT_MS);

  it(`[CL-13][CL-41][INV-18] consumers read and fetch only what they may read, and nothing after the heartbeat that revoked it (seed ${FC_SEED})`, () => {
    holds(p, n, 'reads', '[CL-13][CL-41][INV-18]');
  }, TIMEOUT_MS);

  it(`[CL-28][CL-29] nothing skipped: after healing every record at or after the starting committed offset was delivered (seed ${FC_SEED})`, () => {
    holds(p, n, 'delivery', '[CL-28][CL-29]');
  }, TIMEOUT_MS);

  it(`[CL-26][CL-27][CL-40] committed offsets never go backwards nor pass what was read (seed ${FC_SEED})`, () => {
    holds(p, n, 'commits', '[CL-26][CL-27][CL-40]');
  }, TIMEOUT_MS);

  it(`[INV-18][CL-39] a member acknowledges a revocation only after its revoke callback and the commit of what it read (seed ${FC_SEED})`, () => {
    holds(p, n, 'revoke', '[INV-18][CL-39]');
  }, TIMEOUT_MS);

  // The shares are about the generator and need the full count of histories, not the mutation run's fifth.
  it.skipIf(MUTATION)(`the KIP-848 histories reach the situations the properties are about (seed ${FC_SEED})`, () => {
    const share = shares(p, n);
    const summary = {
      runs: n,
      settledBeforeHeal: share((s) => s.stableBeforeHeal),
      brokerCrash: share((s) => s.brokerCrashes > 0),
      coordinatorMoved: share((s) => s.coordinatorMoves > 0),
      consumerCrash: share((s) => s.consumerCrashes > 0),
      partitionsAdded: share((s) => s.partitionAdds > 0),
      subscriptionChanged: share((s) => s.subscriptionChanges > 0),
      partitionsLost: share((s) => s.lost > 0),
      answerLost: share((s) => s.lostAnswers > 0),
      revokedPositionsChecked: share((s) => s.revokesChecked > 0),
    };
    if (process.env.KGSPEC_STATS) console.info(JSON.stringify(summary));
    expect(summary.settledBeforeHeal).toBeGreaterThan(0.2);
    expect(summary.brokerCrash).toBeGreaterThan(0.1);
    expect(summary.consumerCrash).toBeGreaterThan(0.05);
    expect(summary.revokedPositionsChecked).toBeGreaterThan(0.1);
  }, TIMEOUT_MS);
});
