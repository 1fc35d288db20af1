/**
 * Patterns and step sequences shared by the JoinGroup scenarios (`join-group*.ts`), for any
 * broker's configs ({@link ScenarioEnv}).
 *
 * @remarks
 * {@link joinTogether} and {@link completeTogether} form a fresh group from members that each
 * send their own JoinGroup (versions, protocols, timeouts), as the shared setups of `setup.ts`
 * do for default members: all in one initial join phase where the initial rebalance delay
 * allows it, otherwise one at a time with a generation shift, so that the scenario's text reads
 * generation 1 either way. {@link across} lets a deadline pass with a check one margin before it.
 * @see spec/join-group.md, spec/timers.md (TM-10 to TM-12)
 */
import type { Pattern, ScenarioEnv, Step } from '../../src/conformance/scenario.js';
import { advance, bytes, expect, expectGroup, expectPending, joinGroup, oneOf, send, shiftGenerations } from '../../src/conformance/scenario.js';
import { formsAtOnce } from './setup.js';

/** The whole error response of JG-03 at v7+ (v9 here): only the code and member id vary. */
export function joinError(errorCode: number, memberId: string): Pattern {
  return { errorCode, memberId, generationId: -1, leader: '', protocolName: null, protocolType: null, skipAssignment: false, members: [] };
}

/** An entry of the leader's member list (JG-03): member `$m<i>` with its metadata for `proto`. */
export function entry(i: number, proto = 'range', metadata = `${proto}:meta`): Pattern {
  return { memberId: `$m${i}`, groupInstanceId: null, metadata: bytes(metadata) };
}

/** The leader's member list compared as a set (GS-13: Kafka lists members in HashMap order). */
export function anyOrder(items: readonly Pattern[]): Pattern {
  const perms = (xs: readonly Pattern[]): Pattern[][] =>
    xs.length <= 1 ? [[...xs]] : xs.flatMap((x, i) => perms([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]));
  return oneOf(...perms(items));
}

/** The generation-0 record of JG-05 written when a JoinGroup created the group at `nowMs`. */
export function creationRecord(nowMs: number): Pattern {
  return { protocolType: '', generation: 0, protocol: null, leader: null, currentStateTimestamp: nowMs, members: [] };
}

/** `group.min.session.timeout.ms` of the environment. */
export function minSessionMs(env: ScenarioEnv): number {
  return env.configs['group.min.session.timeout.ms']!;
}

/** `group.max.session.timeout.ms` of the environment. */
export function maxSessionMs(env: ScenarioEnv): number {
  return env.configs['group.max.session.timeout.ms']!;
}

/**
 * A session timeout other than {@link ScenarioEnv.sessionMs} within the broker's bounds (twice
 * it where allowed), for scenarios that check which of two timeouts a member keeps.
 */
export function otherSessionMs(env: ScenarioEnv): number {
  const doubled = Math.min(2 * env.sessionMs, maxSessionMs(env));
  return doubled !== env.sessionMs ? doubled : Math.max(minSessionMs(env), env.sessionMs - 1);
}

/** Half the environment's session timeout: a time within every session armed now, at least four margins (S >= 8 margins). */
export function halfSessionMs(env: ScenarioEnv): number {
  return Math.floor(env.sessionMs / 2);
}

/** A rebalance timeout other than {@link ScenarioEnv.rebalanceMs} (half as long again). */
export function otherRebalanceMs(env: ScenarioEnv): number {
  return Math.floor((3 * env.rebalanceMs) / 2);
}

/**
 * Lets a deadline `ms` from now pass: time moves to one margin before it, `before` checks the
 * state there, then time moves to the deadline plus the settle time, where the caller checks the
 * outcome. In virtual time that is 1 ms before and exactly at the deadline (TM-02: a timer fires
 * at its deadline); in real time one margin either side.
 *
 * @param slackMs how much earlier than `ms` the deadline may be: a timer armed while a setup let
 * answers settle ({@link ScenarioEnv.settleMs}) was armed up to that long before the setup ended.
 */
export function across(env: ScenarioEnv, ms: number, before: readonly Step[], slackMs = 0): Step[] {
  return [advance(ms - slackMs - env.marginMs), ...before, advance(slackMs + env.marginMs + env.settleMs)];
}

/**
 * After the JoinGroup (labelled `label`) that starts an initial rebalance of a group with one
 * member: where the delay holds the join phase open ({@link formsAtOnce}), the request is parked
 * and the group in PreparingRebalance as `group` says; with a delay of 0 the join phase ends at
 * once, so the answer is due and the group in CompletingRebalance one generation on.
 */
export function initialRebalance(env: ScenarioEnv, label: string, group: { generationId: number; protocolType?: string; leader: string; members: string[] }): Step[] {
  if (formsAtOnce(env)) return [expectPending(label), expectGroup('g', { state: 'PreparingRebalance', ...group })];
  const next = group.generationId + 1;
  return [expect(label, { errorCode: 0, generationId: next }), expectGroup('g', { ...group, state: 'CompletingRebalance', generationId: next })];
}

/** The fields of one member's JoinGroup (a new dynamic member of group `g` by default). */
export type JoinFields = NonNullable<Parameters<typeof joinGroup>[0]>;

/** Whether a new member of this JoinGroup version first gets a member id (JG-08) or is added at once (JG-09). */
function needsMemberId(fields: JoinFields): boolean {
  return (fields.version ?? 9) >= 4;
}

/** The JoinGroup of member `i` (client `c<i>` unless its fields say otherwise). */
function request(i: number, fields: JoinFields, group: string, memberId?: string): ReturnType<typeof joinGroup> {
  return joinGroup({ clientId: `c${i}`, ...fields, groupId: group, ...(memberId !== undefined ? { memberId } : {}) });
}

/** Member `i` joins as a new member: two-step from v4 (`first<i>` then `join<i>`), at once before. */
function joinNewMember(i: number, fields: JoinFields, group: string): Step[] {
  if (!needsMemberId(fields)) return [send(`join${i}`, request(i, fields, group))];
  return [
    send(`first${i}`, request(i, fields, group)),
    expect(`first${i}`, { errorCode: 79, memberId: `$m${i}` }),
    send(`join${i}`, request(i, fields, group, `$m${i}`)),
  ];
}

/**
 * New members m1..m<n> of a fresh group join, each with its own JoinGroup fields, up to and
 * including the last member's join: the group is then in PreparingRebalance with every member,
 * m1 leading, and {@link completeTogether} ends the join phase.
 *
 * @remarks
 * Where the initial delay lets them ({@link formsAtOnce}), all join the initial join phase.
 * Otherwise each new member's join is a rebalance that the earlier members rejoin with the same
 * request (its answers checked here, generation k for the k-th member); the last round's
 * rejoins are left to {@link completeTogether}. New members of v4+ are labelled `first<i>` and
 * `join<i>`, older ones `join<i>` only; `$m<i>` is bound by the first answer naming the member.
 */
export function joinTogether(env: ScenarioEnv, members: readonly JoinFields[], group = 'g'): Step[] {
  if (formsAtOnce(env)) return members.flatMap((fields, k) => joinNewMember(k + 1, fields, group));
  const steps: Step[] = [];
  members.forEach((fields, k) => {
    const gen = k + 1;
    steps.push(...joinNewMember(gen, fields, group));
    if (gen === members.length) return;
    const label = (i: number): string => (i === gen ? `join${i}` : `form-rejoin${i}@${gen}`);
    for (let i = 1; i < gen; i++) steps.push(send(label(i), request(i, members[i - 1]!, group, `$m${i}`)));
    for (let i = 1; i <= gen; i++) steps.push(expect(label(i), { errorCode: 0, generationId: gen, leader: '$m1', memberId: `$m${i}` }));
  });
  return steps;
}

/**
 * How long the initial join phase of members joining at once lasts when the first one asked for
 * rebalance timeout `firstRebalanceMs`: the delay, extended once when others joined (TM-10, TM-11).
 */
function initialPhaseMs(env: ScenarioEnv, n: number, firstRebalanceMs: number): number {
  const remaining = Math.max(0, firstRebalanceMs - env.delayMs);
  return env.delayMs + (n > 1 ? Math.min(env.delayMs, remaining) : 0);
}

/** The rebalance timeout a member's JoinGroup asks for (VER-01: a v0 member's is its session timeout). */
function rebalanceOf(env: ScenarioEnv, fields: JoinFields): number {
  const session = typeof fields.sessionTimeoutMs === 'number' ? fields.sessionTimeoutMs : env.sessionMs;
  if ((fields.version ?? 9) === 0) return session;
  return typeof fields.rebalanceTimeoutMs === 'number' ? fields.rebalanceTimeoutMs : env.rebalanceMs;
}

/**
 * Ends the join phase {@link joinTogether} left open: every member's JoinGroup `join<i>` is then
 * answered for generation 1 (as the scenario's text reads it), m1 leading; the scenario checks
 * the answers.
 */
export function completeTogether(env: ScenarioEnv, members: readonly JoinFields[], group = 'g'): Step[] {
  const n = members.length;
  if (formsAtOnce(env)) return [advance(initialPhaseMs(env, n, rebalanceOf(env, members[0]!)) + env.settleMs)];
  if (n === 1) return [];
  const steps: Step[] = [];
  for (let i = 1; i < n; i++) steps.push(send(`join${i}`, request(i, members[i - 1]!, group, `$m${i}`)));
  steps.push(shiftGenerations(group, n - 1));
  return steps;
}
