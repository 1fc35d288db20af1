/**
 * Normative scenarios: the join timer of a non-initial rebalance, and the initial rebalance
 * delay (KIP-134: TM-11's worked examples and the TM-12 bound).
 *
 * @remarks
 * The join timer runs for the group rebalance timeout, {@link ScenarioEnv.rebalanceMs} with the
 * scenarios' default JoinGroup; members that must outlive it without rejoining heartbeat every
 * half session ({@link keepAlive}). The initial-delay scenarios are TM-11's table in units of the
 * broker's delay D (Kafka's default 3000 ms gives the table's own numbers): they need a delay
 * long enough to place joins and checks a margin apart inside it ({@link needsDelay}), and are
 * skipped with why on a broker whose delay is 0, where there is no delay to watch.
 * @see spec/timers.md
 */
import type { Scenario, ScenarioEnv, Step } from '../../src/conformance/scenario.js';
import { bytes, expect, expectDurable, expectGroup, expectPending, heartbeat, joinGroup, leaveGroup, send } from '../../src/conformance/scenario.js';
import { pendingMember } from './leave-group.js';
import { joinNew, stableGroup } from './setup.js';
import { afterSetup, emptyRecord, heartbeats, joinWith, keepAlive, needsDelay, STABLE_RECORDS, Timeline } from './timer-helpers.js';

const nonInitialScenarios: Scenario[] = [
  {
    name: 'Timers: PreparingRebalance, the join timer fires at its deadline -> members that did not rejoin are removed; later joins do not move it',
    rules: ['TM-02', 'TM-03', 'TM-05', 'TM-06', 'TM-07', 'TM-08', 'GS-06', 'REC-04'],
    steps: (env) => {
      const t = afterSetup(env, 3);
      // The leader's rejoin at the setup's end starts the rebalance: the join timer is due a rebalance timeout later.
      const due = t.nowMs + env.rebalanceMs;
      return [
        ...stableGroup(env, 3),
        send('rejoin1', joinGroup({ clientId: 'c1', memberId: '$m1' })),
        t.by(Math.floor(env.sessionMs / 2)),
        ...heartbeats('first', 1, 3),
        // A later join with a longer rebalance timeout does not move the deadline.
        send('rejoin2', joinGroup({ clientId: 'c2', memberId: '$m2', rebalanceTimeoutMs: 2 * env.rebalanceMs })),
        ...keepAlive(t, 1, [3], due),
        t.before(due),
        send('hb3', heartbeat({ memberId: '$m3', generationId: 1 })),
        expect('hb3', { errorCode: 27 }),
        expectPending('rejoin1'),
        expectPending('rejoin2'),
        t.after(due),
        expect('rejoin1', { errorCode: 0, generationId: 2, leader: '$m1', members: [{ memberId: '$m1' }, { memberId: '$m2' }] }),
        expect('rejoin2', { errorCode: 0, generationId: 2, leader: '$m1', members: [] }),
        expectGroup('g', { state: 'CompletingRebalance', generationId: 2, leader: '$m1', members: ['$m1', '$m2'] }),
        send('hb3b', heartbeat({ memberId: '$m3', generationId: 1 })),
        expect('hb3b', { errorCode: 25 }),
        expectDurable('g', STABLE_RECORDS),
      ];
    },
  },
  {
    name: 'Timers: PreparingRebalance, the join timer fires and the leader has not rejoined -> the first rejoined member in join order leads',
    rules: ['TM-06', 'TM-07', 'GS-11'],
    steps: (env) => {
      const t = afterSetup(env, 3);
      const due = t.nowMs + env.rebalanceMs;
      return [
        ...stableGroup(env, 3),
        // m3 rejoins first, with changed metadata, which starts the rebalance (JG-15); then m2.
        send('rejoin3', joinGroup({ clientId: 'c3', memberId: '$m3', protocols: [{ name: 'range', metadata: bytes('range:v2') }] })),
        send('rejoin2', joinGroup({ clientId: 'c2', memberId: '$m2' })),
        expectGroup('g', { state: 'PreparingRebalance', generationId: 1, leader: '$m1' }),
        ...keepAlive(t, 1, [1], due),
        t.before(due),
        expectPending('rejoin2'),
        t.after(due),
        expect('rejoin2', { errorCode: 0, generationId: 2, leader: '$m2', members: [{ memberId: '$m2' }, { memberId: '$m3' }] }),
        expect('rejoin3', { errorCode: 0, generationId: 2, leader: '$m2', members: [] }),
        expectGroup('g', { state: 'CompletingRebalance', generationId: 2, leader: '$m2', members: ['$m2', '$m3'] }),
      ];
    },
  },
  {
    name: 'Timers: PreparingRebalance, the join timer fires and nobody rejoined -> every member removed, Empty with a record',
    watchesEmpty: true,
    rules: ['TM-02', 'TM-06', 'TM-07', 'TM-09', 'GS-04', 'GS-06', 'GS-10', 'REC-04'],
    steps: (env) => {
      const t = afterSetup(env, 2);
      const due = t.nowMs + env.rebalanceMs;
      return [
        ...stableGroup(env, 2),
        // A pending member's leave starts a rebalance that nobody has joined (LG-07).
        ...pendingMember(3),
        send('lv', leaveGroup(['$m3'])),
        expect('lv', { errorCode: 0 }),
        ...keepAlive(t, 1, [1, 2], due),
        t.before(due),
        expectGroup('g', { state: 'PreparingRebalance', generationId: 1, leader: '$m1', members: ['$m1', '$m2'] }),
        t.after(due),
        expectGroup('g', { state: 'Empty', generationId: 2, protocolType: 'consumer', protocolName: null, leader: null, members: [] }),
        expectDurable('g', [...STABLE_RECORDS, emptyRecord(2, due)]),
        send('hb1', heartbeat({ memberId: '$m1', generationId: 1 })),
        expect('hb1', { errorCode: 25 }),
      ];
    },
  },
];

/** The JoinGroup answers of an initial join phase that completes with members m1 .. m<n>, m1 leading. */
function initialJoinAnswered(n: number): Step[] {
  const members = Array.from({ length: n }, (_, k) => ({ memberId: `$m${k + 1}` }));
  const steps = [expect('join1', { errorCode: 0, generationId: 1, leader: '$m1', members })];
  for (let i = 2; i <= n; i++) steps.push(expect(`join${i}`, { errorCode: 0, generationId: 1, leader: '$m1' }));
  return steps;
}

/**
 * Every initial-delay example places joins a third of the delay from an expiry and checks a
 * margin either side of one: the delay must hold a few margins.
 */
const WATCHES_DELAY = needsDelay(4);

const initialDelayScenarios: Scenario[] = [
  {
    name: 'Timers: initial rebalance, first rebalance timeout D/6 (R = 0), B joins at D/3 -> completes at D',
    rules: ['TM-02', 'TM-10', 'TM-11', 'TM-12'],
    needs: WATCHES_DELAY,
    steps: (env) => {
      const d = env.delayMs;
      const t = new Timeline(env, 0);
      return [
        ...joinWith(1, { rebalanceTimeoutMs: Math.max(1, Math.round(d / 6)) }),
        t.at(Math.round(d / 3)),
        ...joinNew(2),
        t.before(d),
        expectPending('join1'),
        expectPending('join2'),
        t.after(d),
        ...initialJoinAnswered(2),
      ];
    },
  },
  {
    name: 'Timers: initial rebalance, first rebalance timeout 3D (R = 2D), B joins just before D -> extended once, completes at 2D',
    rules: ['TM-02', 'TM-10', 'TM-11'],
    needs: WATCHES_DELAY,
    steps: (env) => {
      const d = env.delayMs;
      const t = new Timeline(env, 0);
      return [
        ...joinWith(1, { rebalanceTimeoutMs: 3 * d }),
        t.before(d),
        ...joinNew(2),
        t.after(d),
        expectPending('join1'),
        t.before(2 * d),
        expectPending('join1'),
        expectPending('join2'),
        t.after(2 * d),
        ...initialJoinAnswered(2),
      ];
    },
  },
  {
    name: 'Timers: initial rebalance, first rebalance timeout 2D (R = D), A and B at 0, C just after D -> completes at 2D although C was added',
    rules: ['TM-02', 'TM-10', 'TM-11', 'TM-12'],
    needs: WATCHES_DELAY,
    steps: (env) => {
      const d = env.delayMs;
      const t = new Timeline(env, 0);
      return [
        ...joinWith(1, { rebalanceTimeoutMs: 2 * d }),
        ...joinNew(2),
        t.after(d),
        expectPending('join1'),
        ...joinNew(3),
        t.before(2 * d),
        expectPending('join1'),
        expectPending('join3'),
        t.after(2 * d),
        ...initialJoinAnswered(3),
      ];
    },
  },
  {
    name: 'Timers: initial rebalance, a new member before every expiry -> completes at max(delay, rebalance timeout) = 3D',
    rules: ['TM-02', 'TM-11', 'TM-12'],
    needs: WATCHES_DELAY,
    steps: (env) => {
      const d = env.delayMs;
      const t = new Timeline(env, 0);
      return [
        ...joinWith(1, { rebalanceTimeoutMs: 3 * d }),
        t.at(Math.round((2 * d) / 3)),
        ...joinNew(2),
        t.at(Math.round((5 * d) / 3)),
        ...joinNew(3),
        t.at(Math.round((8 * d) / 3)),
        ...joinNew(4),
        t.before(3 * d),
        expectPending('join1'),
        expectGroup('g', { state: 'PreparingRebalance', generationId: 0 }),
        t.after(3 * d),
        ...initialJoinAnswered(4),
      ];
    },
  },
  {
    name: 'Timers: initial rebalance of a lone member -> the join phase completes when the delay ends, right after the JoinGroup when the delay is 0',
    rules: ['TM-02', 'TM-10', 'TM-12'],
    // In process the broker takes a delay of 0, the case TM-12 singles out; a broker with fixed
    // configs runs it with its own delay, whatever it is.
    config: { 'group.initial.rebalance.delay.ms': 0 },
    needs: () => undefined,
    steps: (env) => [...joinNew(1), ...loneJoinCompletes(env)],
  },
];

/** A lone member's initial join phase ends when the delay does: at once with a delay of 0 (TM-12). */
function loneJoinCompletes(env: ScenarioEnv): Step[] {
  const d = env.delayMs;
  const t = new Timeline(env, 0);
  const completed = [
    expect('join1', { errorCode: 0, generationId: 1, leader: '$m1', memberId: '$m1', members: [{ memberId: '$m1' }] }),
    expectGroup('g', { state: 'CompletingRebalance', generationId: 1, leader: '$m1', members: ['$m1'] }),
  ];
  if (d === 0) return completed;
  // In real time, a delay shorter than two margins may end before a check could look.
  if (d < 2 * env.marginMs) return [t.after(d), ...completed];
  return [
    expectPending('join1'),
    t.before(d),
    expectPending('join1'),
    expectGroup('g', { state: 'PreparingRebalance', generationId: 0, leader: '$m1', members: ['$m1'] }),
    t.after(d),
    ...completed,
  ];
}

/** The join timer of a non-initial rebalance and the initial rebalance delay. */
export const joinTimerScenarios: Scenario[] = [...nonInitialScenarios, ...initialDelayScenarios];
