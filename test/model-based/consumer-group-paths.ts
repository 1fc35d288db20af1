/**
 * Paths through the two consumer-group statecharts (the group's lifecycle and one member's
 * reconciliation) for model-based testing, and the runner that drives the real coordinator
 * along one of them with {@link ConsumerGroupAdapter}.
 *
 * @remarks
 * `xstate/graph`'s `getShortestPaths`, keyed by `consumerGroupKey` (epochs relative, so the
 * state space is finite), gives the shortest path to every abstract state; every event
 * offered at the end of such a path fires one edge of `toDirectedGraph`, and for each edge
 * the shortest "path + event" is kept: one path per transition. Shared by the `*.mbt.test.ts`
 * files and `scripts/mbt-coverage.ts`.
 */
import { createActor } from 'xstate';
import type { AnyStateMachine, AnyTransitionDefinition } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import {
  FOCAL,
  consumerGroupKey,
  consumerGroupSteps,
  createConsumerGroupMachine,
  createConsumerGroupMemberMachine,
  groupEventOf,
  groupStateOf,
  memberEventOf,
  memberStateOf,
} from '../../machines/index.js';
import type { CgContext, CgEvent, CgMemberEvent, CgStep } from '../../machines/index.js';
import { Coverage, edgeKey, edgeTitle, machineEdges } from './coverage.js';
import type { MachineEdge } from './coverage.js';
import { CgDisagreement, ConsumerGroupAdapter } from './consumer-group-adapter.js';

/** Which of the two statecharts. */
export type CgMachineKind = 'group' | 'member';

/** What path generation needs to know of a statechart. */
interface Flavor<E> {
  readonly machine: AnyStateMachine;
  /** The events offered in a context, each with what it does to the model. */
  steps(ctx: CgContext): { readonly event: E; readonly step: CgStep }[];
  /** The model event behind a statechart event. */
  modelEvent(e: E): CgEvent;
  /** The edge key (source|case|target) an event fires from a context. */
  edgeOf(ctx: CgContext, e: E, step: CgStep): string;
}

const groupMachine = createConsumerGroupMachine();
const memberMachine = createConsumerGroupMemberMachine();

const GROUP: Flavor<CgEvent> = {
  machine: groupMachine,
  steps: consumerGroupSteps,
  modelEvent: (e) => e,
  edgeOf: (ctx, _e, step) => edgeKey(groupStateOf(ctx), step.case, groupStateOf(step.context)),
};

const MEMBER: Flavor<CgMemberEvent> = {
  machine: memberMachine,
  steps: (ctx) => consumerGroupSteps(ctx).map(({ event, step }) => ({ event: memberEventOf(event), step })),
  modelEvent: (e) => groupEventOf(e)!,
  edgeOf: (ctx, e, step) => edgeKey(memberStateOf(ctx, FOCAL), e.type === 'peer' ? 'peer' : step.case, memberStateOf(step.context, FOCAL)),
};

function flavor(kind: CgMachineKind): Flavor<CgEvent> | Flavor<CgMemberEvent> {
  return kind === 'group' ? GROUP : MEMBER;
}

/** The statechart paths of one kind are generated from and run against. */
export function cgPathMachine(kind: CgMachineKind): AnyStateMachine {
  return flavor(kind).machine;
}

/** One generated path: the statechart events that end by firing `edge`. */
export interface CgPath {
  readonly edge: MachineEdge;
  readonly events: readonly (CgEvent | CgMemberEvent)[];
  readonly title: string;
}

/** One shortest path per edge of `toDirectedGraph`; throws if an edge is unreachable. */
export function generateCgPaths(kind: CgMachineKind): CgPath[] {
  const f = flavor(kind) as Flavor<CgEvent | CgMemberEvent>;
  // The search only needs events that lead to a state not found yet: the traversal is
  // breadth-first, so the first event found to reach a state is on a shortest path to it, and
  // any later one would be dropped by the traversal anyway. The pure step function filters
  // the others out before xstate takes any transition (a few times faster). Events that keep
  // the state or reach a known one still end paths: see the loop below.
  const memo = new WeakMap<CgContext, { readonly event: CgEvent | CgMemberEvent; readonly step: CgStep }[]>();
  const stepsOf = (ctx: CgContext) => {
    let steps = memo.get(ctx);
    if (steps === undefined) memo.set(ctx, (steps = f.steps(ctx)));
    return steps;
  };
  const seen = new Set<string>([consumerGroupKey(f.machine.config.context as CgContext)]);
  const leadsOn = ({ step }: { readonly step: CgStep }): boolean => {
    const key = consumerGroupKey(step.context);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
  const statePaths = getShortestPaths(f.machine, {
    events: (s: { status: string; context: CgContext }) => (s.status === 'active' ? stepsOf(s.context).filter(leadsOn).map((x) => x.event) : []),
    serializeState: (s: { context: CgContext }) => consumerGroupKey(s.context),
  });
  const best = new Map<string, (CgEvent | CgMemberEvent)[]>();
  for (const path of statePaths) {
    const ctx = path.state.context as CgContext;
    const prefix = path.steps.slice(1).map((s) => s.event as CgEvent | CgMemberEvent);
    for (const { event, step } of stepsOf(ctx)) {
      const key = f.edgeOf(ctx, event, step);
      const known = best.get(key);
      if (known === undefined || known.length > prefix.length + 1) best.set(key, [...prefix, event]);
    }
  }
  return machineEdges(f.machine).map((edge) => {
    const events = best.get(edge.key);
    if (events === undefined) throw new Error(`no path fires ${edge.key}`);
    return { edge, events, title: edgeTitle(edge, `, ${events.length} steps`) };
  });
}

/** Renders events compactly for failure messages. */
export function showCgEvents(events: readonly unknown[]): string {
  return events.map((e) => JSON.stringify(e)).join(',\n  ');
}

/**
 * Drives a fresh coordinator along `events`, with the statechart as an actor whose
 * microsteps are inspected; after every step the adapter compares the coordinator with the
 * model. Only steps it agrees with are recorded in `coverage`. Throws a {@link CgDisagreement}
 * naming the step and the path.
 */
export function runCgPath(kind: CgMachineKind, events: readonly (CgEvent | CgMemberEvent)[], coverage?: Coverage): void {
  const f = flavor(kind) as Flavor<CgEvent | CgMemberEvent>;
  const fired: AnyTransitionDefinition[] = [];
  const actor = createActor(f.machine, {
    inspect: (ev) => {
      if (ev.type === '@xstate.microstep') fired.push(...ev._transitions);
    },
  });
  actor.start();
  const adapter = new ConsumerGroupAdapter((actor.getSnapshot().context as CgContext).topics);
  try {
    coverage?.reach(String(actor.getSnapshot().value));
    events.forEach((event, i) => {
      const before = actor.getSnapshot();
      const where = (): string => `step ${i + 1} of ${events.length}, ${JSON.stringify(event)} in ${String(before.value)}`;
      if (!before.can(event)) throw new CgDisagreement(`${where()}: the model does not offer this event`);
      fired.length = 0;
      actor.send(event);
      const after = actor.getSnapshot();
      if (fired.length !== 1) throw new CgDisagreement(`${where()}: ${fired.length} transitions fired`);
      try {
        adapter.step(before.context as CgContext, f.modelEvent(event), after.context as CgContext);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new CgDisagreement(`${where()} (model case ${(after.context as CgContext).lastCase}): ${message}\nadapter: ${adapter.describe()}\npath:\n  ${showCgEvents(events)}`);
      }
      for (const t of fired) coverage?.fire(t);
      coverage?.reach(String(after.value));
    });
  } finally {
    actor.stop();
  }
}

/** Runs every path of one statechart; returns the coverage and the failures. */
export function runAllCgPaths(kind: CgMachineKind): { coverage: Coverage; paths: number; failures: { title: string; message: string }[] } {
  const coverage = new Coverage(cgPathMachine(kind));
  const failures: { title: string; message: string }[] = [];
  const paths = generateCgPaths(kind);
  for (const path of paths) {
    try {
      runCgPath(kind, path.events, coverage);
    } catch (error) {
      failures.push({ title: path.title, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return { coverage, paths: paths.length, failures };
}
