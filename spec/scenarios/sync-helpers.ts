/**
 * Helpers shared by the SyncGroup, Heartbeat and DescribeGroups scenarios: request builders for
 * the members of the setups, the SyncGroup error shape, the records the setups write, forming a
 * group from members with their own JoinGroup fields, and keep-alive heartbeats, all timed from
 * the broker's environment ({@link ScenarioEnv}).
 *
 * @remarks
 * Timing conventions of these scenarios: a setup of `setup.ts` ends with every session timer of
 * its members armed at most {@link ScenarioEnv.settleMs} before its last step (exactly at it in
 * virtual time). A check that a deadline has not passed sits one {@link ScenarioEnv.marginMs}
 * before it, a check that it has passed one margin after it.
 */
import type { ScenarioEnv, Step } from '../../src/conformance/scenario.js';
import { advance, expect, heartbeat, joinGroup, send, shiftGenerations, syncGroup } from '../../src/conformance/scenario.js';
import { assignmentOf, formsAtOnce, initialJoinMs } from './setup.js';

/** The SyncGroup error shape (SG-05): the code, no protocol type or name, empty assignment. */
export function syncError(errorCode: number): Record<string, unknown> {
  return { errorCode, protocolType: null, protocolName: null, assignment: new Uint8Array(0) };
}

/** A SyncGroup of member `m<i>` (client `c<i>`) for generation `gen`. */
export function syncOf(i: number, gen: number, fields: Parameters<typeof syncGroup>[0] = {}): ReturnType<typeof syncGroup> {
  return syncGroup({ clientId: `c${i}`, memberId: `$m${i}`, generationId: gen, ...fields });
}

/** The leader m1's SyncGroup for generation `gen` giving m1 .. m<n> {@link assignmentOf}(i, gen). */
export function leaderSync(gen: number, n = 2, fields: Parameters<typeof syncGroup>[0] = {}): ReturnType<typeof syncGroup> {
  const assignments = Array.from({ length: n }, (_, k) => ({ memberId: `$m${k + 1}`, assignment: assignmentOf(k + 1, gen) }));
  return syncOf(1, gen, { assignments, ...fields });
}

/**
 * The GroupMetadata records of `stableGroup(env, 2)` formed at once: creation, then the leader's
 * SyncGroup (a group formed one member at a time is shifted, and the runner skips the check).
 */
export const STABLE_RECORDS = [
  { generation: 0, protocolType: '', protocol: null, leader: null, members: [] },
  { generation: 1, protocolType: 'consumer', protocol: 'range', leader: '$m1', members: [{ memberId: '$m1', assignment: assignmentOf(1, 1) }, { memberId: '$m2', assignment: assignmentOf(2, 1) }] },
];

/** The GroupMetadata records of `emptiedGroup(env)`: {@link STABLE_RECORDS}, then the record of the emptied group. */
export const EMPTIED_RECORDS = [...STABLE_RECORDS, { generation: 2, protocolType: 'consumer', protocol: null, leader: null, members: [] }];

/** A Heartbeat (v4 by default) of member `m<i>` (client `c<i>`) for generation `gen`. */
export function heartbeatOf(i: number, gen: number, fields: Parameters<typeof heartbeat>[0] = {}): ReturnType<typeof heartbeat> {
  return heartbeat({ clientId: `c${i}`, memberId: `$m${i}`, generationId: gen, ...fields });
}

/**
 * How often the scenarios' members heartbeat: half a session, so that a heartbeat one interval
 * after a setup ends comes well before the setup's session deadlines (a session is at least
 * eight margins in real time).
 */
export function heartbeatIntervalMs(env: ScenarioEnv): number {
  return Math.floor(env.sessionMs / 2);
}

/**
 * Lets `totalMs` pass in equal rounds of at most {@link heartbeatIntervalMs}; after each round,
 * members `who` heartbeat generation `gen` and get NONE. The last heartbeats are sent exactly
 * `totalMs` after the first step, so their sessions end a session later.
 */
export function keepAlive(env: ScenarioEnv, totalMs: number, gen: number, who: readonly number[]): Step[] {
  const rounds = Math.max(1, Math.ceil(totalMs / heartbeatIntervalMs(env)));
  const steps: Step[] = [];
  let elapsed = 0;
  for (let r = 1; r <= rounds; r++) {
    const next = Math.round((totalMs * r) / rounds);
    steps.push(advance(next - elapsed));
    elapsed = next;
    for (const i of who) steps.push(send(`ka${r}m${i}`, heartbeatOf(i, gen)));
    for (const i of who) steps.push(expect(`ka${r}m${i}`, { errorCode: 0 }));
  }
  return steps;
}

/** JoinGroup fields of one member of {@link formGroup} (group id and member id are set by it). */
export type JoinFields = Omit<NonNullable<Parameters<typeof joinGroup>[0]>, 'groupId' | 'memberId'>;

/** Member `m<i>`'s first JoinGroup: a static member (with an instance id) is added at once (KIP-345), a dynamic one gets MEMBER_ID_REQUIRED. */
function firstJoin(i: number, fields: JoinFields, group: string, label: string): Step[] {
  if (fields.groupInstanceId != null) return [send(label, joinGroup({ ...fields, groupId: group }))];
  return [
    send(`first${i}`, joinGroup({ ...fields, groupId: group })),
    expect(`first${i}`, { errorCode: 79, memberId: `$m${i}` }),
    send(label, joinGroup({ ...fields, groupId: group, memberId: `$m${i}` })),
  ];
}

/**
 * Members m1 .. m<n>, each with its own JoinGroup fields, join group `group` and end in
 * CompletingRebalance at generation 1 (as the scenario's text reads it), `$m1` leading, none
 * synced; their last JoinGroups are labelled `join<i>` and a static member's id is bound to
 * `$m<i>` by its answer.
 *
 * @remarks
 * Like the setups of `setup.ts`: where the initial delay lets them ({@link formsAtOnce}) they
 * join at once, and the join phase ends {@link initialJoinMs} after the first join (with the
 * first member's rebalance timeout the environment's). Otherwise they join one at a time, each
 * join a rebalance the earlier members rejoin, and the generations are shifted back to 1.
 */
export function formGroup(env: ScenarioEnv, members: readonly JoinFields[], group = 'g'): Step[] {
  const n = members.length;
  const steps: Step[] = [];
  // The first `count` members' joins are answered at generation `gen`, led by m1.
  const done = (gen: number, count: number, label: (i: number) => string): Step[] =>
    Array.from({ length: count }, (_, k) => expect(label(k + 1), { errorCode: 0, generationId: gen, leader: '$m1', memberId: `$m${k + 1}` }));
  if (formsAtOnce(env)) {
    members.forEach((fields, k) => steps.push(...firstJoin(k + 1, fields, group, `join${k + 1}`)));
    steps.push(advance(initialJoinMs(env, n) + env.settleMs));
    return [...steps, ...done(1, n, (i) => `join${i}`)];
  }
  for (let gen = 1; gen <= n; gen++) {
    const label = (i: number): string => (i === gen || gen === n ? `join${i}` : `form-rejoin${i}@${gen}`);
    steps.push(...firstJoin(gen, members[gen - 1]!, group, label(gen)));
    // Only the first join phase is an initial one; in real time a delay shorter than a margin still passes.
    if (gen === 1 && env.delayMs > 0) steps.push(advance(env.delayMs));
    for (let i = 1; i < gen; i++) steps.push(send(label(i), joinGroup({ ...members[i - 1]!, groupId: group, memberId: `$m${i}` })));
    steps.push(...done(gen, gen, label));
  }
  if (n > 1) steps.push(shiftGenerations(group, n - 1));
  return steps;
}
