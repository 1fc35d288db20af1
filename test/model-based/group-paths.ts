/**
 * Paths through the classic group statechart for model-based testing, and the runner that
 * drives the real coordinator along one of them.
 *
 * @remarks
 * `xstate/graph`'s `getShortestPaths` (keyed by `abstractGroupKey`, so the state space is
 * finite) gives the shortest path to every abstract state; every event offered at the end of
 * such a path fires one edge of `toDirectedGraph`, and for each edge the shortest
 * "path + event" is kept. With two slots (one dynamic, one static) every edge is reachable,
 * so there is one path per edge. Shared by `classic-group.mbt.test.ts` and
 * `scripts/mbt-coverage.ts`.
 */
import { createActor } from 'xstate';
import type { AnyTransitionDefinition } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { abstractGroupKey, createClassicGroupMachine, groupEvents, stepGroup } from '../../machines/index.js';
import type { ClassicGroupMachine, GroupEvent, HasGroupContext } from '../../machines/index.js';
import { Coverage, edgeKey, edgeTitle, machineEdges } from './coverage.js';
import type { MachineEdge } from './coverage.js';
import { Disagreement, GroupAdapter } from './group-adapter.js';

/** The member bound of path generation: `m1` dynamic, `m2` static. */
export const GROUP_PATH_MEMBERS = 2;

/** One generated path: the events that end by firing `edge`. */
export interface GroupPath {
  readonly edge: MachineEdge;
  readonly events: readonly GroupEvent[];
  readonly title: string;
}

/** The statechart the paths are generated from and run against. */
export function groupPathMachine(): ClassicGroupMachine {
  return createClassicGroupMachine({ members: GROUP_PATH_MEMBERS });
}

/**
 * The events paths are made of: every event the model offers, except `coordinator.unload`
 * before a JoinGroup has created the group. The runtime keeps no Dead group for an id it
 * never knew (its `unload()` walks the existing groups), so a later JoinGroup creates the
 * group, where the model predicts Dead and COORDINATOR_NOT_AVAILABLE; see
 * {@link UNLOAD_BEFORE_GROUP_EXISTS}.
 */
export function pathEvents(snapshot: HasGroupContext): GroupEvent[] {
  return groupEvents(snapshot, { unload: snapshot.context.groupExists });
}

/** The known disagreement left out of path generation: unload, then a JoinGroup. */
export const UNLOAD_BEFORE_GROUP_EXISTS: readonly GroupEvent[] = [
  { type: 'coordinator.unload' },
  { type: 'request.joinGroup', member: 'm1', memberId: 'empty', version: 'v1-3', protocols: 'same' },
];

/** One shortest path per edge of `toDirectedGraph`; throws if an edge is unreachable. */
export function generateGroupPaths(machine: ClassicGroupMachine): GroupPath[] {
  const edges = machineEdges(machine);
  const statePaths = getShortestPaths(machine, {
    events: pathEvents,
    serializeState: (s) => abstractGroupKey(s),
  });
  const best = new Map<string, GroupEvent[]>();
  for (const path of statePaths) {
    const prefix = path.steps.slice(1).map((s) => s.event);
    for (const event of pathEvents(path.state)) {
      const step = stepGroup(path.state.context, event);
      if (step === null) continue;
      const key = edgeKey(String(path.state.value), step.case, step.state);
      const known = best.get(key);
      if (known === undefined || known.length > prefix.length + 1) best.set(key, [...prefix, event]);
    }
  }
  return edges.map((edge) => {
    const events = best.get(edge.key);
    if (events === undefined) throw new Error(`no path fires ${edge.key} at member bound ${GROUP_PATH_MEMBERS}`);
    return { edge, events, title: edgeTitle(edge, `, ${events.length} steps`) };
  });
}

/** Renders events compactly for failure messages. */
export function showEvents(events: readonly GroupEvent[]): string {
  return events.map((e) => JSON.stringify(e)).join(',\n  ');
}

/**
 * Drives a fresh runtime along `events`, with the statechart as an actor whose microsteps are
 * inspected. After every step the adapter compares the runtime with the prediction; only steps
 * it agrees with are recorded in `coverage`. Throws a {@link Disagreement} with the path.
 */
export function runGroupPath(machine: ClassicGroupMachine, events: readonly GroupEvent[], coverage?: Coverage): void {
  const fired: AnyTransitionDefinition[] = [];
  const actor = createActor(machine, {
    inspect: (ev) => {
      if (ev.type === '@xstate.microstep') fired.push(...ev._transitions);
    },
  });
  actor.start();
  try {
    const adapter = new GroupAdapter(actor.getSnapshot());
    coverage?.reach(String(actor.getSnapshot().value));
    events.forEach((event, i) => {
      const before = actor.getSnapshot();
      const where = (): string => `step ${i + 1} of ${events.length}, ${JSON.stringify(event)} in ${String(before.value)}`;
      if (!before.can(event)) throw new Disagreement(`${where()}: the model does not offer this event`);
      fired.length = 0;
      actor.send(event);
      const after = actor.getSnapshot();
      if (fired.length !== 1) throw new Disagreement(`${where()}: ${fired.length} transitions fired`);
      try {
        adapter.step(before, event, after);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new Disagreement(`${where()} (model case ${after.context.lastCase}): ${message}\nadapter: ${adapter.describe()}\npath:\n  ${showEvents(events)}`);
      }
      for (const t of fired) coverage?.fire(t);
      coverage?.reach(String(after.value));
    });
  } finally {
    actor.stop();
  }
}

/** Runs every path; returns the coverage and the failures (title and message). */
export function runAllGroupPaths(): { coverage: Coverage; paths: number; failures: { title: string; message: string }[] } {
  const machine = groupPathMachine();
  const coverage = new Coverage(machine);
  const failures: { title: string; message: string }[] = [];
  const paths = generateGroupPaths(machine);
  for (const path of paths) {
    try {
      runGroupPath(machine, path.events, coverage);
    } catch (error) {
      failures.push({ title: path.title, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return { coverage, paths: paths.length, failures };
}
