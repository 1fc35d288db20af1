/**
 * Model-based tests of the real consumer: `KafkaConsumer`s and the in-memory brokers run
 * together, and after every step the member statechart (`machines/classic-member.machine.ts`)
 * must agree with the consumer under test ("me"): its state, what it knows and what it may
 * read. For every transition of the statechart, the shortest path that fires it (one per
 * variant: eager or cooperative, dynamic or static, generated with `xstate/graph`) is the goal,
 * and a director makes the real consumer walk it with real situations: other consumers joining
 * or leaving, a static twin fencing "me", an administrator removing it, the coordinator moving,
 * crashing or loading, "me" not polling, and faults on "me"'s network.
 * @see consumer-oracle.ts (the mapping from the consumer's trace to the statechart's events),
 * consumer-director.ts (the situations), consumer-paths.ts (the goals)
 */
import { describe, expect, it } from 'vitest';
import { Coverage, edgeTitle } from './coverage.js';
import { ModelMismatch } from './consumer-oracle.js';
import { attempt, consumerGoals } from './consumer-paths.js';
import { ConsumerWorld } from './consumer-world.js';
import { MEMBER_VARIANTS, memberMachine } from './member-paths.js';
import { TOPIC } from './member-world.js';
import { MUTATION } from '../helpers/seed.js';

const goals = consumerGoals();
const coverage = new Coverage(memberMachine(MEMBER_VARIANTS[0]!));

describe(`KafkaConsumer vs the member statechart: ${goals.length} transitions as goals, ${goals.reduce((n, g) => n + g.paths.length, 0)} paths over ${MEMBER_VARIANTS.length} variants`, () => {
  for (const goal of goals) {
    it(edgeTitle(goal.edge, `, ${goal.paths.length} variants`), () => {
      expect(goal.paths.length, 'no variant has a path to this transition').toBeGreaterThan(0);
      const attempts = goal.paths.map((p) => attempt(p.variant, p.events));
      for (const a of attempts) coverage.merge(a.coverage);
      const mismatches = attempts.filter((a) => a.outcome === 'mismatch');
      if (mismatches.length > 0) throw new Error(mismatches.map((a) => a.message).join('\n\n'));
      expect(attempts.some((a) => a.outcome === 'fired'), attempts.map((a) => a.message).join('\n\n')).toBe(true);
    });
  }

  // A fact about the whole file's paths: a mutation run replays only the tests covering a mutant.
  it.skipIf(MUTATION)('the real consumer reaches every state and fires every transition of the member statechart', () => {
    expect(coverage.unreached()).toEqual([]);
    expect(coverage.missing().map((e) => e.key)).toEqual([]);
  });
});

/**
 * A stable "me" hears of a rebalance and, with the coordinator just moved, commits and polls
 * at once: the commit and the rejoin's JoinGroup both go to the old coordinator, and the
 * commit's NOT_COORDINATOR arrives first, while "me" is in preparingRebalance.
 */
function lateCommitAnswer(): void {
  const variant = MEMBER_VARIANTS[0]!;
  const machine = memberMachine(variant);
  const w = new ConsumerWorld(variant, machine, new Coverage(machine));
  w.until(() => w.oracle.state === 'stable', 'me is stable', () => true);
  w.start('joiner');
  w.until(() => w.me.memberView().rejoinNeeded, 'me hears of the rebalance', () => false);
  w.moveCoordinatorAwayFrom(w.me.memberView().coordinator!);
  w.oracle.commit([{ topic: TOPIC, partition: 0, offset: 0 }]);
  w.oracle.poll();
  for (let i = 0; i < 20; i++) w.tick(false);
}

/**
 * "me"'s SyncGroup is held on the network while its coordinator moves away and back: it reaches
 * a coordinator still loading, which answers COORDINATOR_LOAD_IN_PROGRESS (FO-02).
 */
function syncDuringLoad(): void {
  const variant = MEMBER_VARIANTS[0]!;
  const machine = memberMachine(variant);
  const w = new ConsumerWorld(variant, machine, new Coverage(machine));
  w.hold('SyncGroup', 100);
  w.until(() => w.oracle.state === 'completingRebalance', 'me joins', () => true);
  w.reloadOn(w.me.memberView().coordinator!);
  w.until(() => w.oracle.state !== 'completingRebalance', "me's SyncGroup is answered", () => true);
}

describe('known disagreements between KafkaConsumer and the member statechart (reported, kept as regressions)', () => {
  it('[CL-27][CL-09] an OffsetCommit answered NOT_COORDINATOR after the member left stable: the consumer rediscovers (preparingRebalance -> discovering), the statechart takes OffsetCommit answers only in stable', () => {
    expect(lateCommitAnswer).toThrow(ModelMismatch);
    expect(lateCommitAnswer).toThrow(/the consumer moved preparingRebalance -> discovering \(OffsetCommit:NOT_COORDINATOR\)/);
  });

  it('[CL-05][FO-02] a SyncGroup answered COORDINATOR_LOAD_IN_PROGRESS by a loading coordinator: the consumer is fatal (GroupFatal), the statechart has no such SyncGroup answer', () => {
    expect(syncDuringLoad).toThrow(ModelMismatch);
    expect(syncDuringLoad).toThrow(/SyncGroup answer #\d+ from \d \(14\).*does not accept \{"type":"response.syncGroup","errorCode":14/);
  });
});
