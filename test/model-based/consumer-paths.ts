/**
 * The goals of the consumer model-based tests: for every transition of the member statechart,
 * the paths `member-paths.ts` generates with `xstate/graph` (one shortest path per variant),
 * realized with a real `KafkaConsumer` by the {@link Director}; and the runner shared by
 * `consumer.mbt.test.ts` and `scripts/mbt-coverage.ts`.
 *
 * @remarks
 * A transition is covered when some variant's path made the real consumer fire it, with the
 * oracle agreeing at every step. The variants are tried in the order of `MEMBER_VARIANTS`
 * until one realizes the goal; a path the world cannot realize (the consumer took another
 * turn that the statechart allows) is not a failure, a disagreement is.
 */
import { getShortestPaths } from 'xstate/graph';
import { stepMember } from '../../machines/index.js';
import type { MemberContext, MemberEvent } from '../../machines/index.js';
import { Coverage, edgeKey } from './coverage.js';
import type { MachineEdge } from './coverage.js';
import { Director } from './consumer-director.js';
import { ModelMismatch } from './consumer-oracle.js';
import { ConsumerWorld, NotRealized } from './consumer-world.js';
import type { MemberVariant } from './member-driver.js';
import { MEMBER_VARIANTS, brokerEvents, memberMachine, variantName } from './member-paths.js';

/** What one attempt came to. */
export interface Attempt {
  readonly variant: MemberVariant;
  readonly events: readonly MemberEvent[];
  readonly outcome: 'fired' | 'notRealized' | 'mismatch';
  readonly message: string;
  readonly coverage: Coverage;
}

/**
 * The events a path for the real consumer may use: those of `brokerEvents` (the answers the
 * coordinator can give), except `coordinator.found` for a member that never polled: the
 * consumer sends FindCoordinator only from a poll, so the statechart's shortcut (found first,
 * then a poll that joins) is no path of the consumer.
 */
export function consumerEvents(snapshot: { readonly status: string; readonly context: MemberContext }): MemberEvent[] {
  const fresh = snapshot.context.lastCase === null;
  return brokerEvents(snapshot).filter((e) => !(fresh && e.type === 'coordinator.found'));
}

/** The state key of path generation: `member-paths.ts`'s, plus whether the member is fresh. */
function consumerKey(snapshot: { readonly context: MemberContext }): string {
  const c = snapshot.context;
  return JSON.stringify({ ...c, sent: [], revoked: [], lost: [], lastCase: c.lastCase === 'heartbeat.send' ? c.lastCase : null, fresh: c.lastCase === null });
}

/** A goal: one edge of the statechart and, per variant that can fire it, the shortest path that ends by firing it. */
export interface ConsumerGoal {
  readonly edge: MachineEdge;
  readonly paths: readonly { readonly variant: MemberVariant; readonly events: readonly MemberEvent[] }[];
}

/** The goals, in definition order (generated with `xstate/graph`'s `getShortestPaths`). */
export function consumerGoals(): ConsumerGoal[] {
  const best = new Map<string, { variant: MemberVariant; events: MemberEvent[] }[]>();
  for (const variant of MEMBER_VARIANTS) {
    const mine = new Map<string, MemberEvent[]>();
    for (const path of getShortestPaths(memberMachine(variant), { events: consumerEvents, serializeState: consumerKey })) {
      const prefix = path.steps.slice(1).map((s) => s.event);
      for (const event of consumerEvents(path.state)) {
        const step = stepMember(path.state.context, event);
        if (step === null) continue;
        const key = edgeKey(String(path.state.value), step.case, step.state);
        const known = mine.get(key);
        if (known === undefined || known.length > prefix.length + 1) mine.set(key, [...prefix, event]);
      }
    }
    for (const [key, events] of mine) best.set(key, [...(best.get(key) ?? []), { variant, events }]);
  }
  return new Coverage(memberMachine(MEMBER_VARIANTS[0]!)).edges.map((edge) => ({ edge, paths: best.get(edge.key) ?? [] }));
}

/** Plays one path with a real consumer. */
export function attempt(variant: MemberVariant, events: readonly MemberEvent[]): Attempt {
  const machine = memberMachine(variant);
  const coverage = new Coverage(machine);
  const world = new ConsumerWorld(variant, machine, coverage);
  const director = new Director(world, events);
  try {
    director.run();
    return { variant, events, outcome: 'fired', message: '', coverage };
  } catch (error) {
    const outcome = error instanceof NotRealized ? 'notRealized' : 'mismatch';
    const message = `${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n${variantName(variant)} path:\n  ${events.map((e) => JSON.stringify(e)).join('\n  ')}\nlast steps of the statechart:\n${world.oracle.describeSteps()}`;
    if (outcome === 'mismatch' && !(error instanceof ModelMismatch)) return { variant, events, outcome, message: `${message}\n${error instanceof Error ? error.stack : ''}`, coverage };
    return { variant, events, outcome, message, coverage };
  }
}

/** What running every goal's paths came to. */
export interface ConsumerRun {
  /** States reached and transitions fired by the real consumer, in steps the oracle agreed with. */
  readonly coverage: Coverage;
  readonly paths: number;
  /** Disagreements between the consumer and the statechart (and errors of the test itself). */
  readonly failures: readonly { title: string; message: string }[];
  /** Goals no variant's path realized. */
  readonly unrealized: readonly { title: string; message: string }[];
}

/** Plays every goal's paths (each variant's) with a real consumer. */
export function runAllConsumerPaths(): ConsumerRun {
  const coverage = new Coverage(memberMachine(MEMBER_VARIANTS[0]!));
  const failures: { title: string; message: string }[] = [];
  const unrealized: { title: string; message: string }[] = [];
  let paths = 0;
  for (const goal of consumerGoals()) {
    const attempts = goal.paths.map((p) => attempt(p.variant, p.events));
    paths += attempts.length;
    for (const a of attempts) {
      coverage.merge(a.coverage);
      if (a.outcome === 'mismatch') failures.push({ title: `${goal.edge.key} (${variantName(a.variant)})`, message: a.message });
    }
    if (!attempts.some((a) => a.outcome === 'fired')) unrealized.push({ title: goal.edge.key, message: attempts.map((a) => a.message).join('\n') || 'no path' });
  }
  return { coverage, paths, failures, unrealized };
}
