/**
 * Setups for the static-membership, `group.max.size` and offset scenarios: groups made of
 * static members (instance `i<k>`) and dynamic members with any JoinGroup fields, formed for
 * any broker's configs ({@link ScenarioEnv}) like the setups of setup.ts.
 *
 * @remarks
 * Where the initial rebalance delay lets every member join at once ({@link formsAtOnce}), they
 * do, and the join phase ends at generation 1 after {@link initialPhaseMs}. With a delay of 0
 * members join one at a time, each join a rebalance the earlier members rejoin, and the setup
 * ends with a generation shift so that the scenario's text still reads generation 1.
 *
 * Variables they bind: `$m1`, `$m2`, ... member ids in join order; `$m1` leads.
 * @see spec/static-membership.md
 */
import type { ScenarioEnv, Step } from '../../src/conformance/scenario.js';
import { advance, expect, joinGroup, send, shiftGenerations, syncGroup } from '../../src/conformance/scenario.js';
import type { GroupRequest } from '../../src/protocol/messages/index.js';
import { assignmentOf, formsAtOnce, initialJoinMs } from './setup.js';

/** Optional JoinGroup fields of the builders. */
export type JoinFields = Parameters<typeof joinGroup>[0];

/** A JoinGroup (v9 unless given) of static member `k`: client `c<k>`, instance `i<k>`, MemberId `""` unless given. */
export function staticJoin(k: number, fields: JoinFields = {}): GroupRequest {
  return joinGroup({ clientId: `c${k}`, groupInstanceId: `i${k}`, ...fields });
}

/** One member of a setup: static (joins with instance `i<k>`, added at once, ST-02) or dynamic (two-step join, JG-08). */
export interface MemberSpec {
  readonly static: boolean;
  /** JoinGroup fields of every join this member sends in the setup. */
  readonly fields?: JoinFields;
}

/** Options of {@link formGroup}. */
export interface FormOptions {
  /** The group id; `g` by default. */
  readonly group?: string;
  /** Whether every member syncs, ending Stable (default), or the setup ends in CompletingRebalance. */
  readonly sync?: boolean;
  /** The protocol type of the SyncGroups (must be the members'); `consumer` by default. */
  readonly protocolType?: string;
}

/**
 * How long the initial join phase lasts when `n` members join at once and the first one asks for
 * rebalance timeout `rebalanceMs`: the delay, extended once by at most the delay when more
 * than one member joined during it (TM-10, TM-11).
 */
export function initialPhaseMs(env: ScenarioEnv, n: number, rebalanceMs = env.rebalanceMs): number {
  return initialJoinMs({ ...env, rebalanceMs }, n);
}

/** Member specs from letters: `s` static, `d` dynamic, each with the same fields. */
export function kindsOf(kinds: string, fields: JoinFields = {}): MemberSpec[] {
  return [...kinds].map((c) => ({ static: c === 's', fields }));
}

function fieldsOf(spec: MemberSpec, k: number, group: string): JoinFields {
  return { groupId: group, clientId: `c${k}`, ...(spec.static ? { groupInstanceId: `i${k}` } : {}), ...spec.fields };
}

/** The first join of member `k`; its (second, for a dynamic member) JoinGroup is labelled `label`. */
function firstJoin(spec: MemberSpec, k: number, group: string, label: string): Step[] {
  const fields = fieldsOf(spec, k, group);
  if (spec.static) return [send(label, joinGroup(fields))];
  return [
    send(`first${k}`, joinGroup(fields)),
    expect(`first${k}`, { errorCode: 79, memberId: `$m${k}` }),
    send(label, joinGroup({ ...fields, memberId: `$m${k}` })),
  ];
}

/** The syncs of generation `gen` by members 1..n (m1 leads), each answered its assignment. */
function syncRound(members: readonly MemberSpec[], n: number, gen: number, group: string, protocolType: string, label: (k: number) => string): Step[] {
  const steps: Step[] = [];
  const sync = (k: number): Parameters<typeof syncGroup>[0] => ({ groupId: group, generationId: gen, memberId: `$m${k}`, protocolType, groupInstanceId: members[k - 1]!.static ? `i${k}` : null });
  const assignments = Array.from({ length: n }, (_, i) => ({ memberId: `$m${i + 1}`, assignment: assignmentOf(i + 1, 1) }));
  steps.push(send(label(1), syncGroup({ ...sync(1), assignments })));
  for (let k = 2; k <= n; k++) steps.push(send(label(k), syncGroup(sync(k))));
  for (let k = 1; k <= n; k++) steps.push(expect(label(k), { errorCode: 0, assignment: assignmentOf(k, 1) }));
  return steps;
}

/** Members join one at a time (an initial delay too short for all at once); see {@link formGroup}. */
function formOneByOne(env: ScenarioEnv, members: readonly MemberSpec[], group: string, sync: boolean, protocolType: string): Step[] {
  const n = members.length;
  const steps: Step[] = [];
  for (let gen = 1; gen <= n; gen++) {
    const last = gen === n;
    const label = (k: number): string => (k === gen || last ? `join${k}` : `setup-rejoin${k}@${gen}`);
    steps.push(...firstJoin(members[gen - 1]!, gen, group, label(gen)));
    // The first join starts an initial rebalance, which waits out the delay (0 in virtual time
    // here; in real time it may be shorter than a margin but not 0).
    if (gen === 1 && env.delayMs > 0) steps.push(advance(env.delayMs));
    for (let k = 1; k < gen; k++) steps.push(send(label(k), joinGroup({ ...fieldsOf(members[k - 1]!, k, group), memberId: `$m${k}` })));
    for (let k = 1; k <= gen; k++) steps.push(expect(label(k), { errorCode: 0, generationId: gen, leader: '$m1', memberId: `$m${k}` }));
    if (!last || sync) steps.push(...syncRound(members, gen, gen, group, protocolType, (k) => (last ? `sync${k}` : `setup-sync${k}@${gen}`)));
  }
  if (n > 1) steps.push(shiftGenerations(group, n - 1));
  return steps;
}

/**
 * A new group made of `members` at generation 1 led by `$m1`: Stable with every member synced
 * (member k holds {@link assignmentOf}(k, 1)), or, with `sync: false`, CompletingRebalance with
 * no SyncGroup sent. The JoinGroup of member k is labelled `join<k>`, its SyncGroup `sync<k>`.
 * Every member's session timer was just re-armed.
 */
export function formGroup(env: ScenarioEnv, members: readonly MemberSpec[], opts: FormOptions = {}): Step[] {
  const group = opts.group ?? 'g';
  const sync = opts.sync ?? true;
  const protocolType = opts.protocolType ?? 'consumer';
  const n = members.length;
  if (!formsAtOnce(env)) return formOneByOne(env, members, group, sync, protocolType);
  const steps: Step[] = [];
  members.forEach((spec, i) => steps.push(...firstJoin(spec, i + 1, group, `join${i + 1}`)));
  const rebalanceMs = members[0]?.fields?.rebalanceTimeoutMs ?? env.rebalanceMs;
  steps.push(advance(initialPhaseMs(env, n, rebalanceMs) + env.settleMs));
  for (let k = 1; k <= n; k++) steps.push(expect(`join${k}`, { errorCode: 0, generationId: 1, leader: '$m1', memberId: `$m${k}` }));
  if (sync) steps.push(...syncRound(members, n, 1, group, protocolType, (k) => `sync${k}`));
  return steps;
}

/**
 * The join phase of a new group `g` whose members are described by `kinds`, one letter per
 * member: `s` a static member (instance `i<k>`, added at once, ST-02), `d` a dynamic one
 * (two-step join, JG-08). It ends in CompletingRebalance at generation 1 led by `$m1`; the
 * JoinGroup of member `k` is labelled `join<k>`.
 */
export function joinedWith(env: ScenarioEnv, kinds: string, fields: JoinFields = {}): Step[] {
  return formGroup(env, kindsOf(kinds, fields), { sync: false });
}

/**
 * A Stable group `g` at generation 1 made of `kinds` (see {@link joinedWith}); member `k` holds
 * {@link assignmentOf}(k, 1). Every member synced, so the pending-sync set is empty and the
 * sync timer cancelled. Records written (when the members join at once): creation (generation
 * 0) and the leader's SyncGroup (generation 1).
 */
export function stableWith(env: ScenarioEnv, kinds: string, fields: JoinFields = {}): Step[] {
  return formGroup(env, kindsOf(kinds, fields));
}

/** When the group of {@link stableWith} became Stable (its state timestamp), where members join at once in virtual time. */
export function stableAtMs(env: ScenarioEnv, n: number, rebalanceMs = env.rebalanceMs): number {
  return initialPhaseMs(env, n, rebalanceMs) + env.settleMs;
}

/** The two GroupMetadata records {@link stableWith} writes. */
export const STABLE_RECORDS: readonly object[] = [
  { generation: 0, protocolType: '', protocol: null, leader: null, members: [] },
  { generation: 1, protocolType: 'consumer', protocol: 'range', leader: '$m1' },
];

/** `ms` within the broker's session bounds (`group.min.session.timeout.ms`, `group.max.session.timeout.ms`). */
export function sessionWithin(env: ScenarioEnv, ms: number): number {
  const min = env.configs['group.min.session.timeout.ms']!;
  const max = env.configs['group.max.session.timeout.ms']!;
  return Math.min(max, Math.max(min, ms));
}

/**
 * How long the members' sessions still run when a setup of this file or setup.ts ends: their
 * timers were re-armed when the join phase completed, and the setup then waited
 * {@link ScenarioEnv.settleMs} for the answers.
 */
export function sessionLeftMs(env: ScenarioEnv): number {
  return env.sessionMs - env.settleMs;
}

/**
 * A scenario's `needs` for a group that reaches `n` members, counting a replacement of a
 * static member in a Stable or CompletingRebalance group as one more (ST-15 counts its
 * MemberId `""` as a new member): why the broker's `group.max.size` cannot hold it, or
 * undefined.
 */
export function needsGroupOf(n: number): (env: ScenarioEnv) => string | undefined {
  return (env) => {
    const max = env.configs['group.max.size']!;
    return max >= n ? undefined : `needs a group of ${n} members (a static member replacing itself counts as one more, ST-15); group.max.size is ${max}`;
  };
}
