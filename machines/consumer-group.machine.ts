/**
 * The lifecycle of a KIP-848 consumer group on the coordinator as an XState statechart: the
 * oracle that model-based tests compare the coordinator with.
 *
 * @remarks
 * **The symbolic world.** Two member slots (`m1`, `m2`; each join takes a fresh member id) and
 * three topics of one partition each, subscribed by at most one member at a time, so the
 * target assignment is decided by the subscriptions alone (consumer-group.types.ts). Epochs
 * are counts; the statechart's states are the group states Kafka derives from them: Empty (no
 * members), Assigning (group epoch ahead of the target epoch), Reconciling (some member not
 * STABLE at the target epoch), Stable, and Dead once deleted. Every event is a
 * ConsumerGroupHeartbeat of one member, one of its timers, or an admin's DeleteGroups;
 * `stepConsumerGroup` (consumer-group.model.ts) says what it does.
 *
 * **Time.** No `after` or `invoke`: `timer.consumerSessionExpired` and
 * `timer.consumerRebalanceExpired` are events. The context keeps the armed timers in deadline
 * order and offers a timer event only for the first. Driving it: every heartbeat is sent a
 * little after the previous one and before the next deadline (no two at the same instant),
 * with a rebalance timeout one millisecond shorter than the session timeout, so deadlines
 * fall in arming order (a heartbeat arms the rebalance timer before it restarts the session
 * timer); a timer event advances the clock to the coordinator's next deadline.
 *
 * Dead is reached by DeleteGroups of the Empty group (spec/consumer-group-admin.md); offset
 * expiration, the other way there, is kept out of reach of a run.
 *
 * **What is left out.** Members sharing a topic (the assignors' business), static
 * members, regular expressions, topic metadata changes, a subscription change while revoking,
 * and rejoining with a known member id (each join takes a fresh id).
 * @see spec/machines/consumer-group.md (generated transition table)
 * @packageDocumentation
 */
import { assign, setup } from 'xstate';
import { groupStateOf, stepConsumerGroup } from './consumer-group.model.js';
import { rulesOf } from './consumer-group.rules.js';
import type { CgRuleKey } from './consumer-group.rules.js';
import type { CgCase, CgContext, CgEvent, CgGroupStateKey, CgStep } from './consumer-group.types.js';
import { initialConsumerGroupContext } from './consumer-group.model.js';
import { transitionFor } from './transition.js';

/** The event type each case is taken on. */
export const CASE_EVENT: Readonly<Record<CgCase, CgEvent['type']>> = {
  join: 'heartbeat.join',
  heartbeat: 'heartbeat.regular',
  stillRevoking: 'heartbeat.regular',
  subscribe: 'heartbeat.subscribe',
  previousEpoch: 'heartbeat.previousEpoch',
  futureEpoch: 'heartbeat.futureEpoch',
  leave: 'heartbeat.leave',
  unknownMember: 'heartbeat.unknownMember',
  sessionExpired: 'timer.consumerSessionExpired',
  rebalanceExpired: 'timer.consumerRebalanceExpired',
  deleteGroup: 'admin.deleteGroups',
  deleteNonEmpty: 'admin.deleteGroups',
};

const OUTCOME: Readonly<Record<CgGroupStateKey, string>> = {
  empty: 'no member is left',
  assigning: 'the group epoch is ahead of the target epoch until the next heartbeat',
  reconciling: 'some member is not STABLE at the target epoch',
  stable: 'every member is STABLE at the target epoch',
  dead: 'the group is deleted',
};

const STATE_RULES: Readonly<Record<CgGroupStateKey, readonly CgRuleKey[]>> = {
  empty: ['groupState'],
  assigning: ['groupState'],
  reconciling: ['groupState', 'revoke', 'unreleased'],
  stable: ['groupState'],
  dead: ['deleteGroup'],
};

/** The transitions of one state: for each case, the states it may lead to. */
function on(from: CgGroupStateKey, cases: Partial<Record<CgCase, readonly CgGroupStateKey[]>>) {
  const out: Record<string, ReturnType<typeof transitionFor<CgCase, CgGroupStateKey>>[]> = {};
  for (const [kase, targets] of Object.entries(cases) as [CgCase, readonly CgGroupStateKey[]][]) {
    const type = CASE_EVENT[kase];
    for (const to of targets) {
      const extra = to === from ? [] : STATE_RULES[to];
      (out[type] ??= []).push(transitionFor({ case: kase, to, rules: rulesOf(kase, extra), outcome: `${kase}: ${OUTCOME[to]}` }));
    }
  }
  return out;
}

let cached: { context: CgContext; event: CgEvent; step: CgStep | null } | undefined;
function cachedStep(context: CgContext, event: CgEvent): CgStep | null {
  if (cached?.context !== context || cached.event !== event) cached = { context, event, step: stepConsumerGroup(context, event) };
  return cached.step;
}

/** Options of the consumer-group statecharts. */
export interface ConsumerGroupMachineOptions {
  /** How many topics exist (1 to 3, default 3: fewer leave transitions unreachable). */
  readonly topics?: number;
}

/**
 * Builds the consumer-group statechart. Three topics are needed to reach every transition (a
 * member changing its subscription while the other one is not reconciled).
 */
export function createConsumerGroupMachine(options: ConsumerGroupMachineOptions = {}) {
  return setup({
    types: {} as { context: CgContext; events: CgEvent },
    guards: {
      is: ({ context, event }, params: { case: CgCase; to: CgGroupStateKey }) => {
        const step = cachedStep(context, event);
        return step !== null && step.case === params.case && groupStateOf(step.context) === params.to;
      },
    },
    actions: {
      apply: assign(({ context, event }) => {
        const step = cachedStep(context, event);
        if (step === null) throw new Error(`consumer-group: ${event.type} was taken but the model does not accept it`);
        return step.context;
      }),
    },
  }).createMachine({
    id: 'consumer-group',
    initial: 'empty',
    context: initialConsumerGroupContext(options.topics ?? 3),
    states: {
      empty: {
        description: `No members (Kafka's EMPTY; also a group id never used). A heartbeat with epoch 0 adds the first member, which gets every partition of its topics at once: nobody holds them, since removing a member frees its partitions. A heartbeat from a removed member id is answered UNKNOWN_MEMBER_ID. DeleteGroups deletes the group (Dead).`,
        on: on('empty', { join: ['stable'], unknownMember: ['empty'], deleteGroup: ['dead'] }),
      },
      assigning: {
        description: `The group epoch is ahead of the target assignment epoch (ASSIGNING): a member left or was fenced, and the target is recomputed by the next heartbeat that is accepted, which then reconciles its sender. Observable in Kafka 4.0 only in this way, since joins and subscription changes compute the target in the same heartbeat.`,
        on: on('assigning', {
          deleteNonEmpty: ['assigning'],
          join: ['reconciling'],
          heartbeat: ['stable'],
          stillRevoking: ['reconciling'],
          subscribe: ['reconciling', 'stable'],
          previousEpoch: ['stable'],
          futureEpoch: ['assigning'],
          leave: ['empty'],
          unknownMember: ['assigning'],
          sessionExpired: ['empty'],
          rebalanceExpired: ['empty'],
        }),
      },
      reconciling: {
        description: `The target is computed but some member is not STABLE at the target epoch (RECONCILING): it is behind, revoking partitions (UNREVOKED_PARTITIONS) or waiting for partitions others still hold (UNRELEASED_PARTITIONS). Each member's own heartbeats move it on; a member leaving or fenced bumps the group epoch (Assigning).`,
        on: on('reconciling', {
          deleteNonEmpty: ['reconciling'],
          join: ['reconciling'],
          heartbeat: ['reconciling', 'stable'],
          stillRevoking: ['reconciling'],
          subscribe: ['reconciling'],
          previousEpoch: ['reconciling', 'stable'],
          futureEpoch: ['reconciling'],
          leave: ['assigning', 'empty'],
          unknownMember: ['reconciling'],
          sessionExpired: ['assigning'],
          rebalanceExpired: ['assigning', 'empty'],
        }),
      },
      stable: {
        description: `Every member is STABLE at the target epoch (STABLE): each owns exactly its target. A join or a subscription change bumps the group epoch and recomputes the target (Reconciling unless the sender reaches it at once); a member leaving or fenced bumps the group epoch (Assigning, or Empty for the last one).`,
        on: on('stable', {
          deleteNonEmpty: ['stable'],
          join: ['reconciling'],
          heartbeat: ['stable'],
          subscribe: ['reconciling', 'stable'],
          previousEpoch: ['stable'],
          futureEpoch: ['stable'],
          leave: ['assigning', 'empty'],
          unknownMember: ['stable'],
          sessionExpired: ['assigning', 'empty'],
        }),
      },
      dead: {
        description: `DeleteGroups deleted the Empty group (DEAD): the coordinator keeps nothing of it, so a heartbeat from an old member id is GROUP_ID_NOT_FOUND, and a heartbeat with epoch 0 creates a new group whose epoch starts again from 0.`,
        on: on('dead', { join: ['stable'], unknownMember: ['dead'] }),
      },
    },
  });
}

/** The type of the consumer-group statechart. */
export type ConsumerGroupMachine = ReturnType<typeof createConsumerGroupMachine>;
