/**
 * The consumer member's lifecycle on the client side as an XState statechart, after Kafka's
 * Java consumer: its `MemberState` values (UNJOINED, PREPARING_REBALANCE,
 * COMPLETING_REBALANCE, STABLE) plus coordinator discovery, leaving, left and fatal.
 *
 * @remarks
 * Events are what the member sees: the answers to its requests (`response.joinGroup` with an
 * error code, ...), `coordinator.found`, the application's `poll` and `close`, and its timers
 * (`timer.heartbeat` for `heartbeat.interval.ms`, `timer.pollTimeout` for
 * `max.poll.interval.ms`). No `after` or `invoke`. The context records what the member owns,
 * what the last event made it send, revoke or lose; `readablePartitions` says what it may
 * read (eager members only in Stable; cooperative members what they retain, in every state).
 * Partitions are symbolic (`p0..pK`); a SyncGroup answer carries the member's assignment.
 * @see spec/consumer-member.md
 * @see spec/machines/classic-member.md (generated transition table)
 * @packageDocumentation
 */
import { assign, setup } from 'xstate';
import { initialMemberContext, stepMember } from './classic-member.model.js';
import type { ClassicMemberOptions } from './classic-member.model.js';
import type { MemberCase, MemberContext, MemberEvent, MemberStateKey, MemberStep } from './classic-member.types.js';
import { transitionFor } from './transition.js';
import type { TransitionSpec } from './transition.js';

/** The transition for one case and target (see machines/transition.ts). */
function t(spec: TransitionSpec<MemberCase, MemberStateKey>) {
  return transitionFor(spec);
}

let cached: { context: MemberContext; event: MemberEvent; step: MemberStep | null } | undefined;
function cachedStep(context: MemberContext, event: MemberEvent): MemberStep | null {
  if (cached?.context !== context || cached.event !== event) cached = { context, event, step: stepMember(context, event) };
  return cached.step;
}

/** Builds the member statechart for one rebalance protocol (and static or not). */
export function createClassicMemberMachine(options: ClassicMemberOptions) {
  return setup({
    types: {} as { context: MemberContext; events: MemberEvent },
    guards: {
      is: ({ context, event }, params: { case: MemberCase; to: MemberStateKey }) => {
        const step = cachedStep(context, event);
        return step !== null && step.case === params.case && step.state === params.to;
      },
    },
    actions: {
      apply: assign(({ context, event }) => {
        const step = cachedStep(context, event);
        if (step === null) throw new Error(`classic-member: ${event.type} was taken but the member does not accept it`);
        return step.context;
      }),
    },
  }).createMachine({
    id: 'classic-member',
    initial: 'unjoined',
    context: initialMemberContext(options),
    states: {
      unjoined: {
        description: `Not part of the group (Kafka's UNJOINED): no generation; owns and reads nothing. The next poll looks up the coordinator or, when it is known, sends JoinGroup (with the member id it still has, else ""). close leaves at once, without LeaveGroup.`,
        on: {
          poll: [
            t({ case: 'poll.join', to: 'preparingRebalance', rules: ['CL-01', 'CL-02'], outcome: 'sends JoinGroup' }),
            t({ case: 'poll.discover', to: 'discovering', rules: ['CL-01'], outcome: 'sends FindCoordinator' }),
          ],
          'coordinator.found': [t({ case: 'found.remember', to: 'unjoined', rules: ['CL-01'], outcome: 'the coordinator is known; joins at the next poll' })],
          close: [t({ case: 'close.now', to: 'left', rules: ['CL-19'], outcome: 'closed without LeaveGroup' })],
        },
      },
      discovering: {
        description: `The coordinator is unknown and the member must (re)join: FindCoordinator is in flight. A cooperative member keeps reading what it retains; an eager one owns nothing here. When the coordinator is found it sends JoinGroup. close leaves at once, without LeaveGroup.`,
        on: {
          'coordinator.found': [t({ case: 'found.join', to: 'preparingRebalance', rules: ['CL-01', 'CL-02', 'CL-09'], outcome: 'sends JoinGroup' })],
          close: [t({ case: 'close.now', to: 'left', rules: ['CL-19', 'CL-15'], outcome: 'partitions lost or revoked; closed without LeaveGroup' })],
        },
      },
      preparingRebalance: {
        description: `JoinGroup is in flight (Kafka's PREPARING_REBALANCE); no heartbeats. Answers: NONE sends SyncGroup; MEMBER_ID_REQUIRED, REBALANCE_IN_PROGRESS, COORDINATOR_LOAD_IN_PROGRESS and UNKNOWN_MEMBER_ID (after resetting the member id) send JoinGroup again; NOT_COORDINATOR and COORDINATOR_NOT_AVAILABLE rediscover; FENCED_INSTANCE_ID, INCONSISTENT_GROUP_PROTOCOL and GROUP_MAX_SIZE_REACHED are fatal. A cooperative member keeps reading what it retains.`,
        on: {
          'response.joinGroup': [
            t({ case: 'join.ok', to: 'completingRebalance', rules: ['CL-03'], outcome: 'generation and member id taken; heartbeats start; sends SyncGroup' }),
            t({ case: 'join.memberIdRequired', to: 'preparingRebalance', rules: ['CL-04', 'CL-02'], outcome: 'takes the member id; sends JoinGroup again' }),
            t({ case: 'join.unknownMember', to: 'preparingRebalance', rules: ['CL-06', 'CL-15', 'CL-02'], outcome: 'member id and generation reset, partitions lost; sends JoinGroup with ""' }),
            t({ case: 'join.loadInProgress', to: 'preparingRebalance', rules: ['CL-10', 'CL-02'], outcome: 'sends JoinGroup again after a backoff' }),
            t({ case: 'join.coordinatorError', to: 'discovering', rules: ['CL-09'], outcome: 'coordinator unknown; sends FindCoordinator' }),
            t({ case: 'join.fenced', to: 'fatal', rules: ['CL-11'], outcome: 'FencedInstanceIdException' }),
            t({ case: 'join.fatal', to: 'fatal', rules: ['CL-12'], outcome: 'the error is raised to the application' }),
          ],
          close: [
            t({ case: 'close.leave', to: 'leaving', rules: ['CL-19', 'CL-15'], outcome: 'partitions lost; sends LeaveGroup' }),
            t({ case: 'close.now', to: 'left', rules: ['CL-19', 'CL-15'], outcome: 'partitions lost; closed without LeaveGroup' }),
          ],
        },
      },
      completingRebalance: {
        description: `SyncGroup is in flight (Kafka's COMPLETING_REBALANCE); heartbeats are sent. SyncGroup answers: NONE applies the assignment and the member is Stable; REBALANCE_IN_PROGRESS, UNKNOWN_MEMBER_ID and ILLEGAL_GENERATION (the last two after a reset) send JoinGroup again; coordinator errors rediscover; FENCED_INSTANCE_ID is fatal. Heartbeat answers: REBALANCE_IN_PROGRESS is ignored, UNKNOWN_MEMBER_ID and ILLEGAL_GENERATION reset the member. A cooperative member keeps reading what it retains.`,
        on: {
          'response.syncGroup': [
            t({ case: 'sync.ok', to: 'stable', rules: ['CL-05', 'CL-13', 'CL-14'], outcome: 'the assignment is applied' }),
            t({ case: 'sync.okRevoked', to: 'stable', rules: ['CL-05', 'CL-14'], outcome: 'owned partitions left out of the assignment are revoked; a rejoin is requested' }),
            t({ case: 'sync.rebalanceInProgress', to: 'preparingRebalance', rules: ['CL-08', 'CL-02'], outcome: 'sends JoinGroup again' }),
            t({ case: 'sync.unknownMember', to: 'preparingRebalance', rules: ['CL-06', 'CL-15', 'CL-02'], outcome: 'member id and generation reset; sends JoinGroup with ""' }),
            t({ case: 'sync.illegalGeneration', to: 'preparingRebalance', rules: ['CL-07', 'CL-15', 'CL-02'], outcome: 'generation reset; sends JoinGroup with its member id' }),
            t({ case: 'sync.coordinatorError', to: 'discovering', rules: ['CL-09'], outcome: 'coordinator unknown; sends FindCoordinator' }),
            t({ case: 'sync.fenced', to: 'fatal', rules: ['CL-11'], outcome: 'FencedInstanceIdException' }),
          ],
          'response.heartbeat': [
            t({ case: 'heartbeat.ok', to: 'completingRebalance', rules: ['CL-16'], outcome: 'nothing changes' }),
            t({ case: 'heartbeat.ignored', to: 'completingRebalance', rules: ['CL-08'], outcome: 'REBALANCE_IN_PROGRESS is ignored while rebalancing' }),
            t({ case: 'heartbeat.unknownMember', to: 'unjoined', rules: ['CL-06', 'CL-15'], outcome: 'member id and generation reset; the SyncGroup answer will be ignored' }),
            t({ case: 'heartbeat.illegalGeneration', to: 'unjoined', rules: ['CL-07', 'CL-15'], outcome: 'generation reset; the SyncGroup answer will be ignored' }),
            t({ case: 'heartbeat.coordinatorError', to: 'discovering', rules: ['CL-09'], outcome: 'coordinator unknown; the in-flight SyncGroup fails; sends FindCoordinator' }),
            t({ case: 'heartbeat.fenced', to: 'fatal', rules: ['CL-11'], outcome: 'FencedInstanceIdException' }),
          ],
          'timer.heartbeat': [t({ case: 'heartbeat.send', to: 'completingRebalance', rules: ['CL-16'], outcome: 'sends Heartbeat' })],
          'timer.pollTimeout': [t({ case: 'pollTimeout', to: 'unjoined', rules: ['CL-18', 'CL-15'], outcome: 'a dynamic member sends LeaveGroup; member id and generation reset' })],
          close: [
            t({ case: 'close.leave', to: 'leaving', rules: ['CL-19', 'CL-15'], outcome: 'partitions lost; sends LeaveGroup' }),
            t({ case: 'close.now', to: 'left', rules: ['CL-19'], outcome: 'a static member closes without LeaveGroup' }),
          ],
        },
      },
      stable: {
        description: `Joined and synced (Kafka's STABLE): reads its partitions, heartbeats, commits. Heartbeat and OffsetCommit answers: REBALANCE_IN_PROGRESS requests a rejoin at the next poll (the member keeps reading until then); UNKNOWN_MEMBER_ID and ILLEGAL_GENERATION reset it (unjoined, partitions lost); coordinator errors make the coordinator unknown but keep the generation and the assignment; FENCED_INSTANCE_ID is fatal. A poll with a rejoin requested sends JoinGroup (an eager member revokes everything first).`,
        on: {
          poll: [
            t({ case: 'poll.stable', to: 'stable', rules: ['CL-17', 'CL-13', 'CL-14'], outcome: 'reads its partitions' }),
            t({ case: 'poll.rejoin', to: 'preparingRebalance', rules: ['CL-17', 'CL-13', 'CL-14', 'CL-02'], outcome: 'sends JoinGroup; an eager member revokes every partition first' }),
            t({ case: 'poll.awaitCoordinator', to: 'stable', rules: ['CL-17', 'CL-09'], outcome: 'the rejoin waits for the coordinator; sends FindCoordinator' }),
          ],
          'coordinator.found': [t({ case: 'found.remember', to: 'stable', rules: ['CL-09'], outcome: 'the coordinator is known again; heartbeats resume' })],
          'response.heartbeat': [
            t({ case: 'heartbeat.ok', to: 'stable', rules: ['CL-16'], outcome: 'nothing changes' }),
            t({ case: 'heartbeat.rebalanceInProgress', to: 'stable', rules: ['CL-08'], outcome: 'a rejoin is requested for the next poll' }),
            t({ case: 'heartbeat.unknownMember', to: 'unjoined', rules: ['CL-06', 'CL-15'], outcome: 'member id and generation reset, partitions lost' }),
            t({ case: 'heartbeat.illegalGeneration', to: 'unjoined', rules: ['CL-07', 'CL-15'], outcome: 'generation reset, partitions lost' }),
            t({ case: 'heartbeat.coordinatorError', to: 'stable', rules: ['CL-09'], outcome: 'coordinator unknown; sends FindCoordinator; keeps its assignment' }),
            t({ case: 'heartbeat.fenced', to: 'fatal', rules: ['CL-11'], outcome: 'FencedInstanceIdException' }),
          ],
          'response.offsetCommit': [
            t({ case: 'commit.ok', to: 'stable', rules: ['CL-16'], outcome: 'nothing changes' }),
            t({ case: 'commit.unknownMember', to: 'unjoined', rules: ['CL-06', 'CL-15'], outcome: 'CommitFailedException; member id and generation reset, partitions lost' }),
            t({ case: 'commit.illegalGeneration', to: 'unjoined', rules: ['CL-07', 'CL-15'], outcome: 'CommitFailedException; generation reset, partitions lost' }),
            t({ case: 'commit.coordinatorError', to: 'stable', rules: ['CL-09'], outcome: 'coordinator unknown; sends FindCoordinator; keeps its assignment' }),
            t({ case: 'commit.fenced', to: 'fatal', rules: ['CL-11'], outcome: 'FencedInstanceIdException' }),
          ],
          'timer.heartbeat': [t({ case: 'heartbeat.send', to: 'stable', rules: ['CL-16'], outcome: 'sends Heartbeat' })],
          'timer.pollTimeout': [t({ case: 'pollTimeout', to: 'unjoined', rules: ['CL-18', 'CL-15'], outcome: 'a dynamic member sends LeaveGroup; member id and generation reset, partitions lost' })],
          close: [
            t({ case: 'close.leave', to: 'leaving', rules: ['CL-19'], outcome: 'partitions revoked; sends LeaveGroup' }),
            t({ case: 'close.now', to: 'left', rules: ['CL-19'], outcome: 'partitions revoked; closed without LeaveGroup' }),
          ],
        },
      },
      leaving: {
        description: `LeaveGroup is in flight after close; owns and reads nothing. Any answer ends it.`,
        on: {
          'response.leaveGroup': [t({ case: 'leave.done', to: 'left', rules: ['CL-19'], outcome: 'closed' })],
        },
      },
      left: {
        type: 'final',
        description: `Closed (final): the member owns, reads and sends nothing and accepts no further event.`,
      },
      fatal: {
        description: `A fatal error was raised to the application: the member owns, reads and sends nothing; each poll raises the error again; close ends it without LeaveGroup.`,
        on: {
          poll: [t({ case: 'poll.fatal', to: 'fatal', rules: ['CL-20'], outcome: 'the fatal error is raised again' })],
          close: [t({ case: 'close.now', to: 'left', rules: ['CL-20'], outcome: 'closed without LeaveGroup' })],
        },
      },
    },
  });
}

/** The type of a member statechart. */
export type ClassicMemberMachine = ReturnType<typeof createClassicMemberMachine>;
