/**
 * The coordinator's classic group lifecycle as an XState statechart: the oracle that
 * model-based tests compare the broker with.
 *
 * @remarks
 * **The symbolic world.** Members are slots `m1..mN` (N = the member bound, 1 to 5); the last
 * `staticMembers` slots are static (they always send their `group.instance.id`), the others
 * dynamic. A request names its slot and the facts that matter: the member id relative to the
 * slot (`'empty'`, `'own'`, `'other'`), the JoinGroup version (`'v1-3'` joins a new dynamic
 * member at once, `'v5+'` gets `MEMBER_ID_REQUIRED`), whether the protocols are the same,
 * changed or incompatible, and whether the generation is the group's current one.
 *
 * **Abstract time.** There are no `after` or `invoke`: timeouts are events. Every duration is
 * a whole number of units of `unitMs` (default 100000 ms): sessions 2 units, rebalance
 * timeouts 2, the initial delay 1, and Kafka's fixed new-member join timeout of 300000 ms, 3.
 * The context keeps the current time and every armed timer's deadline in units, in firing
 * order (earliest deadline first, ties in the order armed, TM-01), so the model knows exactly
 * which timer the broker fires next. Requests take no time. The model offers a timer event
 * only for the first armed timer; taking it moves time to that timer's deadline. While
 * another timer is due at the current time, only that timer may happen next, no request
 * (TM-02): the broker fires all due timers before its next input. `clock.tick` moves time by
 * one unit when no timer falls due on the way, so that members can heartbeat between two
 * timers. Zero-delay join timers (LG-08, TM-14) are timers like any other, due at once. A
 * static member's replaced id keeps its old session timer in the broker, which fires and does
 * nothing (TM-05); the model drops it.
 *
 * **Driving it.** A test adapter configures the broker with `initialRebalanceDelayMs` of
 * `timingInMs` and sends every JoinGroup with its `sessionTimeoutMs` and `rebalanceTimeoutMs`
 * (v1+; v0 has no rebalance timeout). It sends requests without moving its manual clock; for
 * a timer event it advances the clock to `nextTimerDeadlineMs` (no move when the timer is due
 * at the current time: the broker has fired it already); for `clock.tick` it advances one
 * unit. It compares group state, generation and leader only when no timer is due
 * (`isQuiescent`), since the broker fires every due timer at once and the model one at a time.
 *
 * **What is left out.** `group.max.size` (ST-15, ST-16), protocol selection among several
 * protocols (a `'changed'` JoinGroup never changes the selected protocol, so the first row of
 * ST-08 does not occur), assignments, records, DescribeGroups, request-level checks that need
 * no group state (JG-02, SG-01, SG-04), versions other than the JoinGroup split, OffsetCommit
 * before the group exists and anonymous commits.
 *
 * The semantics live in one pure function, `stepGroup`; each transition below is one
 * of its cases with its target, its rule IDs in `meta.rules` and the predicted outcome.
 * @see spec/group-states.md
 * @see spec/machines/classic-group.md (generated transition table)
 * @packageDocumentation
 */
import { assign, setup } from 'xstate';
import { stepGroup } from './classic-group.model.js';
import { initialGroupContext } from './classic-group.context.js';
import type { ClassicGroupOptions } from './classic-group.context.js';
import type { GroupCase, GroupContext, GroupEvent, GroupStateKey, GroupStep } from './classic-group.types.js';
import { transitionFor } from './transition.js';
import type { TransitionSpec } from './transition.js';

/** What a transition declares: its case, target, rule IDs and predicted outcome. */
/** The transition for one case and target (see machines/transition.ts). */
function t(spec: TransitionSpec<GroupCase, GroupStateKey>) {
  return transitionFor(spec);
}

// One-entry cache: the guards of an event's alternatives and its action all ask for the same step.
let cached: { context: GroupContext; event: GroupEvent; step: GroupStep | null } | undefined;
function cachedStep(context: GroupContext, event: GroupEvent): GroupStep | null {
  if (cached?.context !== context || cached.event !== event) cached = { context, event, step: stepGroup(context, event) };
  return cached.step;
}


/**
 * Builds the group statechart over `options.members` slots.
 *
 * @remarks
 * No input is needed: the context is built here. Drive it with `createActor(machine)` or the
 * pure `initialTransition`/`transition` of `xstate`; read predictions with the helpers of
 * `classic-group.events.ts`.
 */
export function createClassicGroupMachine(options: ClassicGroupOptions) {
  return setup({
    types: {} as { context: GroupContext; events: GroupEvent },
    guards: {
      is: ({ context, event }, params: { case: GroupCase; to: GroupStateKey }) => {
        const step = cachedStep(context, event);
        return step !== null && step.case === params.case && step.state === params.to;
      },
    },
    actions: {
      apply: assign(({ context, event }) => {
        const step = cachedStep(context, event);
        if (step === null) throw new Error(`classic-group: ${event.type} was taken but the model does not offer it`);
        return step.context;
      }),
    },
  }).createMachine({
    id: 'classic-group',
    initial: 'empty',
    context: initialGroupContext(options),
    states: {
      empty: {
        description: EMPTY,
        on: {
          'request.joinGroup': [
            t({ case: 'join.unknownGroup', to: 'empty', rules: ['JG-01', 'JG-04'], outcome: 'UNKNOWN_MEMBER_ID(25); the group id is unknown and no group is created' }),
            t({ case: 'join.incompatible', to: 'empty', rules: ['JG-06', 'GS-03', 'JG-05'], outcome: 'INCONSISTENT_GROUP_PROTOCOL(23); a JoinGroup with MemberId "" creates the group' }),
            t({ case: 'join.memberIdRequired', to: 'empty', rules: ['JG-08', 'GS-03', 'JG-05', 'TM-03'], outcome: 'MEMBER_ID_REQUIRED(79) with a new pending id, its session timer armed' }),
            t({ case: 'join.newMember', to: 'preparingRebalance', rules: ['JG-09', 'JG-12', 'GS-09', 'JG-13', 'GS-05', 'TM-10', 'GS-03', 'JG-05'], outcome: 'parked; the member is added and leads; initial rebalance with the delayed join timer' }),
            t({ case: 'join.pendingMember', to: 'preparingRebalance', rules: ['JG-10', 'JG-12', 'GS-09', 'JG-13', 'GS-05', 'TM-10', 'TM-03'], outcome: 'parked; the pending id becomes a member and leads; initial rebalance' }),
            t({ case: 'join.staticNew', to: 'preparingRebalance', rules: ['ST-02', 'JG-12', 'GS-09', 'JG-13', 'GS-05', 'TM-10', 'GS-03', 'JG-05'], outcome: 'parked; the static member is added and leads; initial rebalance' }),
            t({ case: 'join.unknownMember', to: 'empty', rules: ['JG-11'], outcome: 'UNKNOWN_MEMBER_ID(25)' }),
            t({ case: 'join.unknownInstance', to: 'empty', rules: ['ST-10'], outcome: 'UNKNOWN_MEMBER_ID(25): no member holds the instance id' }),
          ],
          'request.syncGroup': [t({ case: 'sync.groupEmpty', to: 'empty', rules: ['SG-02'], outcome: 'UNKNOWN_MEMBER_ID(25)' })],
          'request.heartbeat': [t({ case: 'heartbeat.groupEmpty', to: 'empty', rules: ['HB-01', 'ST-10'], outcome: 'UNKNOWN_MEMBER_ID(25)' })],
          'request.leaveGroup': [
            t({ case: 'leave.pendingMember', to: 'empty', rules: ['LG-05', 'LG-07'], outcome: 'NONE(0); the pending id is removed, nothing else happens' }),
            t({ case: 'leave.unknownMember', to: 'empty', rules: ['LG-01', 'LG-04'], outcome: 'UNKNOWN_MEMBER_ID(25) for the identity' }),
            t({ case: 'leave.unknownInstance', to: 'empty', rules: ['ST-10', 'ST-12'], outcome: 'UNKNOWN_MEMBER_ID(25) for the identity' }),
          ],
          'request.offsetCommit': [t({ case: 'commit.groupEmpty', to: 'empty', rules: ['OC-07'], outcome: 'UNKNOWN_MEMBER_ID(25)' })],
          'timer.pendingMemberExpired': [t({ case: 'timer.pendingExpired', to: 'empty', rules: ['TM-04'], outcome: 'the pending id is removed' })],
          'clock.tick': [t({ case: 'tick', to: 'empty', rules: ['TM-02'], outcome: 'one unit of time passes; no timer falls due' })],
          'coordinator.unload': [t({ case: 'unload', to: 'dead', rules: ['GS-02'], outcome: 'Dead; timers dropped' })],
        },
      },
      preparingRebalance: {
        description: PREPARING_REBALANCE,
        on: {
          'request.joinGroup': [
            t({ case: 'join.incompatible', to: 'preparingRebalance', rules: ['JG-07'], outcome: 'INCONSISTENT_GROUP_PROTOCOL(23)' }),
            t({ case: 'join.memberIdRequired', to: 'preparingRebalance', rules: ['JG-08', 'TM-03'], outcome: 'MEMBER_ID_REQUIRED(79) with a new pending id' }),
            t({ case: 'join.newMember', to: 'preparingRebalance', rules: ['JG-09', 'JG-12', 'GS-09', 'JG-13', 'TM-11'], outcome: 'parked; the member is added' }),
            t({ case: 'join.pendingMember', to: 'preparingRebalance', rules: ['JG-10', 'JG-12', 'GS-09', 'JG-13', 'TM-11', 'TM-03'], outcome: 'parked; the pending id becomes a member' }),
            t({ case: 'join.pendingMember', to: 'completingRebalance', rules: ['JG-10', 'JG-12', 'JG-13', 'TM-07', 'TM-08', 'GS-06'], outcome: 'NONE(0): everyone has joined, the join phase completes at once' }),
            t({ case: 'join.staticNew', to: 'preparingRebalance', rules: ['ST-02', 'JG-12', 'GS-09', 'JG-13', 'TM-11'], outcome: 'parked; the static member is added' }),
            t({ case: 'join.staticReplace', to: 'preparingRebalance', rules: ['ST-04', 'ST-05', 'ST-08', 'JG-13'], outcome: 'parked under a new id; the old id\'s parked JoinGroup gets FENCED_INSTANCE_ID(82)' }),
            t({ case: 'join.staticReplace', to: 'completingRebalance', rules: ['ST-04', 'ST-05', 'ST-08', 'JG-13', 'TM-07', 'TM-08'], outcome: 'NONE(0) under a new id: everyone has joined; the old id\'s parked JoinGroup gets FENCED_INSTANCE_ID(82)' }),
            t({ case: 'join.unknownMember', to: 'preparingRebalance', rules: ['JG-11'], outcome: 'UNKNOWN_MEMBER_ID(25)' }),
            t({ case: 'join.unknownInstance', to: 'preparingRebalance', rules: ['ST-10'], outcome: 'UNKNOWN_MEMBER_ID(25)' }),
            t({ case: 'join.fencedInstance', to: 'preparingRebalance', rules: ['ST-09'], outcome: 'FENCED_INSTANCE_ID(82)' }),
            t({ case: 'join.rejoin', to: 'preparingRebalance', rules: ['JG-14', 'ST-03', 'JG-13'], outcome: 'parked' }),
            t({ case: 'join.rejoin', to: 'completingRebalance', rules: ['JG-14', 'ST-03', 'JG-13', 'TM-07', 'TM-08', 'GS-11', 'ST-13', 'GS-06'], outcome: 'NONE(0): the last member rejoined, the join phase completes at once' }),
            t({ case: 'join.rejoinAgain', to: 'preparingRebalance', rules: ['JG-19', 'JG-14'], outcome: 'parked; the earlier parked JoinGroup is dropped unanswered' }),
          ],
          'request.syncGroup': [
            t({ case: 'sync.unknownMember', to: 'preparingRebalance', rules: ['SG-03'], outcome: 'UNKNOWN_MEMBER_ID(25)' }),
            t({ case: 'sync.unknownInstance', to: 'preparingRebalance', rules: ['ST-10'], outcome: 'UNKNOWN_MEMBER_ID(25)' }),
            t({ case: 'sync.fencedInstance', to: 'preparingRebalance', rules: ['ST-09'], outcome: 'FENCED_INSTANCE_ID(82)' }),
            t({ case: 'sync.illegalGeneration', to: 'preparingRebalance', rules: ['SG-03'], outcome: 'ILLEGAL_GENERATION(22)' }),
            t({ case: 'sync.rebalanceInProgress', to: 'preparingRebalance', rules: ['SG-06'], outcome: 'REBALANCE_IN_PROGRESS(27)' }),
          ],
          'request.heartbeat': [
            t({ case: 'heartbeat.unknownMember', to: 'preparingRebalance', rules: ['HB-01'], outcome: 'UNKNOWN_MEMBER_ID(25)' }),
            t({ case: 'heartbeat.unknownInstance', to: 'preparingRebalance', rules: ['ST-10'], outcome: 'UNKNOWN_MEMBER_ID(25)' }),
            t({ case: 'heartbeat.fencedInstance', to: 'preparingRebalance', rules: ['ST-09'], outcome: 'FENCED_INSTANCE_ID(82)' }),
            t({ case: 'heartbeat.illegalGeneration', to: 'preparingRebalance', rules: ['HB-02'], outcome: 'ILLEGAL_GENERATION(22)' }),
            t({ case: 'heartbeat.rebalanceInProgress', to: 'preparingRebalance', rules: ['HB-03', 'TM-03'], outcome: 'REBALANCE_IN_PROGRESS(27); the session timer is re-armed' }),
          ],
          'request.leaveGroup': [
            t({ case: 'leave.pendingMember', to: 'preparingRebalance', rules: ['LG-05', 'LG-07'], outcome: 'NONE(0); the pending id is removed' }),
            t({ case: 'leave.pendingMember', to: 'completingRebalance', rules: ['LG-05', 'LG-07', 'TM-07', 'TM-08', 'GS-06'], outcome: 'NONE(0); now everyone has joined and the join phase completes' }),
            t({ case: 'leave.pendingMember', to: 'empty', rules: ['LG-05', 'LG-07', 'TM-07', 'TM-09', 'GS-06'], outcome: 'NONE(0); the join phase completes without members' }),
            t({ case: 'leave.member', to: 'preparingRebalance', rules: ['LG-06', 'LG-07', 'GS-10', 'LG-08'], outcome: 'NONE(0); the member is removed, its parked JoinGroup gets UNKNOWN_MEMBER_ID(25)' }),
            t({ case: 'leave.member', to: 'completingRebalance', rules: ['LG-06', 'LG-07', 'GS-10', 'TM-07', 'TM-08', 'GS-06'], outcome: 'NONE(0); the others have all joined and the join phase completes' }),
            t({ case: 'leave.member', to: 'empty', rules: ['LG-06', 'LG-07', 'LG-08', 'TM-07', 'TM-09', 'GS-06'], outcome: 'NONE(0); the last member left, the join phase completes without members' }),
            t({ case: 'leave.staticByInstance', to: 'preparingRebalance', rules: ['ST-12', 'LG-06', 'LG-07', 'GS-10'], outcome: 'NONE(0); the static member is removed by instance id' }),
            t({ case: 'leave.staticByInstance', to: 'completingRebalance', rules: ['ST-12', 'LG-06', 'LG-07', 'TM-07', 'TM-08'], outcome: 'NONE(0); the others have all joined and the join phase completes' }),
            t({ case: 'leave.staticByInstance', to: 'empty', rules: ['ST-12', 'LG-06', 'LG-08', 'TM-07', 'TM-09'], outcome: 'NONE(0); the last member left' }),
            t({ case: 'leave.unknownMember', to: 'preparingRebalance', rules: ['LG-04'], outcome: 'UNKNOWN_MEMBER_ID(25) for the identity' }),
            t({ case: 'leave.unknownInstance', to: 'preparingRebalance', rules: ['ST-10', 'ST-12'], outcome: 'UNKNOWN_MEMBER_ID(25) for the identity' }),
            t({ case: 'leave.fencedInstance', to: 'preparingRebalance', rules: ['ST-09'], outcome: 'FENCED_INSTANCE_ID(82) for the identity' }),
          ],
          'request.offsetCommit': [
            t({ case: 'commit.unknownMember', to: 'preparingRebalance', rules: ['OC-07'], outcome: 'UNKNOWN_MEMBER_ID(25)' }),
            t({ case: 'commit.unknownInstance', to: 'preparingRebalance', rules: ['OC-07', 'ST-10'], outcome: 'UNKNOWN_MEMBER_ID(25)' }),
            t({ case: 'commit.fencedInstance', to: 'preparingRebalance', rules: ['OC-07', 'ST-09'], outcome: 'FENCED_INSTANCE_ID(82)' }),
            t({ case: 'commit.illegalGeneration', to: 'preparingRebalance', rules: ['OC-07'], outcome: 'ILLEGAL_GENERATION(22)' }),
            t({ case: 'commit.accepted', to: 'preparingRebalance', rules: ['OC-09', 'OC-10'], outcome: 'NONE(0); the session timer is re-armed' }),
          ],
          'timer.pendingMemberExpired': [
            t({ case: 'timer.pendingExpired', to: 'preparingRebalance', rules: ['TM-04'], outcome: 'the pending id is removed' }),
            t({ case: 'timer.pendingExpired', to: 'completingRebalance', rules: ['TM-04', 'TM-07', 'TM-08', 'GS-06'], outcome: 'the pending id is removed; now everyone has joined and the join phase completes' }),
            t({ case: 'timer.pendingExpired', to: 'empty', rules: ['TM-04', 'TM-07', 'TM-09', 'GS-06'], outcome: 'the pending id is removed; the join phase completes without members' }),
          ],
          'timer.sessionExpired': [
            t({ case: 'timer.sessionSatisfied', to: 'preparingRebalance', rules: ['TM-05'], outcome: 'nothing: the member has a parked JoinGroup and is not new' }),
            t({ case: 'timer.sessionExpired', to: 'preparingRebalance', rules: ['TM-05', 'GS-10'], outcome: 'the member is removed; a parked JoinGroup gets UNKNOWN_MEMBER_ID(25)' }),
            t({ case: 'timer.sessionExpired', to: 'completingRebalance', rules: ['TM-05', 'TM-07', 'TM-08', 'GS-06'], outcome: 'the member is removed; the others have all joined and the join phase completes' }),
            t({ case: 'timer.sessionExpired', to: 'empty', rules: ['TM-05', 'TM-07', 'TM-09', 'GS-06'], outcome: 'the last member is removed; the join phase completes without members' }),
          ],
          'timer.joinPhaseExpired': [
            t({ case: 'timer.joinExtended', to: 'preparingRebalance', rules: ['TM-11'], outcome: 'members were added: the initial delay is extended' }),
            t({ case: 'timer.joinStaticWait', to: 'preparingRebalance', rules: ['ST-14', 'ST-13', 'TM-07'], outcome: 'only static members that did not rejoin remain: the join timer is re-armed' }),
            t({ case: 'timer.joinCompleted', to: 'completingRebalance', rules: ['TM-06', 'TM-07', 'TM-08', 'TM-12', 'GS-11', 'ST-13', 'GS-06', 'GS-07'], outcome: 'join completion: parked JoinGroups get NONE(0), members that did not rejoin are removed' }),
            t({ case: 'timer.joinCompleted', to: 'empty', rules: ['TM-06', 'TM-07', 'TM-09', 'TM-12', 'GS-06'], outcome: 'join completion without members' }),
          ],
          'clock.tick': [t({ case: 'tick', to: 'preparingRebalance', rules: ['TM-02'], outcome: 'one unit of time passes; no timer falls due' })],
          'coordinator.unload': [t({ case: 'unload', to: 'dead', rules: ['GS-02'], outcome: 'Dead; parked JoinGroups get NOT_COORDINATOR(16); timers dropped' })],
        },
      },
      completingRebalance: {
        description: COMPLETING_REBALANCE,
        on: {
          'request.joinGroup': [
            t({ case: 'join.incompatible', to: 'completingRebalance', rules: ['JG-07'], outcome: 'INCONSISTENT_GROUP_PROTOCOL(23)' }),
            t({ case: 'join.memberIdRequired', to: 'completingRebalance', rules: ['JG-08', 'TM-03'], outcome: 'MEMBER_ID_REQUIRED(79) with a new pending id' }),
            t({ case: 'join.newMember', to: 'preparingRebalance', rules: ['JG-09', 'JG-12', 'JG-13', 'GS-05', 'TM-06'], outcome: 'parked; the member is added and a rebalance starts; parked SyncGroups get REBALANCE_IN_PROGRESS(27)' }),
            t({ case: 'join.pendingMember', to: 'preparingRebalance', rules: ['JG-10', 'JG-12', 'JG-13', 'GS-05', 'TM-06'], outcome: 'parked; the pending id becomes a member and a rebalance starts' }),
            t({ case: 'join.staticNew', to: 'preparingRebalance', rules: ['ST-02', 'JG-12', 'JG-13', 'GS-05', 'TM-06'], outcome: 'parked; the static member is added and a rebalance starts' }),
            t({ case: 'join.staticReplace', to: 'preparingRebalance', rules: ['ST-04', 'ST-05', 'ST-08', 'GS-05'], outcome: 'parked under a new id; the old id\'s parked SyncGroup gets FENCED_INSTANCE_ID(82); a rebalance starts' }),
            t({ case: 'join.staticReplace', to: 'completingRebalance', rules: ['ST-04', 'ST-05', 'ST-08', 'GS-05', 'TM-07', 'TM-08', 'GS-06'], outcome: 'NONE(0) under a new id for the next generation: the only member rejoined' }),
            t({ case: 'join.unknownMember', to: 'completingRebalance', rules: ['JG-11'], outcome: 'UNKNOWN_MEMBER_ID(25)' }),
            t({ case: 'join.unknownInstance', to: 'completingRebalance', rules: ['ST-10'], outcome: 'UNKNOWN_MEMBER_ID(25)' }),
            t({ case: 'join.fencedInstance', to: 'completingRebalance', rules: ['ST-09'], outcome: 'FENCED_INSTANCE_ID(82)' }),
            t({ case: 'join.rejoinSame', to: 'completingRebalance', rules: ['JG-16', 'ST-03'], outcome: 'NONE(0) at once for the current generation' }),
            t({ case: 'join.rejoinChanged', to: 'preparingRebalance', rules: ['JG-15', 'ST-03', 'JG-13', 'GS-05', 'TM-06'], outcome: 'parked; a rebalance starts; parked SyncGroups get REBALANCE_IN_PROGRESS(27)' }),
            t({ case: 'join.rejoinChanged', to: 'completingRebalance', rules: ['JG-15', 'ST-03', 'GS-05', 'TM-07', 'TM-08', 'GS-06'], outcome: 'NONE(0) for the next generation: the only member rejoined' }),
          ],
          'request.syncGroup': [
            t({ case: 'sync.unknownMember', to: 'completingRebalance', rules: ['SG-03'], outcome: 'UNKNOWN_MEMBER_ID(25)' }),
            t({ case: 'sync.unknownInstance', to: 'completingRebalance', rules: ['ST-10'], outcome: 'UNKNOWN_MEMBER_ID(25)' }),
            t({ case: 'sync.fencedInstance', to: 'completingRebalance', rules: ['ST-09'], outcome: 'FENCED_INSTANCE_ID(82)' }),
            t({ case: 'sync.illegalGeneration', to: 'completingRebalance', rules: ['SG-03'], outcome: 'ILLEGAL_GENERATION(22)' }),
            t({ case: 'sync.leader', to: 'stable', rules: ['SG-09', 'SG-08', 'SG-12', 'TM-03', 'TM-13'], outcome: 'NONE(0) to the leader and every parked SyncGroup; their session timers re-armed' }),
            t({ case: 'sync.follower', to: 'completingRebalance', rules: ['SG-07', 'SG-12'], outcome: 'parked until the leader\'s SyncGroup' }),
            t({ case: 'sync.followerAgain', to: 'completingRebalance', rules: ['SG-11', 'SG-07'], outcome: 'parked; the earlier parked SyncGroup is dropped unanswered' }),
          ],
          'request.heartbeat': [
            t({ case: 'heartbeat.unknownMember', to: 'completingRebalance', rules: ['HB-01'], outcome: 'UNKNOWN_MEMBER_ID(25)' }),
            t({ case: 'heartbeat.unknownInstance', to: 'completingRebalance', rules: ['ST-10'], outcome: 'UNKNOWN_MEMBER_ID(25)' }),
            t({ case: 'heartbeat.fencedInstance', to: 'completingRebalance', rules: ['ST-09'], outcome: 'FENCED_INSTANCE_ID(82)' }),
            t({ case: 'heartbeat.illegalGeneration', to: 'completingRebalance', rules: ['HB-02'], outcome: 'ILLEGAL_GENERATION(22)' }),
            t({ case: 'heartbeat.ok', to: 'completingRebalance', rules: ['HB-04', 'TM-03'], outcome: 'NONE(0); the session timer is re-armed' }),
          ],
          'request.leaveGroup': [
            t({ case: 'leave.pendingMember', to: 'preparingRebalance', rules: ['LG-05', 'LG-07', 'GS-05'], outcome: 'NONE(0); the pending id is removed and a rebalance starts' }),
            t({ case: 'leave.member', to: 'preparingRebalance', rules: ['LG-06', 'LG-07', 'GS-05', 'GS-10', 'LG-08'], outcome: 'NONE(0); the member is removed (a parked SyncGroup of it is dropped) and a rebalance starts' }),
            t({ case: 'leave.member', to: 'empty', rules: ['LG-06', 'LG-08', 'GS-05', 'TM-07', 'TM-09', 'GS-06'], outcome: 'NONE(0); the last member left: through PreparingRebalance to Empty' }),
            t({ case: 'leave.staticByInstance', to: 'preparingRebalance', rules: ['ST-12', 'LG-06', 'LG-07', 'GS-05'], outcome: 'NONE(0); the static member is removed by instance id and a rebalance starts' }),
            t({ case: 'leave.staticByInstance', to: 'empty', rules: ['ST-12', 'LG-08', 'TM-07', 'TM-09'], outcome: 'NONE(0); the last member left' }),
            t({ case: 'leave.unknownMember', to: 'completingRebalance', rules: ['LG-04'], outcome: 'UNKNOWN_MEMBER_ID(25) for the identity' }),
            t({ case: 'leave.unknownInstance', to: 'completingRebalance', rules: ['ST-10', 'ST-12'], outcome: 'UNKNOWN_MEMBER_ID(25) for the identity' }),
            t({ case: 'leave.fencedInstance', to: 'completingRebalance', rules: ['ST-09'], outcome: 'FENCED_INSTANCE_ID(82) for the identity' }),
          ],
          'request.offsetCommit': [
            t({ case: 'commit.unknownMember', to: 'completingRebalance', rules: ['OC-07'], outcome: 'UNKNOWN_MEMBER_ID(25)' }),
            t({ case: 'commit.unknownInstance', to: 'completingRebalance', rules: ['OC-07', 'ST-10'], outcome: 'UNKNOWN_MEMBER_ID(25)' }),
            t({ case: 'commit.fencedInstance', to: 'completingRebalance', rules: ['OC-07', 'ST-09'], outcome: 'FENCED_INSTANCE_ID(82)' }),
            t({ case: 'commit.illegalGeneration', to: 'completingRebalance', rules: ['OC-07'], outcome: 'ILLEGAL_GENERATION(22)' }),
            t({ case: 'commit.rebalanceInProgress', to: 'completingRebalance', rules: ['OC-08'], outcome: 'REBALANCE_IN_PROGRESS(27)' }),
          ],
          'timer.pendingMemberExpired': [t({ case: 'timer.pendingExpired', to: 'completingRebalance', rules: ['TM-04'], outcome: 'the pending id is removed' })],
          'timer.sessionExpired': [
            t({ case: 'timer.sessionSatisfied', to: 'completingRebalance', rules: ['TM-05'], outcome: 'nothing: the member has a parked SyncGroup' }),
            t({ case: 'timer.sessionExpired', to: 'preparingRebalance', rules: ['TM-05', 'GS-05', 'GS-10'], outcome: 'the member is removed and a rebalance starts; parked SyncGroups get REBALANCE_IN_PROGRESS(27)' }),
            t({ case: 'timer.sessionExpired', to: 'empty', rules: ['TM-05', 'GS-05', 'TM-07', 'TM-09', 'GS-06'], outcome: 'the last member is removed: through PreparingRebalance to Empty' }),
          ],
          'timer.syncExpired': [
            t({ case: 'timer.syncExpired', to: 'preparingRebalance', rules: ['TM-14', 'GS-05', 'GS-10'], outcome: 'members that never sent SyncGroup are removed and a rebalance starts' }),
            t({ case: 'timer.syncExpired', to: 'empty', rules: ['TM-14', 'GS-05', 'TM-07', 'TM-09', 'GS-06'], outcome: 'no member sent SyncGroup: all are removed, through PreparingRebalance to Empty' }),
          ],
          'clock.tick': [t({ case: 'tick', to: 'completingRebalance', rules: ['TM-02'], outcome: 'one unit of time passes; no timer falls due' })],
          'coordinator.unload': [t({ case: 'unload', to: 'dead', rules: ['GS-02'], outcome: 'Dead; parked SyncGroups get NOT_COORDINATOR(16); timers dropped' })],
        },
      },
      stable: {
        description: STABLE,
        on: {
          'request.joinGroup': [
            t({ case: 'join.incompatible', to: 'stable', rules: ['JG-07'], outcome: 'INCONSISTENT_GROUP_PROTOCOL(23)' }),
            t({ case: 'join.memberIdRequired', to: 'stable', rules: ['JG-08', 'TM-03'], outcome: 'MEMBER_ID_REQUIRED(79) with a new pending id' }),
            t({ case: 'join.newMember', to: 'preparingRebalance', rules: ['JG-09', 'JG-12', 'JG-13', 'GS-05', 'TM-06'], outcome: 'parked; the member is added and a rebalance starts' }),
            t({ case: 'join.pendingMember', to: 'preparingRebalance', rules: ['JG-10', 'JG-12', 'JG-13', 'GS-05', 'TM-06'], outcome: 'parked; the pending id becomes a member and a rebalance starts' }),
            t({ case: 'join.staticNew', to: 'preparingRebalance', rules: ['ST-02', 'JG-12', 'JG-13', 'GS-05', 'TM-06'], outcome: 'parked; the static member is added and a rebalance starts' }),
            t({ case: 'join.staticReplace', to: 'stable', rules: ['ST-04', 'ST-05', 'ST-06', 'ST-07', 'INV-01'], outcome: 'NONE(0) at once under a new id, no rebalance' }),
            t({ case: 'join.unknownMember', to: 'stable', rules: ['JG-11'], outcome: 'UNKNOWN_MEMBER_ID(25)' }),
            t({ case: 'join.unknownInstance', to: 'stable', rules: ['ST-10'], outcome: 'UNKNOWN_MEMBER_ID(25)' }),
            t({ case: 'join.fencedInstance', to: 'stable', rules: ['ST-09'], outcome: 'FENCED_INSTANCE_ID(82)' }),
            t({ case: 'join.rejoinSame', to: 'stable', rules: ['JG-18', 'ST-03'], outcome: 'NONE(0) at once for the current generation' }),
            t({ case: 'join.rejoinChanged', to: 'preparingRebalance', rules: ['JG-15', 'ST-03', 'JG-13', 'GS-05', 'TM-06'], outcome: 'parked; a rebalance starts' }),
            t({ case: 'join.leaderRejoin', to: 'preparingRebalance', rules: ['JG-17', 'JG-13', 'GS-05', 'TM-06'], outcome: 'parked; the leader\'s JoinGroup always starts a rebalance' }),
            t({ case: 'join.leaderRejoin', to: 'completingRebalance', rules: ['JG-17', 'GS-05', 'TM-07', 'TM-08', 'GS-06'], outcome: 'NONE(0) for the next generation: the leader is the only member' }),
          ],
          'request.syncGroup': [
            t({ case: 'sync.unknownMember', to: 'stable', rules: ['SG-03'], outcome: 'UNKNOWN_MEMBER_ID(25)' }),
            t({ case: 'sync.unknownInstance', to: 'stable', rules: ['ST-10'], outcome: 'UNKNOWN_MEMBER_ID(25)' }),
            t({ case: 'sync.fencedInstance', to: 'stable', rules: ['ST-09'], outcome: 'FENCED_INSTANCE_ID(82)' }),
            t({ case: 'sync.illegalGeneration', to: 'stable', rules: ['SG-03'], outcome: 'ILLEGAL_GENERATION(22)' }),
            t({ case: 'sync.stable', to: 'stable', rules: ['SG-10', 'SG-12', 'TM-13'], outcome: 'NONE(0) with the stored assignment' }),
          ],
          'request.heartbeat': [
            t({ case: 'heartbeat.unknownMember', to: 'stable', rules: ['HB-01'], outcome: 'UNKNOWN_MEMBER_ID(25)' }),
            t({ case: 'heartbeat.unknownInstance', to: 'stable', rules: ['ST-10'], outcome: 'UNKNOWN_MEMBER_ID(25)' }),
            t({ case: 'heartbeat.fencedInstance', to: 'stable', rules: ['ST-09'], outcome: 'FENCED_INSTANCE_ID(82)' }),
            t({ case: 'heartbeat.illegalGeneration', to: 'stable', rules: ['HB-02'], outcome: 'ILLEGAL_GENERATION(22)' }),
            t({ case: 'heartbeat.ok', to: 'stable', rules: ['HB-04', 'TM-03'], outcome: 'NONE(0); the session timer is re-armed' }),
          ],
          'request.leaveGroup': [
            t({ case: 'leave.pendingMember', to: 'preparingRebalance', rules: ['LG-05', 'LG-07', 'GS-05'], outcome: 'NONE(0); the pending id is removed and a rebalance starts' }),
            t({ case: 'leave.member', to: 'preparingRebalance', rules: ['LG-06', 'LG-07', 'GS-05', 'GS-10', 'LG-08'], outcome: 'NONE(0); the member is removed and a rebalance starts' }),
            t({ case: 'leave.member', to: 'empty', rules: ['LG-06', 'LG-08', 'GS-04', 'TM-07', 'TM-09', 'GS-06'], outcome: 'NONE(0); the last member left: through PreparingRebalance to Empty' }),
            t({ case: 'leave.staticByInstance', to: 'preparingRebalance', rules: ['ST-12', 'LG-06', 'LG-07', 'GS-05'], outcome: 'NONE(0); the static member is removed by instance id and a rebalance starts' }),
            t({ case: 'leave.staticByInstance', to: 'empty', rules: ['ST-12', 'LG-08', 'TM-07', 'TM-09'], outcome: 'NONE(0); the last member left' }),
            t({ case: 'leave.unknownMember', to: 'stable', rules: ['LG-04'], outcome: 'UNKNOWN_MEMBER_ID(25) for the identity' }),
            t({ case: 'leave.unknownInstance', to: 'stable', rules: ['ST-10', 'ST-12'], outcome: 'UNKNOWN_MEMBER_ID(25) for the identity' }),
            t({ case: 'leave.fencedInstance', to: 'stable', rules: ['ST-09'], outcome: 'FENCED_INSTANCE_ID(82) for the identity' }),
          ],
          'request.offsetCommit': [
            t({ case: 'commit.unknownMember', to: 'stable', rules: ['OC-07'], outcome: 'UNKNOWN_MEMBER_ID(25)' }),
            t({ case: 'commit.unknownInstance', to: 'stable', rules: ['OC-07', 'ST-10'], outcome: 'UNKNOWN_MEMBER_ID(25)' }),
            t({ case: 'commit.fencedInstance', to: 'stable', rules: ['OC-07', 'ST-09'], outcome: 'FENCED_INSTANCE_ID(82)' }),
            t({ case: 'commit.illegalGeneration', to: 'stable', rules: ['OC-07'], outcome: 'ILLEGAL_GENERATION(22)' }),
            t({ case: 'commit.accepted', to: 'stable', rules: ['OC-09', 'OC-10'], outcome: 'NONE(0); the session timer is re-armed' }),
          ],
          'timer.pendingMemberExpired': [t({ case: 'timer.pendingExpired', to: 'stable', rules: ['TM-04'], outcome: 'the pending id is removed' })],
          'timer.sessionExpired': [
            t({ case: 'timer.sessionExpired', to: 'preparingRebalance', rules: ['TM-05', 'GS-05', 'GS-10'], outcome: 'the member is removed and a rebalance starts' }),
            t({ case: 'timer.sessionExpired', to: 'empty', rules: ['TM-05', 'GS-04', 'TM-07', 'TM-09', 'GS-06'], outcome: 'the last member is removed: through PreparingRebalance to Empty' }),
          ],
          'timer.syncExpired': [
            t({ case: 'timer.syncExpired', to: 'preparingRebalance', rules: ['TM-14', 'GS-05', 'GS-10'], outcome: 'members that never sent SyncGroup are removed and a rebalance starts' }),
          ],
          'clock.tick': [t({ case: 'tick', to: 'stable', rules: ['TM-02'], outcome: 'one unit of time passes; no timer falls due' })],
          'coordinator.unload': [t({ case: 'unload', to: 'dead', rules: ['GS-02'], outcome: 'Dead; timers dropped' })],
        },
      },
      dead: {
        description: DEAD,
        on: {
          'request.joinGroup': [t({ case: 'join.coordinatorNotAvailable', to: 'dead', rules: ['GS-01'], outcome: 'COORDINATOR_NOT_AVAILABLE(15)' })],
          'request.syncGroup': [t({ case: 'sync.coordinatorNotAvailable', to: 'dead', rules: ['GS-01'], outcome: 'COORDINATOR_NOT_AVAILABLE(15)' })],
          'request.heartbeat': [t({ case: 'heartbeat.coordinatorNotAvailable', to: 'dead', rules: ['GS-01'], outcome: 'COORDINATOR_NOT_AVAILABLE(15)' })],
          'request.leaveGroup': [t({ case: 'leave.coordinatorNotAvailable', to: 'dead', rules: ['GS-01'], outcome: 'COORDINATOR_NOT_AVAILABLE(15), top-level' })],
          'request.offsetCommit': [t({ case: 'commit.coordinatorNotAvailable', to: 'dead', rules: ['OC-05'], outcome: 'COORDINATOR_NOT_AVAILABLE(15)' })],
          'coordinator.unload': [t({ case: 'unload.dead', to: 'dead', rules: ['GS-02'], outcome: 'nothing: Dead to Dead' })],
        },
      },
    },
  });
}

/** The type of a group statechart. */
export type ClassicGroupMachine = ReturnType<typeof createClassicGroupMachine>;

const EMPTY = `No members; pending members may exist. Also stands for the group before its id is known.
JoinGroup: MemberId "" with v5+ gets MEMBER_ID_REQUIRED(79) and a pending id (JG-08); with v1-3, a pending id's second JoinGroup or a new static member is added, parked, and starts the initial rebalance (JG-09, JG-10, ST-02, TM-10); any other id gets UNKNOWN_MEMBER_ID(25) (JG-04, JG-11, ST-10); incompatible protocols INCONSISTENT_GROUP_PROTOCOL(23) (JG-06).
SyncGroup, Heartbeat and OffsetCommit: UNKNOWN_MEMBER_ID(25) (SG-02, HB-01, OC-07).
LeaveGroup: a pending id is removed with NONE(0) (LG-05); any other identity gets UNKNOWN_MEMBER_ID(25) (LG-04).
Leaves for PreparingRebalance when a member is added, for Dead on unload.`;

const PREPARING_REBALANCE = `Collecting JoinGroups for the next generation; the join timer is armed (initial delay when entered from Empty).
JoinGroup: a member's JoinGroup is parked (JG-14, JG-19); a new member is added and parked (JG-09, JG-10, ST-02), a static replacement fences the old id (ST-04, ST-05); MEMBER_ID_REQUIRED(79) for v5+ new dynamic members; unknown ids UNKNOWN_MEMBER_ID(25), fenced instances FENCED_INSTANCE_ID(82). When everyone has joined and the rebalance is not the initial one, the join phase completes at once (JG-13).
SyncGroup: REBALANCE_IN_PROGRESS(27) after the member and generation checks (SG-03, SG-06).
Heartbeat: REBALANCE_IN_PROGRESS(27), the session timer re-armed (HB-03).
LeaveGroup: removes the member or pending id with NONE(0); a parked JoinGroup of it gets UNKNOWN_MEMBER_ID(25) (LG-05, LG-06, LG-07).
OffsetCommit: accepted with NONE(0) for the current generation, the session timer re-armed (OC-09); ILLEGAL_GENERATION(22) for another (OC-07).
Leaves at join completion (the join timer, or everyone joined): for CompletingRebalance with members, for Empty without (TM-07 to TM-09); for Dead on unload.`;

const COMPLETING_REBALANCE = `A new generation has formed; waiting for the leader's SyncGroup. The sync timer is armed.
JoinGroup: a member with the same metadata gets NONE(0) at once (JG-16); changed metadata, a new member or a static replacement starts a rebalance and is parked (JG-15, JG-09, JG-10, ST-02, ST-08).
SyncGroup: a follower's is parked (SG-07); the leader's answers every parked SyncGroup and the group is Stable (SG-09); ILLEGAL_GENERATION(22) for another generation.
Heartbeat: NONE(0), the session timer re-armed (HB-04).
LeaveGroup: removes the member with NONE(0) and starts a rebalance (LG-06, LG-07).
OffsetCommit: REBALANCE_IN_PROGRESS(27) for the current generation (OC-08), ILLEGAL_GENERATION(22) for another (OC-07).
Leaves for Stable on the leader's SyncGroup, for PreparingRebalance when a rebalance starts (a join, a leave, a session or sync expiry), for Empty when the last member goes, for Dead on unload.`;

const STABLE = `The assignment is stored; members heartbeat.
JoinGroup: a follower with the same metadata gets NONE(0) at once (JG-18); the leader's JoinGroup, changed metadata or a new member starts a rebalance and is parked (JG-17, JG-15, JG-09, JG-10, ST-02); a static replacement is answered at once without a rebalance (ST-06).
SyncGroup: NONE(0) with the stored assignment (SG-10).
Heartbeat: NONE(0), the session timer re-armed (HB-04).
LeaveGroup: removes the member with NONE(0) and starts a rebalance (LG-06, LG-07).
OffsetCommit: accepted with NONE(0) for the current generation, the session timer re-armed (OC-09); ILLEGAL_GENERATION(22) for another (OC-07).
Leaves for PreparingRebalance when a rebalance starts, for Empty when the last member goes, for Dead on unload.`;

const DEAD = `The coordinator unloaded the group's partition.
JoinGroup, SyncGroup, Heartbeat, LeaveGroup (top-level) and OffsetCommit: COORDINATOR_NOT_AVAILABLE(15) (GS-01, OC-05).
Never left; another unload keeps it Dead (GS-02).`;
