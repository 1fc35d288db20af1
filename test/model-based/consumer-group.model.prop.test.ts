/**
 * fast-check model runs of the KIP-848 consumer-group coordinator with the consumer-group
 * statechart as the model: random sequences of ConsumerGroupHeartbeats (joins, heartbeats
 * that acknowledge a revocation or not, subscription changes, lost answers, epochs from the
 * future, leaves, heartbeats of removed ids) and timers over two member slots and three
 * topics. Each command picks an event the model offers, applies it to the model with the pure
 * `transition` and to a real {@link GroupCoordinatorRuntime} through the adapter, which compares
 * the answer and the whole group after every step (consumer-group-adapter.ts).
 *
 * @remarks
 * Replay a failure with the seed, path and replay path the report prints:
 * `FC_SEED=<seed> FC_PATH=<path> FC_REPLAY_PATH=<replayPath> npx vitest run test/model-based/consumer-group.model.prop.test.ts`.
 */
import fc from 'fast-check';
import { initialTransition, transition } from 'xstate';
import type { SnapshotFrom } from 'xstate';
import { describe, expect, it } from 'vitest';
import { consumerGroupEvents, createConsumerGroupMachine, slotOfEvent } from '../../machines/index.js';
import type { CgEvent, ConsumerGroupMachine } from '../../machines/index.js';
import { ConsumerGroupAdapter } from './consumer-group-adapter.js';
import { FC_SEED, budgetRuns } from '../helpers/seed.js';

type Snap = SnapshotFrom<ConsumerGroupMachine>;

interface Model {
  snap: Snap;
  readonly trace: CgEvent[];
}

interface Real {
  readonly adapter: ConsumerGroupAdapter;
}

const machine = createConsumerGroupMachine();

/** Totals over all runs, to guard against vacuous runs. */
const totals = { runs: 0, steps: 0, cases: new Set<string>() };

/** One command: the `pick`-th event the model offers of its kind (a slot's heartbeats, or the due timer and DeleteGroups). */
class CgCommand implements fc.Command<Model, Real> {
  constructor(
    readonly kind: 'm1' | 'm2' | 'other',
    readonly pick: number,
  ) {}

  private choose(m: Readonly<Model>): CgEvent | undefined {
    const offered = consumerGroupEvents(m.snap.context).filter((e) => (this.kind === 'other' ? e.type.startsWith('timer.') || e.type === 'admin.deleteGroups' : !e.type.startsWith('timer.') && slotOfEvent(e) === this.kind));
    return offered.length === 0 ? undefined : offered[this.pick % offered.length];
  }

  check(m: Readonly<Model>): boolean {
    return this.choose(m) !== undefined;
  }

  run(m: Model, r: Real): void {
    const event = this.choose(m)!;
    m.trace.push(event);
    const before = m.snap;
    const [after] = transition(machine, before, event);
    try {
      r.adapter.step(before.context, event, after.context);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`${JSON.stringify(event)} in ${String(before.value)} (model case ${after.context.lastCase}): ${message}\nadapter: ${r.adapter.describe()}\nevents of this run:\n  ${m.trace.map((e) => JSON.stringify(e)).join(',\n  ')}`);
    }
    m.snap = after;
    totals.steps++;
    totals.cases.add(`${String(before.value)}|${after.context.lastCase}|${String(after.value)}`);
  }

  toString(): string {
    return `${this.kind}(${this.pick})`;
  }
}

const pick = fc.nat(60);
/** Mostly heartbeats of either member; now and then a timer (each removes a member) or DeleteGroups. */
const commandArbs = [
  fc.oneof(
    { weight: 6, arbitrary: pick.map((p) => new CgCommand('m1', p)) },
    { weight: 6, arbitrary: pick.map((p) => new CgCommand('m2', p)) },
    { weight: 1, arbitrary: pick.map((p) => new CgCommand('other', p)) },
  ),
];

const replayPath = process.env.FC_REPLAY_PATH;
const runArb = fc.commands(commandArbs, { maxCommands: 40, size: 'max', ...(replayPath === undefined ? {} : { replayPath }) });

describe('consumer group: model runs against the runtime', () => {
  const title = `[CG-28][CGR-03][CGR-06][CGR-07][CG-34] random heartbeats and timers of two members agree with the consumer-group statechart (seed ${FC_SEED})`;
  it(title, { timeout: process.env.KGSPEC_SOAK ? 1_800_000 : 60_000 }, () => {
    const property = fc.property(runArb, (commands) => {
      totals.runs++;
      fc.modelRun(() => {
        const snap = initialTransition(machine)[0];
        return { model: { snap, trace: [] }, real: { adapter: new ConsumerGroupAdapter(snap.context.topics) } };
      }, commands);
    });
    const path = process.env.FC_PATH;
    const details = fc.check(property, { seed: FC_SEED, numRuns: budgetRuns(25, 40), ...(path === undefined ? {} : { path }) });
    if (details.failed) {
      const shown = fc.stringify(details.counterexample);
      const replay = /replayPath="([^"]*)"/.exec(shown)?.[1] ?? '';
      throw new Error(
        `model run failed: seed ${details.seed}, path ${details.counterexamplePath}, replayPath ${replay}\n` +
          `replay: FC_SEED=${details.seed} FC_PATH=${details.counterexamplePath} FC_REPLAY_PATH='${replay}' npx vitest run test/model-based/consumer-group.model.prop.test.ts\n` +
          fc.defaultReportMessage(details) +
          `\n${details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)}`,
      );
    }
    // Not vacuous: most commands run and most of the statechart's transitions are taken.
    if (path === undefined) {
      const seen = `${totals.runs} runs, ${totals.steps} steps, ${totals.cases.size} transitions taken`;
      expect(totals.steps, seen).toBeGreaterThan(totals.runs * 15);
      expect(totals.cases.size, seen).toBeGreaterThan(25);
    }
  });
});
