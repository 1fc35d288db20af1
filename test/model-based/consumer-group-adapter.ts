/**
 * The test adapter between the consumer-group statecharts (KIP-848) and the real coordinator:
 * it turns each model event into a ConsumerGroupHeartbeat to a {@link GroupCoordinatorRuntime}
 * (or a clock move for a timer) and checks the runtime against the model after every step.
 *
 * @remarks
 * Follows "Driving it" in `machines/consumer-group.machine.ts`: the model's topics (`tA`, ...), one
 * partition each; heartbeats v1 with client-generated member ids (`m1-1`, `m1-2`, ... a fresh
 * one per join), each sent {@link TICK_MS} after the previous step, joins with a rebalance
 * timeout one millisecond under the session timeout; a timer event advances the clock to the
 * coordinator's first consumer-group deadline. Requests carry exactly what the model's event
 * says (owned partitions included); nullable fields the event does not set are null.
 *
 * DeleteGroups is sent as an admin would (v2, the group alone) and its one result compared.
 *
 * Checked after every step: the answer (error code; on success the member epoch, and the
 * assignment, present exactly when the model says and equal to it); then the group as
 * `state.consumerGroups` holds it (or does not, once deleted): derived state, group and target epochs, the member ids, and
 * per member its epoch, previous epoch, reconciliation state, subscribed topics, assigned and
 * pending-revocation partitions and target; and the armed consumer-group timers, in deadline order.
 */
import { GroupCoordinatorRuntime } from '../../src/broker/group-coordinator.js';
import { cgHeartbeat } from '../helpers/consumer-group-context.js';
import type { ConsumerGroupHeartbeatRequest, ConsumerGroupHeartbeatResponse } from '../../src/protocol/messages/consumer-group-heartbeat.js';
import { consumerGroupState } from '../../src/protocol/consumer/group.js';
import type { Assignment } from '../../src/protocol/consumer/assignment.js';
import { CG_SLOTS, groupStateOf } from '../../machines/index.js';
import type { CgContext, CgEvent, CgSlot, CgTimer, CgTopic } from '../../machines/index.js';

/** The group every heartbeat names. */
export const CG_GROUP_ID = 'g';
/**
 * The longest time between two heartbeats. Before a heartbeat the clock moves by this, or by
 * half the time left to the next consumer-group deadline when that is less: the model lets any
 * number of heartbeats happen between two timers, and deadlines fall in the order their timers
 * were armed only if no two heartbeats share an instant (and are at least 2 ms apart, since a
 * rebalance timer is 1 ms shorter than a session).
 */
export const TICK_MS = 1024;
/**
 * The session timeout (and `group.consumer.max.session.timeout.ms`): long, so that halving the
 * ticks never runs out; the offsets cleanup is moved out of reach (INT32_MAX) so it never
 * touches the group within a run.
 */
export const SESSION_MS = 1 << 24;

/** A disagreement between the model and the coordinator. */
export class CgDisagreement extends Error {
  override readonly name = 'CgDisagreement';
}

function same(actual: unknown, expected: unknown, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new CgDisagreement(`${what}: coordinator ${a}, model ${e}`);
}

/** Drives one coordinator runtime with the model's events and compares. */
export class ConsumerGroupAdapter {
  /**
   * The broker's default assignors: every assignor gives each partition to its only
   * subscriber, so which one the coordinator picks does not matter to the model.
   */
  readonly runtime = new GroupCoordinatorRuntime({
    config: { consumerSessionTimeoutMs: SESSION_MS, consumerMaxSessionTimeoutMs: SESSION_MS, offsetsRetentionCheckIntervalMs: 2_147_483_647 },
  });
  private readonly topicIds = new Map<CgTopic, string>();
  private readonly topicOf = new Map<string, CgTopic>();
  /** The member id each slot uses now (its current or, once removed, its former one) and its last epoch. */
  private readonly ids = new Map<CgSlot, { id: string; epoch: number }>();
  private readonly joins = new Map<CgSlot, number>();
  private readonly sessionMs: number;

  /** `topics`: the topics of the model's context (`context.topics`). */
  constructor(private readonly topics: readonly CgTopic[]) {
    for (const t of topics) {
      const id = this.runtime.createTopic(t, 1);
      this.topicIds.set(t, id);
      this.topicOf.set(id, t);
    }
    this.sessionMs = this.runtime.config.consumerSessionTimeoutMs;
  }

  /** Applies one event (the model's snapshot before it given) and compares with the model after it. */
  step(before: CgContext, event: CgEvent, after: CgContext): void {
    if (event.type === 'timer.consumerSessionExpired' || event.type === 'timer.consumerRebalanceExpired') {
      const deadline = this.consumerTimers()[0]?.deadlineMs;
      if (deadline === undefined) throw new CgDisagreement('the model fires a timer but the coordinator has no consumer-group timer armed');
      this.runtime.advance(deadline - this.runtime.clock.nowMs());
    } else if (event.type === 'admin.deleteGroups') {
      this.runtime.advance(this.tick());
      const response = this.runtime.take(this.runtime.submit({ api: 'DeleteGroups', version: 2, clientId: 'mbt-admin', clientHost: '/127.0.0.1', groupsNames: [CG_GROUP_ID] }));
      if (response?.api !== 'DeleteGroups') throw new CgDisagreement(`no DeleteGroups answer (${JSON.stringify(response)})`);
      same(response.results.map((r) => [r.groupId, r.errorCode]), [[CG_GROUP_ID, after.answer?.errorCode]], 'DeleteGroups answer');
    } else {
      this.runtime.advance(this.tick());
      const request = this.requestOf(before, event);
      const response = this.runtime.take(this.runtime.submit(request));
      if (response?.api !== 'ConsumerGroupHeartbeat') throw new CgDisagreement(`no ConsumerGroupHeartbeat answer (${JSON.stringify(response)})`);
      this.checkAnswer(after, response, request);
      if (response.errorCode === 0 && response.memberEpoch > 0) this.ids.set(event.member, { id: request.memberId, epoch: response.memberEpoch });
    }
    this.checkGroup(after);
  }

  /** How far to move the clock before a heartbeat (see {@link TICK_MS}). */
  private tick(): number {
    const next = this.consumerTimers()[0]?.deadlineMs;
    if (next === undefined) return TICK_MS;
    const step = Math.min(TICK_MS, Math.floor((next - this.runtime.clock.nowMs()) / 2));
    if (step < 2) throw new CgDisagreement(`the adapter cannot fit another heartbeat before the deadline at ${next}`);
    return step;
  }

  private requestOf(ctx: CgContext, event: Exclude<CgEvent, { type: `timer.${string}` | 'admin.deleteGroups' }>): ConsumerGroupHeartbeatRequest {
    // Every field not set below is "unchanged" (null, -1): the member sends only what changed.
    const base = cgHeartbeat({ clientId: 'mbt', groupId: CG_GROUP_ID });
    const slot = event.member;
    const m = ctx.members[slot];
    const current = this.ids.get(slot);
    if (event.type === 'heartbeat.join') {
      const n = (this.joins.get(slot) ?? 0) + 1;
      this.joins.set(slot, n);
      const memberId = `${slot}-${n}`;
      this.ids.set(slot, { id: memberId, epoch: 0 });
      return { ...base, memberId, memberEpoch: 0, rebalanceTimeoutMs: this.sessionMs - 1, subscribedTopicNames: [...event.topics], topicPartitions: [] };
    }
    if (current === undefined) throw new CgDisagreement(`${slot} has no member id yet`);
    if (event.type === 'heartbeat.unknownMember') return { ...base, memberId: current.id, memberEpoch: current.epoch, topicPartitions: [] };
    if (m === null) throw new CgDisagreement(`${slot} is not a member in the model`);
    const all = [...m.assigned, ...m.revoking];
    const id = current.id;
    switch (event.type) {
      case 'heartbeat.regular':
        return { ...base, memberId: id, memberEpoch: m.epoch, topicPartitions: this.owned(event.ack ? m.assigned : all) };
      case 'heartbeat.subscribe':
        return { ...base, memberId: id, memberEpoch: m.epoch, subscribedTopicNames: [...event.topics], topicPartitions: this.owned(all) };
      case 'heartbeat.previousEpoch':
        return { ...base, memberId: id, memberEpoch: m.prevEpoch, topicPartitions: this.owned(m.assigned) };
      case 'heartbeat.futureEpoch':
        return { ...base, memberId: id, memberEpoch: m.epoch + 1, topicPartitions: this.owned(all) };
      case 'heartbeat.leave':
        return { ...base, memberId: id, memberEpoch: -1 };
    }
  }

  private owned(topics: readonly CgTopic[]): { topicId: string; partitions: number[] }[] {
    return topics.map((t) => ({ topicId: this.topicIds.get(t)!, partitions: [0] }));
  }

  private symbolic(a: Assignment | readonly { topicId: string; partitions: readonly number[] }[] | undefined): CgTopic[] {
    const ids = a === undefined ? [] : Array.isArray(a) ? a.filter((t) => t.partitions.length > 0).map((t) => t.topicId) : [...(a as Assignment)].filter(([, ps]) => ps.size > 0).map(([id]) => id);
    return this.topics.filter((t) => ids.includes(this.topicIds.get(t)!));
  }

  private checkAnswer(after: CgContext, response: ConsumerGroupHeartbeatResponse, request: ConsumerGroupHeartbeatRequest): void {
    const answer = after.answer;
    if (answer === null) throw new CgDisagreement('the model predicts no answer');
    same(response.errorCode, answer.errorCode, 'error code');
    if (answer.errorCode !== 0) return;
    same(response.memberEpoch, answer.memberEpoch, 'member epoch in the answer');
    if (request.memberEpoch === 0) same(response.memberId, request.memberId, 'member id in the answer');
    same(response.assignment === null ? null : this.symbolic(response.assignment.topicPartitions), answer.assignment, 'assignment in the answer');
  }

  private consumerTimers() {
    return this.runtime
      .timers()
      .filter((t) => t.payload.type === 'timer.consumerSessionExpired' || t.payload.type === 'timer.consumerRebalanceExpired')
      .sort((a, b) => a.deadlineMs - b.deadlineMs || a.seq - b.seq);
  }

  private slotOf(memberId: string): CgSlot | string {
    return CG_SLOTS.find((s) => this.ids.get(s)?.id === memberId) ?? memberId;
  }

  private checkGroup(ctx: CgContext): void {
    const group = this.runtime.state.consumerGroups.get(CG_GROUP_ID);
    same(group !== undefined, ctx.exists, 'the coordinator has the group');
    const state = group === undefined ? (ctx.deleted ? 'Dead' : 'Empty') : consumerGroupState(group);
    same(state.toLowerCase(), groupStateOf(ctx), 'group state');
    same([group?.groupEpoch ?? 0, group?.targetAssignmentEpoch ?? 0], [ctx.groupEpoch, ctx.targetEpoch], 'group and target epochs');
    const present = CG_SLOTS.filter((s) => ctx.members[s] !== null);
    same([...(group?.members.keys() ?? [])].map((id) => this.slotOf(id)).sort(), present, 'members');
    for (const slot of present) {
      const m = ctx.members[slot]!;
      const id = this.ids.get(slot)!.id;
      const real = group!.members.get(id)!;
      same(
        { epoch: real.memberEpoch, prevEpoch: real.previousMemberEpoch, state: real.state, subscribed: [...real.subscribedTopicNames].sort(), assigned: this.symbolic(real.assignedPartitions), revoking: this.symbolic(real.partitionsPendingRevocation) },
        { epoch: m.epoch, prevEpoch: m.prevEpoch, state: m.state, subscribed: m.subscribed, assigned: m.assigned, revoking: m.revoking },
        `member ${slot} (${id})`,
      );
      same(this.symbolic(group!.targetAssignment.get(id)), ctx.target[slot], `target of ${slot}`);
    }
    const timers: (CgTimer | string)[] = this.consumerTimers().map((t) => {
      const p = t.payload as { type: string; memberId: string };
      const member = this.slotOf(p.memberId);
      return { kind: p.type === 'timer.consumerSessionExpired' ? 'session' : 'rebalance', member } as CgTimer;
    });
    same(timers, ctx.timers, 'armed timers, earliest first');
  }

  /** The member ids and clock, for failure messages. */
  describe(): string {
    return `t=${this.runtime.clock.nowMs()} ids=${JSON.stringify(Object.fromEntries(this.ids))}`;
  }
}
