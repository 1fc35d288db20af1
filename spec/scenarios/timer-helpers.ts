/**
 * Helpers for scenarios that watch timers fire, on a broker with any configs
 * ({@link ScenarioEnv}): where the shared setups leave the clock, a timeline that places
 * checks one margin either side of a deadline, keep-alive heartbeats, and the skip reasons of
 * scenarios that need an initial rebalance delay.
 *
 * @remarks
 * Times here are milliseconds since the scenario's first step, exact on a virtual clock. Over
 * the wire they are the scenario's own count of the time it let pass; requests take a little
 * more, which the margin around each deadline absorbs.
 */
import type { JoinGroupRequest } from '../../src/protocol/messages/index.js';
import type { ScenarioEnv, Step } from '../../src/conformance/scenario.js';
import { advance, expect, expectGroup, expectPending, heartbeat, joinGroup, send } from '../../src/conformance/scenario.js';
import { formsAtOnce, initialJoinMs } from './setup.js';

/**
 * The scenario's clock: it turns absolute times into `advance` steps, so a scenario says when
 * something happens (a deadline, one margin before it) instead of adding up waits.
 */
export class Timeline {
  private now: number;

  constructor(readonly env: ScenarioEnv, startMs: number) {
    this.now = startMs;
  }

  /** The current time of the scenario. */
  get nowMs(): number {
    return this.now;
  }

  /** Lets time pass until `ms`; a scenario whose arithmetic goes back in time is a bug in it. */
  at(ms: number): Step {
    if (ms < this.now) throw new Error(`scenario timeline: cannot go back from ${this.now} ms to ${ms} ms`);
    const step = advance(ms - this.now);
    this.now = ms;
    return step;
  }

  /** Lets `ms` pass. */
  by(ms: number): Step {
    return this.at(this.now + ms);
  }

  /** One margin before a deadline: the timer has not fired yet (TM-02). */
  before(deadlineMs: number): Step {
    return this.at(deadlineMs - this.env.marginMs);
  }

  /** One margin after a deadline: the timer has fired (TM-02). */
  after(deadlineMs: number): Step {
    return this.at(deadlineMs + this.env.marginMs);
  }
}

/** When `stableGroup(env, n)` (and so `preparingRebalance`, `completingRebalance`, `emptiedGroup` with n = 2) ends. */
export function setupEndMs(env: ScenarioEnv, n: number): number {
  return formsAtOnce(env) ? initialJoinMs(env, n) + env.settleMs : 0;
}

/**
 * When `stableGroup(env, n)` last armed every member's session timer: its end, where the leader's
 * SyncGroup answered itself and the followers' parked SyncGroups (SG-07, SG-09; answering a parked
 * request re-arms its member's session, GS-05). `completingRebalance` re-arms every session at its end.
 */
export function sessionsArmedMs(env: ScenarioEnv, n: number): number {
  return setupEndMs(env, n);
}

/**
 * When the join completion of `stableGroup(env, n)` armed its sync timer (TM-13): its end, less
 * the time it left for answers to arrive.
 */
export function joinCompletedMs(env: ScenarioEnv, n: number): number {
  return formsAtOnce(env) ? initialJoinMs(env, n) : 0;
}

/** A timeline starting where `stableGroup(env, n)` ends. */
export function afterSetup(env: ScenarioEnv, n: number): Timeline {
  return new Timeline(env, setupEndMs(env, n));
}

/**
 * Two-step join of a new dynamic member `m<i>` (client `c<i>`) with extra JoinGroup fields on
 * both requests; its second JoinGroup is labelled `join<i>`.
 */
export function joinWith(i: number, fields: Partial<Omit<JoinGroupRequest, 'api'>>): Step[] {
  return [
    send(`first${i}`, joinGroup({ clientId: `c${i}`, ...fields })),
    expect(`first${i}`, { errorCode: 79, memberId: `$m${i}` }),
    send(`join${i}`, joinGroup({ clientId: `c${i}`, memberId: `$m${i}`, ...fields })),
  ];
}

/**
 * Heartbeats of members `m<i>` at generation `gen`, labelled `hb<i>@<tag>`, that keep their
 * session timers running (TM-03); their answers (0 or 27) are not what the scenario checks.
 */
export function heartbeats(tag: string, gen: number, ...members: number[]): Step[] {
  return members.map((i) => send(`hb${i}@${tag}`, heartbeat({ memberId: `$m${i}`, generationId: gen })));
}

/**
 * Heartbeats of `members` every half session from now on, the last at least two margins before
 * `untilMs`, so that their sessions outlast `untilMs` by more than a margin: the members survive
 * a long join or sync phase without rejoining or syncing.
 *
 * @remarks
 * Half a session (at least four margins, since real-time sessions are at least eight) leaves
 * room for the time the setups let pass after arming the sessions ({@link sessionsArmedMs}).
 * A heartbeat sent at a session deadline would come too late: the timer fires first (TM-02).
 */
export function keepAlive(t: Timeline, gen: number, members: readonly number[], untilMs: number): Step[] {
  const every = Math.floor(t.env.sessionMs / 2);
  const steps: Step[] = [];
  while (t.nowMs + every <= untilMs - 2 * t.env.marginMs) {
    steps.push(t.by(every), ...heartbeats(String(t.nowMs), gen, ...members));
  }
  return steps;
}

/** The records the Stable setups write: creation (generation 0) and the leader's SyncGroup (generation 1). */
export const STABLE_RECORDS = [{ generation: 0 }, { generation: 1, leader: '$m1', protocol: 'range' }];

/** The record of a join completion without members (TM-09) at time `at`. */
export function emptyRecord(generation: number, at: number): object {
  return { generation, protocolType: 'consumer', protocol: null, leader: null, currentStateTimestamp: at, members: [] };
}

/**
 * The JoinGroup `label` of member `m<i>`, just sent to an Empty group at generation `gen`, has
 * started an initial rebalance (GS-05, TM-10): the group waits in PreparingRebalance with that
 * member alone, or, with a delay of 0, has completed it at once (TM-12).
 *
 * @remarks
 * In real time, a delay shorter than two margins may end before the check looks, so the
 * scenario then waits for the completion instead.
 */
export function startsInitialRebalance(env: ScenarioEnv, label: string, i: number, gen: number): Step[] {
  const completed = [
    expect(label, { errorCode: 0, generationId: gen + 1, leader: `$m${i}`, memberId: `$m${i}` }),
    expectGroup('g', { state: 'CompletingRebalance', generationId: gen + 1, leader: `$m${i}`, members: [`$m${i}`] }),
  ];
  if (env.delayMs === 0) return completed;
  if (env.delayMs >= 2 * env.marginMs) return [expectPending(label), expectGroup('g', { state: 'PreparingRebalance', generationId: gen, leader: `$m${i}`, members: [`$m${i}`] })];
  return [advance(env.delayMs + env.marginMs), ...completed];
}

/**
 * The `needs` of a scenario that watches an initial rebalance's delay: the delay must be long
 * enough to hold `margins` margins, or there is no delay to watch (a delay of 0 completes the
 * initial join phase right after the JoinGroup that started it, TM-12).
 */
export function needsDelay(margins: number): (env: ScenarioEnv) => string | undefined {
  return (env) => {
    const least = margins * env.marginMs;
    if (env.delayMs >= least) return undefined;
    return `watches the initial rebalance delay, so needs group.initial.rebalance.delay.ms of at least ${least} ms (${margins} margins); the target has ${env.delayMs}`;
  };
}
