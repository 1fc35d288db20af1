/**
 * The obligations of a KIP-848 member (`group.protocol=consumer`, ConsumerGroupHeartbeat): the
 * heartbeat interval the coordinator gave (CO-27), rejoining with epoch 0 after fencing (CO-28),
 * and leaving with epoch -1 or -2 (CO-29).
 *
 * @remarks
 * A KIP-848 member has no JoinGroup: it is known from its first ConsumerGroupHeartbeat answered
 * NONE (v1: the member id the client generated; v0: the one the answer gave). Its OffsetCommits
 * carry its member epoch rather than a generation, so the classic commit checks (CO-01,
 * CO-12..CO-14) are not made for them; its Fetches belong to no classic member (CO-22) and are
 * not judged either.
 * @see spec/client-obligations.md CO-27..CO-29
 * @packageDocumentation
 */
import { ErrorCodes } from '../../protocol/errors.js';
import { JOIN_GROUP_MEMBER_EPOCH, LEAVE_GROUP_MEMBER_EPOCH, LEAVE_GROUP_STATIC_MEMBER_EPOCH, type ConsumerGroupHeartbeatRequest, type ConsumerGroupHeartbeatResponse } from '../../protocol/messages/consumer-group-heartbeat.js';
import { clearlyAfter, type MonitorContext } from './context.js';
import { evidenceOf } from './state.js';
import type { Evidence, MemberStatus, ObservedExchange } from './types.js';

/** What the monitor knows of one KIP-848 member. */
export interface ConsumerGroupMemberState {
  readonly groupId: string;
  readonly memberId: string;
  clientId: string | null;
  /** The epochs its answers NONE gave, in order, without repeats. */
  readonly epochs: number[];
  /** Its heartbeats that arrived and have not been answered yet. */
  inFlight: number;
  /** CO-27: the last answer NONE that keeps it in the group, with the interval it gave; null after an error answer or a leave. */
  lastAnswer: { readonly atMs: number; readonly intervalMs: number; readonly evidence: Evidence } | null;
  /** CO-28: an answer that fenced it (FENCED_MEMBER_EPOCH, UNKNOWN_MEMBER_ID), until it rejoins or leaves. */
  fenced: { readonly atMs: number; readonly evidence: Evidence } | null;
  /** CO-29: its leave heartbeat (epoch -1 or -2), until it rejoins with epoch 0. */
  left: { readonly atMs: number; readonly connectionId: string; readonly evidence: Evidence } | null;
}

/** The generation field of a violation: the member's last epoch, or -1. */
function culprit(m: ConsumerGroupMemberState): { groupId: string; memberId: string; clientId: string | null; generationId: number } {
  return { groupId: m.groupId, memberId: m.memberId, clientId: m.clientId, generationId: m.epochs.at(-1) ?? -1 };
}

/** The KIP-848 members of every group, and the checks on their heartbeats. */
export class ConsumerGroupObligations {
  private readonly members = new Map<string, ConsumerGroupMemberState>();

  constructor(private readonly ctx: MonitorContext) {}

  /** The member `memberId` of `groupId`, if a heartbeat answer made it one. */
  member(groupId: string, memberId: string): ConsumerGroupMemberState | undefined {
    return this.members.get(`${groupId}\u0000${memberId}`);
  }

  /** A ConsumerGroupHeartbeat arriving. */
  onRequest(e: ObservedExchange): void {
    const r = e.request as ConsumerGroupHeartbeatRequest;
    const ev = evidenceOf(e);
    const epoch = r.memberEpoch;
    const m = this.member(r.groupId, r.memberId);
    // CO-29: only -1, and -2 for a static member, leave; the coordinator refuses anything else.
    const badLeave = epoch < LEAVE_GROUP_STATIC_MEMBER_EPOCH || (epoch === LEAVE_GROUP_STATIC_MEMBER_EPOCH && r.instanceId === null);
    if (badLeave) {
      const who = m === undefined ? { groupId: r.groupId, memberId: r.memberId, clientId: e.clientId, generationId: -1 } : culprit(m);
      this.ctx.report('CO-29', who, e.atMs, `sent epoch ${epoch}${epoch === LEAVE_GROUP_STATIC_MEMBER_EPOCH ? ' without a group.instance.id' : ''}: a member leaves with -1, a static member with -2`, [ev], `epoch ${epoch}`);
    }
    if (m === undefined) return;
    m.clientId = e.clientId ?? m.clientId;
    this.checkInterval(e, m);
    this.checkAfterLeave(e, m, epoch);
    this.checkAfterFencing(e, m, epoch);
    m.inFlight++;
    if (epoch === LEAVE_GROUP_MEMBER_EPOCH || epoch === LEAVE_GROUP_STATIC_MEMBER_EPOCH) {
      m.left = { atMs: e.atMs, connectionId: String(e.connectionId), evidence: ev };
      m.lastAnswer = null;
    }
  }

  /** CO-27: a heartbeat later than the interval the last answer gave (nothing of it in flight meanwhile). */
  private checkInterval(e: ObservedExchange, m: ConsumerGroupMemberState): void {
    const last = m.lastAnswer;
    if (last === null || m.inFlight > 0) return;
    const late = e.atMs - last.atMs - last.intervalMs;
    if (late > this.ctx.graceMs) {
      this.ctx.report('CO-27', culprit(m), e.atMs, `sent its next ConsumerGroupHeartbeat ${e.atMs - last.atMs} ms after the answer that gave it a heartbeat interval of ${last.intervalMs} ms`, [last.evidence, evidenceOf(e)], `after ${last.atMs}`);
    }
  }

  /** CO-29: after its leave heartbeat, only a rejoin (epoch 0) under the member id. */
  private checkAfterLeave(e: ObservedExchange, m: ConsumerGroupMemberState, epoch: number): void {
    const left = m.left;
    if (left === null || !clearlyAfter(this.ctx, e, left.atMs, left.connectionId)) return;
    if (epoch === JOIN_GROUP_MEMBER_EPOCH) m.left = null;
    else if (epoch > 0) this.ctx.report('CO-29', culprit(m), e.atMs, `sent epoch ${epoch} after leaving the group; only a rejoin with epoch 0 may follow a leave`, [left.evidence, evidenceOf(e)], `left at ${left.atMs}`);
  }

  /**
   * CO-28: after fencing, heartbeats rejoin with epoch 0 (or leave). The first fencing counts
   * until then: a member that keeps its epoch is fenced again and again, each retry within the
   * grace period of the previous answer.
   */
  private checkAfterFencing(e: ObservedExchange, m: ConsumerGroupMemberState, epoch: number): void {
    const fenced = m.fenced;
    if (fenced === null) return;
    if (epoch <= JOIN_GROUP_MEMBER_EPOCH) m.fenced = null;
    else if (e.atMs > fenced.atMs + this.ctx.graceMs) this.ctx.report('CO-28', culprit(m), e.atMs, `sent epoch ${epoch} after it was fenced; a fenced member rejoins with epoch 0`, [fenced.evidence, evidenceOf(e)], `fenced at ${fenced.atMs}`);
  }

  /** A ConsumerGroupHeartbeat answer leaving. */
  onAnswer(e: ObservedExchange): void {
    const r = e.request as ConsumerGroupHeartbeatRequest;
    const res = e.response as ConsumerGroupHeartbeatResponse;
    const memberId = res.memberId ?? r.memberId;
    let m = this.member(r.groupId, memberId);
    const leaving = r.memberEpoch < 0;
    if (m === undefined) {
      if (res.errorCode !== 0 || leaving || memberId === '') return;
      m = { groupId: r.groupId, memberId, clientId: e.clientId, epochs: [], inFlight: 1, lastAnswer: null, fenced: null, left: null };
      this.members.set(`${r.groupId}\u0000${memberId}`, m);
    }
    m.inFlight = Math.max(0, m.inFlight - 1);
    if (leaving) return;
    if (res.errorCode === ErrorCodes.NONE) {
      if (m.epochs.at(-1) !== res.memberEpoch) m.epochs.push(res.memberEpoch);
      m.lastAnswer = { atMs: e.atMs, intervalMs: res.heartbeatIntervalMs, evidence: evidenceOf(e) };
      return;
    }
    m.lastAnswer = null;
    if (res.errorCode === ErrorCodes.FENCED_MEMBER_EPOCH || res.errorCode === ErrorCodes.UNKNOWN_MEMBER_ID) m.fenced ??= { atMs: e.atMs, evidence: evidenceOf(e) };
  }

  /** Each KIP-848 member with its epochs and status (`left` after a leave it did not rejoin from). */
  summary(): { readonly groupId: string; readonly memberId: string; readonly clientId: string | null; readonly generations: readonly number[]; readonly status: MemberStatus }[] {
    return [...this.members.values()].map((m) => ({ groupId: m.groupId, memberId: m.memberId, clientId: m.clientId, generations: [...m.epochs], status: m.left === null ? 'active' : 'left' }));
  }
}
