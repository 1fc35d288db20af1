/**
 * fast-check model runs of the classic group coordinator with the statechart as the model:
 * random sequences of requests, timers, clock ticks and unloads over 1 to 5 member slots
 * (0 to all of them static). Each command picks an event the model offers, applies it to the
 * model with the pure `transition` and to a real {@link GroupCoordinatorRuntime} through the
 * adapter, and compares after every step.
 *
 * After every command the adapter checks: the answer (or parking) of the request; answers to
 * parked requests against `completed`, dropped ones staying unanswered for good (superseded,
 * JG-19 and SG-11, or dropped with their member); one leader per generation (INV-01); no
 * generation decrease (INV-02); no id both pending and a member; and, once no timer is due,
 * state, generation, leader, members, pending ids, and that every request is answered as
 * predicted, parked or dropped. `coordinator.unload` is offered only once the group exists
 * (see `pathEvents` for the known disagreement before that).
 *
 * @remarks
 * Replay a failure with the seed, path and replay path the report prints:
 * `FC_SEED=<seed> FC_PATH=<path> FC_REPLAY_PATH=<replayPath> npx vitest run test/model-based/classic-group.model.prop.test.ts`.
 */
import fc from 'fast-check';
import { initialTransition, transition } from 'xstate';
import type { SnapshotFrom } from 'xstate';
import { describe, expect, it } from 'vitest';
import { createClassicGroupMachine, slotOf } from '../../machines/index.js';
import type { ClassicGroupMachine, GroupEvent, SlotId } from '../../machines/index.js';
import { GroupAdapter } from './group-adapter.js';
import { pathEvents } from './group-paths.js';
import { FC_SEED, runs } from '../helpers/seed.js';

type Snap = SnapshotFrom<ClassicGroupMachine>;

/** The model: the machine and its current snapshot. */
interface Model {
  readonly machine: ClassicGroupMachine;
  snap: Snap;
  reachedStable: boolean;
  /** The events taken so far in this run, for the failure message. */
  readonly trace: GroupEvent[];
}

/** The system under test. */
interface Real {
  readonly adapter: GroupAdapter;
}

type Kind = 'next' | 'request' | 'timer' | 'tick' | 'unload';

/**
 * What a well-behaved client in `slot` sends next: join (two-step for dynamic slots), rejoin
 * when a rebalance is on, SyncGroup once joined, then heartbeats or commits. Odd picks join
 * with v1-3 or commit instead of heartbeating.
 */
function wellBehaved(snap: Snap, slot: SlotId, pick: number): GroupEvent {
  const s = slotOf(snap, slot);
  const state = snap.context.state;
  if (s.status === 'absent' || state === 'dead') {
    const version = s.kind === 'dynamic' && pick % 2 === 1 ? 'v1-3' : 'v5+';
    return { type: 'request.joinGroup', member: slot, memberId: 'empty', version, protocols: 'same' };
  }
  const own = { member: slot, memberId: 'own' } as const;
  if (s.status === 'pending' || (state === 'preparingRebalance' && !s.awaitingJoin)) {
    return { type: 'request.joinGroup', ...own, version: 'v5+', protocols: 'same' };
  }
  if (state === 'completingRebalance' && !s.awaitingSync) return { type: 'request.syncGroup', ...own, generation: 'current' };
  if (state === 'stable' && pick % 3 === 1) return { type: 'request.offsetCommit', ...own, generation: 'current' };
  return { type: 'request.heartbeat', ...own, generation: 'current' };
}

/** Totals over all runs, to guard against vacuous runs. */
const totals = { runs: 0, steps: 0, stableRuns: 0, cases: new Set<string>() };

/**
 * One command: an event of `kind` the model offers now (for requests, one of slot `slot`'s),
 * the `pick`-th modulo how many there are. `check` fails when none is offered.
 */
class GroupCommand implements fc.Command<Model, Real> {
  constructor(
    readonly kind: Kind,
    readonly slot: number,
    readonly pick: number,
  ) {}

  private choose(m: Readonly<Model>): GroupEvent | undefined {
    const offered = pathEvents(m.snap);
    if (this.kind === 'next') {
      const slot: SlotId = `m${(this.slot % m.snap.context.slots.length) + 1}`;
      const wanted = JSON.stringify(wellBehaved(m.snap, slot, this.pick));
      return offered.find((e) => JSON.stringify(e) === wanted);
    }
    const candidates = offered.filter((e) => {
      switch (this.kind) {
        case 'request':
          return e.type.startsWith('request.') && 'member' in e && e.member === `m${this.slot + 1}`;
        case 'timer':
          return e.type.startsWith('timer.');
        case 'tick':
          return e.type === 'clock.tick';
        case 'unload':
          return e.type === 'coordinator.unload';
        case 'next':
          return false;
      }
    });
    return candidates.length === 0 ? undefined : candidates[this.pick % candidates.length];
  }

  check(m: Readonly<Model>): boolean {
    return this.choose(m) !== undefined;
  }

  run(m: Model, r: Real): void {
    const event = this.choose(m);
    if (event === undefined) throw new Error('run without an offered event');
    m.trace.push(event);
    const before = m.snap;
    expect(before.can(event), `${JSON.stringify(event)} offered but not accepted`).toBe(true);
    const [after] = transition(m.machine, before, event);
    try {
      r.adapter.step(before, event, after);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const events = m.trace.map((e) => JSON.stringify(e)).join(',\n  ');
      throw new Error(`${JSON.stringify(event)} in ${String(before.value)} (model case ${after.context.lastCase}): ${message}\nadapter: ${r.adapter.describe()}\nevents of this run:\n  ${events}`);
    }
    m.snap = after;
    totals.steps++;
    totals.cases.add(`${String(before.value)}|${after.context.lastCase}|${String(after.value)}`);
    if (after.value === 'stable' && !m.reachedStable) {
      m.reachedStable = true;
      totals.stableRuns++;
    }
  }

  toString(): string {
    return this.kind === 'next' || this.kind === 'request' ? `${this.kind}(m${this.slot + 1},${this.pick})` : this.kind;
  }
}

const slotAndPick = fc.record({ slot: fc.nat(4), pick: fc.nat(40) });
/** Mostly well-behaved clients and timers; any offered request now and then; rarely an unload. */
const commandArbs = [
  fc.oneof(
    { weight: 24, arbitrary: slotAndPick.map(({ slot, pick }) => new GroupCommand('next', slot, pick)) },
    { weight: 12, arbitrary: slotAndPick.map(({ slot, pick }) => new GroupCommand('request', slot, pick)) },
    { weight: 14, arbitrary: fc.constant(null).map(() => new GroupCommand('timer', 0, 0)) },
    { weight: 4, arbitrary: fc.constant(null).map(() => new GroupCommand('tick', 0, 0)) },
    { weight: 1, arbitrary: fc.constant(null).map(() => new GroupCommand('unload', 0, 0)) },
  ),
];

const machines = new Map<string, ClassicGroupMachine>();
function machineFor(members: number, staticMembers: number): ClassicGroupMachine {
  const key = `${members}/${staticMembers}`;
  let machine = machines.get(key);
  if (machine === undefined) machines.set(key, (machine = createClassicGroupMachine({ members, staticMembers })));
  return machine;
}

const replayPath = process.env.FC_REPLAY_PATH;
const runArb = fc
  .integer({ min: 1, max: 5 })
  .chain((members) => fc.tuple(fc.constant(members), fc.integer({ min: 0, max: members })))
  .chain(([members, staticMembers]) =>
    fc.tuple(
      fc.constant(members),
      fc.constant(staticMembers),
      fc.commands(commandArbs, { maxCommands: 100, size: 'max', ...(replayPath === undefined ? {} : { replayPath }) }),
    ),
  );

describe('classic group: model runs against the runtime', () => {
  const title = `[INV-01][INV-02][INV-03][INV-08][GS-01][TM-01][TM-02] random requests and timers over 1-5 members agree with the statechart (seed ${FC_SEED})`;
  it(title, { timeout: process.env.KGSPEC_SOAK ? 1_800_000 : 60_000 }, () => {
    const property = fc.property(runArb, ([members, staticMembers, commands]) => {
      const machine = machineFor(members, staticMembers);
      totals.runs++;
      fc.modelRun(() => {
        const snap = initialTransition(machine)[0];
        return { model: { machine, snap, reachedStable: false, trace: [] }, real: { adapter: new GroupAdapter(snap) } };
      }, commands);
    });
    const path = process.env.FC_PATH;
    const details = fc.check(property, { seed: FC_SEED, numRuns: runs(500), ...(path === undefined ? {} : { path }) });
    if (details.failed) {
      const shown = fc.stringify(details.counterexample);
      const replay = /replayPath="([^"]*)"/.exec(shown)?.[1] ?? '';
      throw new Error(
        `model run failed: seed ${details.seed}, path ${details.counterexamplePath}, replayPath ${replay}\n` +
          `replay: FC_SEED=${details.seed} FC_PATH=${details.counterexamplePath} FC_REPLAY_PATH='${replay}' npx vitest run test/model-based/classic-group.model.prop.test.ts\n` +
          fc.defaultReportMessage(details) +
          `\n${details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)}`,
      );
    }
    // Not vacuous: most commands run, many runs reach Stable, and most transitions are taken.
    if (path === undefined) {
      const seen = `${totals.runs} runs, ${totals.steps} steps, ${totals.stableRuns} reaching Stable, ${totals.cases.size} transitions taken`;
      expect(totals.steps, seen).toBeGreaterThan(totals.runs * 10);
      expect(totals.stableRuns, seen).toBeGreaterThan(totals.runs / 4);
      expect(totals.cases.size, seen).toBeGreaterThan(120);
    }
  });
});
