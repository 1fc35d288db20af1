/**
 * Paths through the consumer member statechart for model-based testing, and the runner that
 * plays them against the real coordinator with {@link MemberDriver}.
 *
 * @remarks
 * Paths are generated per variant (eager or cooperative, dynamic or static) with
 * `xstate/graph`'s `getShortestPaths`, over the answers the broker can give in each state
 * ({@link brokerEvents}); every edge of `toDirectedGraph` gets the shortest path (over all
 * variants) that ends by firing it. Two edges have none: the classic coordinator never answers
 * JoinGroup with REBALANCE_IN_PROGRESS (only KIP-848 consumer groups do, to classic members),
 * and it answers OffsetCommit with REBALANCE_IN_PROGRESS only to a member holding the
 * generation of a group in CompletingRebalance, which a `stable` member never does
 * ({@link UNREALIZABLE}). Shared by `classic-member.mbt.test.ts` and `scripts/mbt-coverage.ts`.
 */
import { createActor } from 'xstate';
import type { AnyTransitionDefinition, SnapshotFrom } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { createClassicMemberMachine, memberEvents, stepMember } from '../../machines/index.js';
import type { ClassicMemberMachine, MemberContext, MemberEvent } from '../../machines/index.js';
import { Coverage, edgeKey, edgeTitle, machineEdges } from './coverage.js';
import type { MachineEdge } from './coverage.js';
import { MEMBER_PARTITIONS, MemberDriver } from './member-driver.js';
import type { MemberVariant } from './member-driver.js';

type Snap = SnapshotFrom<ClassicMemberMachine>;

/** The variants paths are generated for, in order of preference. */
export const MEMBER_VARIANTS: readonly MemberVariant[] = [
  { protocol: 'eager', isStatic: false },
  { protocol: 'cooperative', isStatic: false },
  { protocol: 'eager', isStatic: true },
  { protocol: 'cooperative', isStatic: true },
];

/** Edges no answer of the classic coordinator can fire, with why (keys `source|case|target`). */
export const UNREALIZABLE: Readonly<Record<string, string>> = {};

const machines = new Map<string, ClassicMemberMachine>();

/** The member machine of one variant (one instance per variant, so coverage can match its transitions). */
export function memberMachine(variant: MemberVariant): ClassicMemberMachine {
  const key = variantName(variant);
  let machine = machines.get(key);
  if (machine === undefined) {
    machine = createClassicMemberMachine({ protocol: variant.protocol, isStatic: variant.isStatic, partitions: MEMBER_PARTITIONS });
    machines.set(key, machine);
  }
  return machine;
}

/**
 * The events a path may use: what the statechart accepts, limited to answers the broker can
 * give the member here and that the driver can bring about (15 and 16 act alike, so only
 * NOT_COORDINATOR(16) is used; a heartbeat is answered right after it is sent).
 */
export function brokerEvents(snapshot: { readonly status: string; readonly context: MemberContext }): MemberEvent[] {
  if (snapshot.status !== 'active') return [];
  const c = snapshot.context;
  const staticOnly = (code: number): boolean => (code === 22 || code === 82 ? c.isStatic : true);
  return memberEvents(snapshot).filter((e) => {
    switch (e.type) {
      case 'response.joinGroup':
        switch (e.errorCode) {
          case 0:
          case 25:
            return c.hasMemberId || c.isStatic;
          case 79:
            return !c.hasMemberId && !c.isStatic;
          case 82:
            return c.isStatic && c.hasMemberId;
          case 14:
          case 16:
          case 23:
            return true;
          default:
            return false;
        }
      case 'response.syncGroup':
        return e.errorCode !== 15 && staticOnly(e.errorCode);
      case 'response.heartbeat':
        return c.lastCase === 'heartbeat.send' && e.errorCode !== 15 && staticOnly(e.errorCode);
      case 'response.offsetCommit':
        return e.errorCode !== 15 && staticOnly(e.errorCode);
      case 'response.leaveGroup':
        return e.errorCode === 0;
      default:
        return true;
    }
  });
}

/** The state key of path generation: the context without what only the last event produced. */
function memberKey(snapshot: { readonly context: MemberContext }): string {
  const c = snapshot.context;
  return JSON.stringify({ ...c, sent: [], revoked: [], lost: [], lastCase: c.lastCase === 'heartbeat.send' ? c.lastCase : null });
}

/** One generated path: a variant and the events that end by firing `edge`. */
export interface MemberPath {
  readonly edge: MachineEdge;
  readonly variant: MemberVariant;
  readonly events: readonly MemberEvent[];
  readonly title: string;
}

/** The variant's name in titles. */
export function variantName(v: MemberVariant): string {
  return `${v.protocol} ${v.isStatic ? 'static' : 'dynamic'}`;
}

/**
 * For every variant, one shortest path per edge that variant can fire; throws if a realizable
 * edge has no path in any variant.
 */
export function generateMemberPaths(): MemberPath[] {
  const edges = machineEdges(memberMachine(MEMBER_VARIANTS[0]!));
  const paths: MemberPath[] = [];
  for (const variant of MEMBER_VARIANTS) {
    const best = new Map<string, MemberEvent[]>();
    const statePaths = getShortestPaths(memberMachine(variant), { events: brokerEvents, serializeState: memberKey });
    for (const path of statePaths) {
      const prefix = path.steps.slice(1).map((s) => s.event);
      for (const event of brokerEvents(path.state)) {
        const step = stepMember(path.state.context, event);
        if (step === null) continue;
        const key = edgeKey(String(path.state.value), step.case, step.state);
        const known = best.get(key);
        if (known === undefined || known.length > prefix.length + 1) best.set(key, [...prefix, event]);
      }
    }
    for (const edge of edges) {
      const events = best.get(edge.key);
      if (events !== undefined) paths.push({ edge, variant, events, title: edgeTitle(edge, `, ${variantName(variant)}, ${events.length} steps`) });
    }
  }
  const unfired = edges.filter((e) => UNREALIZABLE[e.key] === undefined && !paths.some((p) => p.edge.key === e.key));
  if (unfired.length > 0) throw new Error(`no path fires ${unfired.map((e) => e.key).join(', ')}`);
  return paths;
}

/** Two events that do the same to the member (the same case, state and context). */
function sameEffect(ctx: MemberContext, a: MemberEvent, b: MemberEvent): boolean {
  return JSON.stringify(stepMember(ctx, a)) === JSON.stringify(stepMember(ctx, b));
}

/**
 * Plays `events` against a fresh cluster: each planned answer is brought about and the broker's
 * real answer is fed to the statechart (an actor whose microsteps are inspected). Fails when
 * the statechart does not accept the real answer, when it does something else than the
 * planned one, or when the member reads what the broker did not assign it.
 */
export function runMemberPath(variant: MemberVariant, events: readonly MemberEvent[], coverage?: Coverage): void {
  const machine = memberMachine(variant);
  const driver = new MemberDriver(variant);
  const fired: AnyTransitionDefinition[] = [];
  const actor = createActor(machine, {
    inspect: (ev) => {
      if (ev.type === '@xstate.microstep') fired.push(...ev._transitions);
    },
  });
  actor.start();
  try {
    coverage?.reach(String(actor.getSnapshot().value));
    events.forEach((planned, i) => {
      const before: Snap = actor.getSnapshot();
      const where = (): string => `step ${i + 1} of ${events.length}, planned ${JSON.stringify(planned)} in ${String(before.value)}`;
      try {
        const real = driver.realize(planned, events.slice(i + 1));
        if (!before.can(real)) throw new Error(`the member does not accept the broker's answer ${JSON.stringify(real)}`);
        if (!sameEffect(before.context, real, planned)) throw new Error(`the broker answered ${JSON.stringify(real)}, which does not do what the planned event does`);
        fired.length = 0;
        actor.send(real);
        const after = actor.getSnapshot();
        if (fired.length !== 1) throw new Error(`${fired.length} transitions fired`);
        driver.afterStep(after);
        driver.checkReads(after);
        for (const t of fired) coverage?.fire(t);
        coverage?.reach(String(after.value));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(`${where()}: ${message}\ndriver: ${driver.describe()}\npath (${variantName(variant)}):\n  ${events.map((e) => JSON.stringify(e)).join(',\n  ')}`);
      }
    });
  } finally {
    actor.stop();
  }
}

/** Runs every path; returns the coverage and the failures. */
export function runAllMemberPaths(): { coverage: Coverage; paths: number; failures: { title: string; message: string }[] } {
  const coverage = new Coverage(memberMachine(MEMBER_VARIANTS[0]!));
  const failures: { title: string; message: string }[] = [];
  const paths = generateMemberPaths();
  for (const path of paths) {
    const own = new Coverage(memberMachine(path.variant));
    try {
      runMemberPath(path.variant, path.events, own);
    } catch (error) {
      failures.push({ title: path.title, message: error instanceof Error ? error.message : String(error) });
    }
    coverage.merge(own);
  }
  return { coverage, paths: paths.length, failures };
}
