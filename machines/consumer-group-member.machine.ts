/**
 * One member of a KIP-848 consumer group as the coordinator sees it, as an XState statechart:
 * its reconciliation toward its target assignment (Kafka's `MemberState` and
 * `CurrentAssignmentBuilder`), plus not being a member (never joined, left, fenced).
 *
 * @remarks
 * The focal member is slot `m1` of the consumer-group model (consumer-group.machine.ts: the
 * same symbolic world, the same step function, the same timing). Its own heartbeats and timers
 * are events with `member: 'm1'`; whatever the other member does arrives as one `peer` event
 * wrapping the peer's event, which never changes the focal member's state (a member moves only
 * on its own heartbeats and timers; the peer can only release or take partitions it waits for).
 * @see spec/machines/consumer-group-member.md (generated transition table)
 * @packageDocumentation
 */
import { assign, setup } from 'xstate';
import { initialConsumerGroupContext, memberStateOf, slotOfEvent, stepConsumerGroup } from './consumer-group.model.js';
import { CASE_EVENT } from './consumer-group.machine.js';
import type { ConsumerGroupMachineOptions } from './consumer-group.machine.js';
import { rulesOf } from './consumer-group.rules.js';
import type { CgRuleKey } from './consumer-group.rules.js';
import type { CgCase, CgContext, CgEvent, CgMemberEvent, CgMemberStateKey, CgSlot, CgStep } from './consumer-group.types.js';
import { transitionFor } from './transition.js';

/** The slot the member statechart follows. */
export const FOCAL: CgSlot = 'm1';

/** The model event of a member-statechart event, or null when it names the wrong slot. */
export function groupEventOf(event: CgMemberEvent): CgEvent | null {
  if (event.type === 'peer') return slotOfEvent(event.event) === FOCAL ? null : event.event;
  return event.member === FOCAL ? event : null;
}

/** The member-statechart event of a model event: the focal member's own, or wrapped as `peer`. */
export function memberEventOf(event: CgEvent): CgMemberEvent {
  return event.type !== 'admin.deleteGroups' && event.member === FOCAL ? event : { type: 'peer', event };
}

/** The case of a member-statechart step: the model's case, or `peer`. */
export type CgMemberCase = CgCase | 'peer';

const OUTCOME: Readonly<Record<CgMemberStateKey, string>> = {
  unsubscribed: 'not a member',
  stable: 'STABLE: owns every partition of its target it can have',
  unrevokedPartitions: 'UNREVOKED_PARTITIONS: revokes first, at the same epoch',
  unreleasedPartitions: 'UNRELEASED_PARTITIONS: at the target epoch, waits for partitions others hold',
  left: 'left the group',
  fenced: 'removed by the coordinator',
};

const STATE_RULES: Readonly<Record<CgMemberStateKey, readonly CgRuleKey[]>> = {
  unsubscribed: [],
  stable: ['reconcile'],
  unrevokedPartitions: ['revoke'],
  unreleasedPartitions: ['unreleased'],
  left: ['leave'],
  fenced: [],
};

function on(from: CgMemberStateKey, cases: Partial<Record<CgMemberCase, readonly CgMemberStateKey[]>>) {
  const out: Record<string, ReturnType<typeof transitionFor<CgMemberCase, CgMemberStateKey>>[]> = {};
  for (const [kase, targets] of Object.entries(cases) as [CgMemberCase, readonly CgMemberStateKey[]][]) {
    const type = kase === 'peer' ? 'peer' : CASE_EVENT[kase];
    for (const to of targets) {
      const extra: CgRuleKey[] = [...(to === from ? [] : STATE_RULES[to]), ...(from === 'unrevokedPartitions' && to !== from && kase === 'heartbeat' ? (['acknowledge'] as const) : [])];
      const outcome = kase === 'peer' ? 'the other member acts; this one does not move' : `${kase}: ${OUTCOME[to]}`;
      (out[type] ??= []).push(transitionFor({ case: kase, to, rules: rulesOf(kase, extra), outcome }));
    }
  }
  return out;
}

let cached: { context: CgContext; event: CgMemberEvent; step: CgStep | null } | undefined;
function cachedStep(context: CgContext, event: CgMemberEvent): CgStep | null {
  if (cached?.context !== context || cached.event !== event) {
    const e = groupEventOf(event);
    cached = { context, event, step: e === null ? null : stepConsumerGroup(context, e) };
  }
  return cached.step;
}

const JOINS: readonly CgMemberStateKey[] = ['stable', 'unreleasedPartitions'];

/**
 * Builds the member statechart. Three topics are needed to reach every transition (a member
 * that switches topics while the one it wants is still being revoked by the other).
 */
export function createConsumerGroupMemberMachine(options: ConsumerGroupMachineOptions = {}) {
  return setup({
    types: {} as { context: CgContext; events: CgMemberEvent },
    guards: {
      is: ({ context, event }, params: { case: CgMemberCase; to: CgMemberStateKey }) => {
        const step = cachedStep(context, event);
        if (step === null) return false;
        const kase = event.type === 'peer' ? 'peer' : step.case;
        return kase === params.case && memberStateOf(step.context, FOCAL) === params.to;
      },
    },
    actions: {
      apply: assign(({ context, event }) => {
        const step = cachedStep(context, event);
        if (step === null) throw new Error(`consumer-group-member: ${event.type} was taken but the model does not accept it`);
        return step.context;
      }),
    },
  }).createMachine({
    id: 'consumer-group-member',
    initial: 'unsubscribed',
    context: initialConsumerGroupContext(options.topics ?? 3),
    states: {
      unsubscribed: {
        description: `Not a member yet. A heartbeat with epoch 0 joins with a fresh member id: the member reaches the target epoch at once and gets the partitions of its target nobody holds (STABLE), or waits for those still held (UNRELEASED_PARTITIONS).`,
        on: on('unsubscribed', { join: JOINS, peer: ['unsubscribed'] }),
      },
      stable: {
        description: `STABLE: the member owns every partition of its target it can have and has nothing to revoke. A heartbeat at an older epoch than the target's moves it on (to STABLE at the new epoch, or revoking first, or waiting); a subscription change does the same at once. An epoch above its own is FENCED_MEMBER_EPOCH; its previous epoch is accepted when it owns only what it is assigned.`,
        on: on('stable', {
          heartbeat: ['stable'],
          subscribe: ['stable', 'unrevokedPartitions', 'unreleasedPartitions'],
          previousEpoch: ['stable'],
          futureEpoch: ['stable'],
          leave: ['left'],
          sessionExpired: ['fenced'],
          peer: ['stable'],
        }),
      },
      unrevokedPartitions: {
        description: `UNREVOKED_PARTITIONS: the member keeps its epoch and must first give up the partitions pending revocation; nothing new is assigned meanwhile. While its heartbeats still report one of them it stays; once they report none it moves on toward the latest target. Its rebalance timeout runs: if it fires first, the member is fenced.`,
        on: on('unrevokedPartitions', {
          heartbeat: ['stable', 'unreleasedPartitions'],
          stillRevoking: ['unrevokedPartitions'],
          futureEpoch: ['unrevokedPartitions'],
          leave: ['left'],
          rebalanceExpired: ['fenced'],
          peer: ['unrevokedPartitions'],
        }),
      },
      unreleasedPartitions: {
        description: `UNRELEASED_PARTITIONS: the member is at the target epoch but some partitions of its target are still held by another member (assigned or pending revocation there). Every heartbeat reconciles again and takes those released meanwhile.`,
        on: on('unreleasedPartitions', {
          heartbeat: ['stable', 'unreleasedPartitions'],
          subscribe: ['stable', 'unreleasedPartitions', 'unrevokedPartitions'],
          previousEpoch: ['stable', 'unreleasedPartitions'],
          futureEpoch: ['unreleasedPartitions'],
          leave: ['left'],
          sessionExpired: ['fenced'],
          peer: ['unreleasedPartitions'],
        }),
      },
      left: {
        description: `The member left with epoch -1: it was removed at once, its partitions freed, the group epoch bumped. Its old member id is unknown from now on (UNKNOWN_MEMBER_ID); a heartbeat with epoch 0 joins again with a fresh id.`,
        on: on('left', { join: JOINS, unknownMember: ['left'], peer: ['left'] }),
      },
      fenced: {
        description: `The coordinator removed the member: its session timed out, or its rebalance timeout ended while it was still revoking. As after leaving, its partitions are free, the group epoch is bumped, and its old id is unknown; it may join again with a fresh id.`,
        on: on('fenced', { join: JOINS, unknownMember: ['fenced'], peer: ['fenced'] }),
      },
    },
  });
}

/** The type of the member statechart. */
export type ConsumerGroupMemberMachine = ReturnType<typeof createConsumerGroupMemberMachine>;
