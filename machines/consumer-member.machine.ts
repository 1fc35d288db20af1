/**
 * The lifecycle of a KIP-848 member on the client side (`group.protocol=consumer`) as an XState
 * statechart, written from KIP-848 and the Java client's documented `MemberState` (UNSUBSCRIBED,
 * JOINING, RECONCILING, ACKNOWLEDGING, STABLE, FENCED, PREPARE_LEAVING, LEAVING, STALE, FATAL).
 *
 * @remarks
 * The model is an argument, not a second consumer: partitions are counts (how many the member
 * owns, how many the current target revokes and adds), the member epoch is a count of targets
 * received since the member last joined, and there is one topic. Events are what the member
 * sees or does: the application's `poll` and `close`, the heartbeat answers (`heartbeat.ok`
 * with the revoke/add counts of a new target, `heartbeat.fenced` for FENCED_MEMBER_EPOCH or
 * UNKNOWN_MEMBER_ID, `heartbeat.fatal`), the heartbeat it sends (`heartbeat.sent` with its
 * epoch), the end of a reconciliation (`reconciled`), the rebalance callbacks
 * (`callback.revoked`, `callback.lost`), the poll timer (`timer.poll`: timers are events, no
 * `after` or `invoke`) and `leave` (the leave callbacks are done). The guards carry the claims
 * worth checking: revoke before acknowledging (CL-45), lose before rejoining (CL-38), revoke
 * before leaving on close (CL-40), the leave epoch -1 or -2 (CL-44).
 *
 * Transitions of Java's `MemberState` table the model leaves out, because the project's
 * consumer cannot be driven into them against a conforming coordinator (see
 * {@link CONSUMER_MEMBER_OMITTED}): they are listed with the reason, so a reader knows the
 * model is not silent about them by accident.
 * @see spec/consumer-member.md CL-35..CL-46
 * @see spec/machines/consumer-member.md (generated transition table)
 * @packageDocumentation
 */
import { assign, setup } from 'xstate';

/** What the member model remembers: counts, never partition ids. */
export interface ConsumerMemberContext {
  /** Static member (`group.instance.id`): leaves with epoch -2 (CL-44). */
  readonly isStatic: boolean;
  /** Partitions the member owns. */
  readonly owned: number;
  /** Partitions the current target takes away / adds (while RECONCILING). */
  readonly revoking: number;
  readonly adding: number;
  /** Whether onPartitionsRevoked ran for the current target's revocation. */
  readonly revokedCalled: boolean;
  /** Targets received since the member last joined (a symbolic member epoch; 0 when joining). */
  readonly epoch: number;
  /** Left because the poll timer expired: leaving ends in STALE and the partitions are lost. */
  readonly stale: boolean;
}

/** The events of the member statechart. */
export type ConsumerMemberEvent =
  | { readonly type: 'poll' }
  | { readonly type: 'close' }
  | { readonly type: 'heartbeat.ok'; readonly revoke: number; readonly add: number }
  | { readonly type: 'heartbeat.fenced' }
  | { readonly type: 'heartbeat.fatal' }
  | { readonly type: 'heartbeat.sent'; readonly epoch: number }
  | { readonly type: 'reconciled'; readonly revoked: number; readonly added: number }
  | { readonly type: 'callback.revoked'; readonly count: number }
  | { readonly type: 'callback.lost'; readonly count: number }
  | { readonly type: 'timer.poll' }
  | { readonly type: 'leave' };

/** Options of {@link createConsumerMemberMachine}. */
export interface ConsumerMemberOptions {
  readonly isStatic?: boolean;
}

/** The initial context: an unsubscribed member that owns nothing. */
export function initialConsumerMemberContext(options: ConsumerMemberOptions = {}): ConsumerMemberContext {
  return { isStatic: options.isStatic ?? false, owned: 0, revoking: 0, adding: 0, revokedCalled: false, epoch: 0, stale: false };
}

/**
 * Transitions of Java's `MemberState` table the model omits, each with why the consumer cannot
 * be driven into it (so no model-based path could check it).
 */
export const CONSUMER_MEMBER_OMITTED: Readonly<Record<string, string>> = {
  'JOINING>FENCED': 'the only heartbeat a JOINING member has in flight carries epoch 0 (answers to older requests are dropped by request id), and a conforming coordinator answers a (re)join neither FENCED_MEMBER_EPOCH nor UNKNOWN_MEMBER_ID',
  'PREPARE_LEAVING>FENCED, PREPARE_LEAVING>FATAL': 'PREPARE_LEAVING runs the callbacks synchronously and moves on to LEAVING before any answer is read',
  'LEAVING>FENCED, LEAVING>FATAL': 'sending the leave heartbeat ends the membership; its answer is ignored',
  'RECONCILING>STABLE': 'a reconciling member becomes STABLE only through ACKNOWLEDGING: a target that reverts to what it owns is acknowledged (CL-54); Kafka takes this move when a new target equals the local assignment it already acknowledged, which this consumer never holds apart from its target',
  'PREPARE_LEAVING>UNSUBSCRIBED': 'this consumer always goes from PREPARE_LEAVING to LEAVING: close and the poll timer both send the leave heartbeat',
  'UNSUBSCRIBED>PREPARE_LEAVING, UNSUBSCRIBED>FATAL': 'this consumer starts leaving only from JOINING, RECONCILING, ACKNOWLEDGING or STABLE (close, the poll timer), and becomes FATAL only on a heartbeat answer, which an UNSUBSCRIBED member never gets',
};

const OUT_FATAL_IN_GROUP = 'FENCED_INSTANCE_ID (its static instance id taken over meanwhile): no more heartbeats';
const OUT_POLL = 'max.poll.interval.ms without a poll: leave, keeping the partitions to lose';
const OUT_ACK_RETARGET = 'a heartbeat in flight is answered with a newer target: it waits for the acknowledging heartbeat';
const OUT_ACK_AGAIN = 'the acknowledging heartbeat is sent while a newer target differs from what it owns: RECONCILING again';
const OUT_REVERTED = 'a newer target equal to what it owns (an offer taken back): acknowledged at once, without callbacks or a poll';

type Ctx = { context: ConsumerMemberContext; event: ConsumerMemberEvent };

const newTarget = (kase: string, rules: readonly string[], outcome: string, guard: (c: Ctx) => boolean) => ({
  target: 'RECONCILING' as const,
  guard,
  actions: 'target' as const,
  description: outcome,
  meta: { case: kase, rules, outcome },
});

const ev = <T extends ConsumerMemberEvent['type']>(e: ConsumerMemberEvent, type: T): Extract<ConsumerMemberEvent, { type: T }> => {
  if (e.type !== type) throw new Error(`consumer-member: expected ${type}, got ${e.type}`);
  return e as Extract<ConsumerMemberEvent, { type: T }>;
};

const hbOk = (c: Ctx) => ev(c.event, 'heartbeat.ok');
const changes = (c: Ctx) => hbOk(c).revoke + hbOk(c).add > 0;
const leaveEpoch = (c: Ctx) => ev(c.event, 'heartbeat.sent').epoch === (c.context.isStatic ? -2 : -1);

/** Builds the KIP-848 member statechart (client side). */
export function createConsumerMemberMachine(options: ConsumerMemberOptions = {}) {
  return setup({
    types: {} as { context: ConsumerMemberContext; events: ConsumerMemberEvent; input: ConsumerMemberOptions | undefined },
    actions: {
      join: assign({ epoch: 0, stale: false, revoking: 0, adding: 0, revokedCalled: false }),
      target: assign(({ context, event }) => {
        const e = ev(event, 'heartbeat.ok');
        return { revoking: e.revoke, adding: e.add, revokedCalled: false, epoch: context.epoch + 1 };
      }),
      bump: assign(({ context }) => ({ epoch: context.epoch + 1 })),
      revoked: assign(({ context, event }) => ({ owned: context.owned - ev(event, 'callback.revoked').count, revokedCalled: true })),
      lost: assign({ owned: 0 }),
      reconciled: assign(({ context }) => ({ owned: context.owned - (context.revokedCalled ? 0 : context.revoking) + context.adding, revoking: 0, adding: 0, revokedCalled: false })),
      fenced: assign({ epoch: 0, revoking: 0, adding: 0, revokedCalled: false }),
      stale: assign({ stale: true }),
      settle: assign({ revoking: 0, adding: 0, revokedCalled: false }),
    },
  }).createMachine({
    id: 'consumer-member',
    initial: 'UNSUBSCRIBED',
    // The actor's input (static or not) wins over the factory's options, so one machine (one
    // set of transition definitions for coverage) serves both kinds of member.
    context: ({ input }) => initialConsumerMemberContext(input ?? options),
    states: {
      UNSUBSCRIBED: {
        description: 'Not in the group: a new consumer, or one that left. It sends nothing; a poll with a subscription starts joining.',
        on: { poll: { target: 'JOINING', actions: 'join', description: 'first poll with a subscription: heartbeats with epoch 0 and every field', meta: { case: 'join', rules: ['CL-35', 'CL-36'], outcome: 'first poll with a subscription: heartbeats with epoch 0 and every field' } } },
      },
      JOINING: {
        description: 'Heartbeats with epoch 0 and every field. An answer with an assignment makes it RECONCILING (or STABLE when there is nothing to reconcile); a fatal error ends it; close leaves.',
        on: {
          'heartbeat.ok': [
            newTarget('assigned', ['CL-37'], 'a target that differs from what it owns: the next poll reconciles', changes),
            { target: 'STABLE', guard: (c: Ctx) => !changes(c), actions: 'bump', description: 'a target equal to what it owns (nothing): STABLE at once, no callbacks', meta: { case: 'assigned.nothing', rules: ['CL-37', 'CL-43'], outcome: 'a target equal to what it owns (nothing): STABLE at once, no callbacks' } },
          ],
          'timer.poll': { target: 'PREPARE_LEAVING', actions: 'stale', description: OUT_POLL, meta: { case: 'pollTimeout', rules: ['CL-38', 'CL-39'], outcome: OUT_POLL } },
          'heartbeat.fatal': { target: 'FATAL', description: 'an unrecoverable error: no more heartbeats; every poll raises it', meta: { case: 'fatal', rules: ['CL-42'], outcome: 'an unrecoverable error: no more heartbeats; every poll raises it' } },
          close: { target: 'PREPARE_LEAVING', description: 'close: commit (auto-commit), then onPartitionsRevoked for what it owns', meta: { case: 'close', rules: ['CL-40'], outcome: 'close: commit (auto-commit), then onPartitionsRevoked for what it owns' } },
        },
      },
      RECONCILING: {
        description: 'The target differs from what it owns. A poll commits, runs onPartitionsRevoked for what the target takes away, then onPartitionsAssigned, and acknowledges; a newer target restarts it; fencing loses everything.',
        on: {
          'callback.revoked': { guard: ({ context, event }) => !context.revokedCalled && ev(event, 'callback.revoked').count === context.revoking && context.revoking > 0, actions: 'revoked', description: 'onPartitionsRevoked ran with exactly what the target takes away', meta: { case: 'revoke', rules: ['CL-39', 'CL-45'], outcome: 'onPartitionsRevoked ran with exactly what the target takes away' } },
          reconciled: {
            target: 'ACKNOWLEDGING',
            guard: ({ context, event }) => (context.revoking === 0 || context.revokedCalled) && ev(event, 'reconciled').revoked === context.revoking && ev(event, 'reconciled').added === context.adding,
            actions: 'reconciled',
            description: 'owns the target (revoked first): the acknowledging heartbeat goes at once', meta: { case: 'reconciled', rules: ['CL-39', 'CL-45'], outcome: 'owns the target (revoked first): the acknowledging heartbeat goes at once' },
          },
          'heartbeat.ok': [
            newTarget('retarget', ['CL-37', 'CL-39'], 'a newer target while reconciling: the reconciliation starts over', changes),
            { target: 'ACKNOWLEDGING', guard: (c: Ctx) => !changes(c), actions: ['bump', 'settle'], description: OUT_REVERTED, meta: { case: 'reverted', rules: ['CL-37', 'CL-54'], outcome: OUT_REVERTED } },
          ],
          'timer.poll': { target: 'PREPARE_LEAVING', actions: 'stale', description: OUT_POLL, meta: { case: 'pollTimeout', rules: ['CL-38', 'CL-39'], outcome: OUT_POLL } },
          'heartbeat.fatal': { target: 'FATAL', description: OUT_FATAL_IN_GROUP, meta: { case: 'fatal', rules: ['CL-42'], outcome: OUT_FATAL_IN_GROUP } },
          'heartbeat.fenced': { target: 'FENCED', actions: 'fenced', description: 'FENCED_MEMBER_EPOCH or UNKNOWN_MEMBER_ID: epoch 0, partitions to lose', meta: { case: 'fenced', rules: ['CL-38'], outcome: 'FENCED_MEMBER_EPOCH or UNKNOWN_MEMBER_ID: epoch 0, partitions to lose' } },
          close: { target: 'PREPARE_LEAVING', description: 'close: commit (auto-commit), then onPartitionsRevoked for what it owns', meta: { case: 'close', rules: ['CL-40'], outcome: 'close: commit (auto-commit), then onPartitionsRevoked for what it owns' } },
        },
      },
      ACKNOWLEDGING: {
        description: 'Reconciled: the next heartbeat goes at once (once a heartbeat in flight is answered) and reports what it owns; sending it makes the member STABLE. Fencing or close end it.',
        on: {
          'timer.poll': { target: 'PREPARE_LEAVING', actions: 'stale', description: OUT_POLL, meta: { case: 'pollTimeout', rules: ['CL-38', 'CL-39'], outcome: OUT_POLL } },
          'heartbeat.fatal': { target: 'FATAL', description: OUT_FATAL_IN_GROUP, meta: { case: 'fatal', rules: ['CL-42'], outcome: OUT_FATAL_IN_GROUP } },
          'heartbeat.fenced': { target: 'FENCED', actions: 'fenced', description: 'FENCED_MEMBER_EPOCH or UNKNOWN_MEMBER_ID answering a heartbeat still in flight: epoch 0, partitions to lose', meta: { case: 'fenced', rules: ['CL-38'], outcome: 'FENCED_MEMBER_EPOCH or UNKNOWN_MEMBER_ID answering a heartbeat still in flight: epoch 0, partitions to lose' } },
          'heartbeat.ok': { guard: changes, actions: 'target', description: OUT_ACK_RETARGET, meta: { case: 'retarget', rules: ['CL-37', 'CL-39'], outcome: OUT_ACK_RETARGET } },
          'heartbeat.sent': [
            { target: 'RECONCILING', guard: ({ context, event }) => ev(event, 'heartbeat.sent').epoch > 0 && context.revoking + context.adding > 0, description: OUT_ACK_AGAIN, meta: { case: 'acknowledge.retarget', rules: ['CL-39', 'CL-43'], outcome: OUT_ACK_AGAIN } },
            { target: 'STABLE', guard: ({ context, event }) => ev(event, 'heartbeat.sent').epoch > 0 && context.revoking + context.adding === 0, description: 'the heartbeat reporting the owned partitions is sent', meta: { case: 'acknowledge', rules: ['CL-43'], outcome: 'the heartbeat reporting the owned partitions is sent' } },
          ],
          close: { target: 'PREPARE_LEAVING', description: 'close: commit (auto-commit), then onPartitionsRevoked for what it owns', meta: { case: 'close', rules: ['CL-40'], outcome: 'close: commit (auto-commit), then onPartitionsRevoked for what it owns' } },
        },
      },
      STABLE: {
        description: 'Owns its target; heartbeats every interval. A new target makes it RECONCILING; fencing, a fatal error (FENCED_INSTANCE_ID), the poll timer and close end it.',
        on: {
          'heartbeat.ok': newTarget('assigned', ['CL-37'], 'a target that differs from what it owns: the next poll reconciles', changes),
          'heartbeat.fatal': { target: 'FATAL', description: OUT_FATAL_IN_GROUP, meta: { case: 'fatal', rules: ['CL-42'], outcome: OUT_FATAL_IN_GROUP } },
          'heartbeat.fenced': { target: 'FENCED', actions: 'fenced', description: 'FENCED_MEMBER_EPOCH or UNKNOWN_MEMBER_ID: epoch 0, partitions to lose', meta: { case: 'fenced', rules: ['CL-38'], outcome: 'FENCED_MEMBER_EPOCH or UNKNOWN_MEMBER_ID: epoch 0, partitions to lose' } },
          'timer.poll': { target: 'PREPARE_LEAVING', actions: 'stale', description: 'max.poll.interval.ms without a poll: leave, keeping the partitions to lose', meta: { case: 'pollTimeout', rules: ['CL-38', 'CL-39'], outcome: 'max.poll.interval.ms without a poll: leave, keeping the partitions to lose' } },
          close: { target: 'PREPARE_LEAVING', description: 'close: commit (auto-commit), then onPartitionsRevoked for what it owns', meta: { case: 'close', rules: ['CL-40'], outcome: 'close: commit (auto-commit), then onPartitionsRevoked for what it owns' } },
        },
      },
      FENCED: {
        description: 'FENCED_MEMBER_EPOCH or UNKNOWN_MEMBER_ID: out of the group with epoch 0. The next poll runs onPartitionsLost, then rejoins at once; close only loses them.',
        on: {
          'callback.lost': { guard: ({ context, event }) => context.owned > 0 && ev(event, 'callback.lost').count === context.owned, actions: 'lost', description: 'the next poll runs onPartitionsLost with everything it owned', meta: { case: 'lose', rules: ['CL-38'], outcome: 'the next poll runs onPartitionsLost with everything it owned' } },
          poll: { target: 'JOINING', guard: ({ context }) => context.owned === 0, actions: 'join', description: 'then joins again with epoch 0', meta: { case: 'rejoin', rules: ['CL-38'], outcome: 'then joins again with epoch 0' } },
          close: { target: 'UNSUBSCRIBED', guard: ({ context }) => context.owned === 0, description: 'close of a fenced member: its partitions were lost; nothing to send', meta: { case: 'close', rules: ['CL-40'], outcome: 'close of a fenced member: its partitions were lost; nothing to send' } },
        },
      },
      PREPARE_LEAVING: {
        description: 'Leaving (close, or the poll timer): close runs onPartitionsRevoked for what it owns; a stale member keeps them to lose later. Then LEAVING.',
        on: {
          'callback.revoked': { guard: ({ context, event }) => !context.stale && context.owned > 0 && ev(event, 'callback.revoked').count === context.owned, actions: assign({ owned: 0 }), description: 'onPartitionsRevoked with everything it owns', meta: { case: 'revoke', rules: ['CL-40'], outcome: 'onPartitionsRevoked with everything it owns' } },
          leave: { target: 'LEAVING', guard: ({ context }) => context.stale || context.owned === 0, description: 'callbacks done: the leave heartbeat is due', meta: { case: 'leave', rules: ['CL-40'], outcome: 'callbacks done: the leave heartbeat is due' } },
        },
      },
      LEAVING: {
        description: 'Sends the leave heartbeat (epoch -1; a static member -2); sending it ends the membership: UNSUBSCRIBED, or STALE after the poll timer.',
        on: {
          'heartbeat.sent': [
            { target: 'UNSUBSCRIBED', guard: (c: Ctx) => !c.context.stale && !c.context.isStatic && leaveEpoch(c), description: 'the leave heartbeat (epoch -1) is sent: out of the group', meta: { case: 'left', rules: ['CL-40', 'CL-44'], outcome: 'the leave heartbeat (epoch -1) is sent: out of the group' } },
            { target: 'UNSUBSCRIBED', guard: (c: Ctx) => !c.context.stale && c.context.isStatic && leaveEpoch(c), description: 'the static leave heartbeat (epoch -2) is sent: out of the group', meta: { case: 'left.static', rules: ['CL-40', 'CL-44'], outcome: 'the static leave heartbeat (epoch -2) is sent: out of the group' } },
            { target: 'STALE', guard: (c: Ctx) => c.context.stale && leaveEpoch(c), description: 'the leave heartbeat is sent after the poll timer: STALE until the next poll', meta: { case: 'stale', rules: ['CL-38', 'CL-44'], outcome: 'the leave heartbeat is sent after the poll timer: STALE until the next poll' } },
          ],
        },
      },
      STALE: {
        description: 'Left because the application stopped polling. The next poll runs onPartitionsLost and rejoins.',
        on: {
          'callback.lost': { guard: ({ context, event }) => context.owned > 0 && ev(event, 'callback.lost').count === context.owned, actions: 'lost', description: 'the next poll runs onPartitionsLost with everything it owned', meta: { case: 'lose', rules: ['CL-38'], outcome: 'the next poll runs onPartitionsLost with everything it owned' } },
          poll: { target: 'JOINING', guard: ({ context }) => context.owned === 0, actions: 'join', description: 'then joins again with epoch 0', meta: { case: 'rejoin', rules: ['CL-38'], outcome: 'then joins again with epoch 0' } },
        },
      },
      FATAL: {
        description: 'An unrecoverable heartbeat error: no more requests; every poll raises it.',
      },
    },
  });
}

/** The type of the KIP-848 member statechart. */
export type ConsumerMemberMachine = ReturnType<typeof createConsumerMemberMachine>;
