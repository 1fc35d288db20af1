/**
 * Step sequences that bring a group to a known state, shared by the scenarios, for any
 * broker's configs ({@link ScenarioEnv}).
 *
 * @remarks
 * Where the initial rebalance delay lets every member join at once ({@link formsAtOnce}), they
 * do: the delay is extended once (TM-11) and {@link initialJoinMs} ends the join phase at
 * generation 1. Otherwise (a delay of 0) members join one at a time, each join a rebalance that
 * the earlier members rejoin, and the setup ends with {@link shiftGenerations} so that the
 * scenario's text still reads generation 1. Either way the group ends Stable with members in
 * join order, `$m1` leading, the session timers of every member just re-armed.
 *
 * Variables they bind: `$m1`, `$m2` (, `$m3`) member ids in join order; `$m1` leads.
 */
import type { ScenarioEnv, Step } from '../../src/conformance/scenario.js';
import { advance, alignGeneration, bytes, expect, joinGroup, leaveGroup, send, shiftGenerations, syncGroup, withFields } from '../../src/conformance/scenario.js';

/**
 * Whether members sent back to back all make the initial join phase: the delay is not 0 (in
 * real time, at least one margin, so that requests in flight arrive before it ends).
 */
export function formsAtOnce(env: ScenarioEnv): boolean {
  return env.realTime ? env.delayMs >= env.marginMs : env.delayMs > 0;
}

/**
 * How long the initial join phase of `n` members joining at once lasts: the delay, extended
 * once by the delay when more than one member joined during it, within the rebalance timeout
 * (TM-11).
 */
export function initialJoinMs(env: ScenarioEnv, n: number): number {
  const extension = n > 1 ? Math.min(env.delayMs, Math.max(0, env.rebalanceMs - env.delayMs)) : 0;
  return env.delayMs + extension;
}


/**
 * The join of a new dynamic member `m<i>` (client `c<i>`), labelled `join<i>`: in two steps
 * (MEMBER_ID_REQUIRED, then with the id), or in one on a broker that does not ask for the id
 * (`$m<i>` is then bound by the first expectation of `join<i>`'s answer).
 */
export function joinIn(env: ScenarioEnv, i: number, group = 'g'): Step[] {
  return env.memberIdRequired ? joinNew(i, group) : [send(`join${i}`, joinGroup({ groupId: group, clientId: `c${i}` }))];
}

/** Two-step join of a new dynamic member `m<i>` (client `c<i>`); its second JoinGroup is labelled `join<i>`. */
export function joinNew(i: number, group = 'g'): Step[] {
  return [
    send(`first${i}`, joinGroup({ groupId: group, clientId: `c${i}` })),
    expect(`first${i}`, { errorCode: 79, memberId: `$m${i}` }, ['JG-08']),
    send(`join${i}`, joinGroup({ groupId: group, clientId: `c${i}`, memberId: `$m${i}` })),
  ];
}

/** The assignment the leader gives member `m<i>` in generation `gen`. */
export function assignmentOf(i: number, gen: number): Uint8Array {
  return bytes(`m${i}@gen${gen}`);
}

/** The syncs that end a join phase at generation `gen` with members m1 (leader) .. m<n>. */
function syncAll(n: number, gen: number, group: string, labels: (i: number) => string): Step[] {
  const steps: Step[] = [];
  const assignments = Array.from({ length: n }, (_, k) => ({ memberId: `$m${k + 1}`, assignment: assignmentOf(k + 1, 1) }));
  // Followers first: their SyncGroups are parked until the leader's (SG-07), which completes the
  // rebalance and answers them all with their assignments (SG-09). (A follower syncing after the
  // leader is answered at once from the stored assignment, SG-10: the sync scenarios show it.)
  for (let i = 2; i <= n; i++) steps.push(send(labels(i), syncGroup({ groupId: group, generationId: gen, memberId: `$m${i}` })));
  steps.push(send(labels(1), syncGroup({ groupId: group, generationId: gen, memberId: '$m1', assignments })));
  for (let i = 1; i <= n; i++) steps.push(expect(labels(i), { errorCode: 0, assignment: assignmentOf(i, 1) }, i === 1 ? ['SG-09'] : ['SG-07', 'SG-09']));
  return steps;
}

/**
 * Members join one at a time: each new member's join is a rebalance that the earlier members
 * rejoin, so the group reaches generation `n`; then the generations are shifted so the text
 * reads 1. The last round's labels are `join<i>` and `sync<i>`, as in the at-once setup.
 */
function stableOneByOne(env: ScenarioEnv, n: number, group: string): Step[] {
  const steps: Step[] = [];
  for (let gen = 1; gen <= n; gen++) {
    const last = gen === n;
    const label = (i: number): string => (i === gen || last ? `join${i}` : `setup-rejoin${i}@${gen}`);
    // The new member's join starts a rebalance; the first, an initial one, waits out the delay
    // (0 in virtual time here; in real time it may be shorter than a margin but not 0).
    steps.push(...joinIn(env, gen, group));
    if (gen === 1 && env.delayMs > 0) steps.push(advance(env.delayMs));
    // The first join phase's generation is the text's 1 (a broker counting from elsewhere is shifted).
    if (gen === 1) steps.push(alignGeneration(group, 'join1', 1, ['TM-10']));
    // The earlier members rejoin it; when the last has, the join phase completes at generation `gen`.
    for (let i = 1; i < gen; i++) steps.push(send(label(i), joinGroup({ groupId: group, clientId: `c${i}`, memberId: `$m${i}` })));
    for (let i = 1; i <= gen; i++) steps.push(expect(label(i), { errorCode: 0, generationId: gen, leader: '$m1', memberId: `$m${i}` }, ['GS-06']));
    steps.push(...syncAll(gen, gen, group, (i) => (last ? `sync${i}` : `setup-sync${i}@${gen}`)));
  }
  if (n > 1) steps.push(shiftGenerations(group, n - 1));
  return steps;
}

/**
 * A Stable group `g` at generation 1 with members m1 (leader) .. m<n>, each holding
 * {@link assignmentOf}(i, 1).
 */
export function stableGroup(env: ScenarioEnv, n = 2, group = 'g'): Step[] {
  if (!formsAtOnce(env)) return stableOneByOne(env, n, group);
  const steps: Step[] = [];
  for (let i = 1; i <= n; i++) steps.push(...joinIn(env, i, group));
  steps.push(advance(initialJoinMs(env, n) + env.settleMs), alignGeneration(group, 'join1', 1, ['TM-10', 'TM-11']));
  for (let i = 1; i <= n; i++) steps.push(expect(`join${i}`, { errorCode: 0, generationId: 1, leader: '$m1', memberId: `$m${i}` }, ['TM-10', 'TM-11', 'GS-06']));
  steps.push(...syncAll(n, 1, group, (i) => `sync${i}`));
  return steps;
}

/**
 * A group in PreparingRebalance (from Stable, generation 1): m1 (leader) has rejoined (its
 * JoinGroup `rejoin1` is parked), m2 has not. The join timer runs for the rebalance timeout
 * ({@link ScenarioEnv.rebalanceMs} with the default JoinGroup of the scenarios).
 */
export function preparingRebalance(env: ScenarioEnv, group = 'g'): Step[] {
  return [...stableGroup(env, 2, group), send('rejoin1', joinGroup({ groupId: group, clientId: 'c1', memberId: '$m1' }))];
}

/**
 * A group in CompletingRebalance at generation 2: m1 (leader) and m2 both rejoined; neither
 * has sent SyncGroup for generation 2 yet. Their JoinGroup responses are `rejoin1`, `rejoin2`.
 */
export function completingRebalance(env: ScenarioEnv, group = 'g'): Step[] {
  return [
    ...preparingRebalance(env, group),
    send('rejoin2', joinGroup({ groupId: group, clientId: 'c2', memberId: '$m2' })),
    expect('rejoin1', { errorCode: 0, generationId: 2, leader: '$m1' }, ['GS-06']),
    expect('rejoin2', { errorCode: 0, generationId: 2, leader: '$m1' }, ['GS-06']),
  ];
}

/**
 * A group that was Stable with m1 and m2 and is Empty again at generation 2 after both left
 * (their member ids are now unknown to it).
 */
export function emptiedGroup(env: ScenarioEnv, group = 'g'): Step[] {
  return [
    ...stableGroup(env, 2, group),
    send('leaveAll', withFields(leaveGroup(['$m1', '$m2'], { groupId: group }), { clientId: 'admin' })),
    expect('leaveAll', { errorCode: 0 }),
  ];
}
