/**
 * The checks on requests sent under a member id: the member id itself (CO-01), SyncGroup's
 * generation (CO-02), commits (CO-12..CO-14), leaving (CO-15), the session (CO-16), reactions
 * to error answers (CO-17..CO-19) and the declared owned partitions (CO-20, CO-21).
 *
 * @see spec/client-obligations.md
 * @packageDocumentation
 */
import { decodeSubscription, type DecodedSubscription } from '../../protocol/consumer-protocol/index.js';
import type { JoinGroupRequest, LeaveGroupRequest, OffsetCommitRequest, SyncGroupRequest } from '../../protocol/messages/index.js';
import { listSome } from './assignment-checks.js';
import { clearlyAfter, type MonitorContext } from './context.js';
import { evidenceOf, generationOf, groupOf, memberIdOf, tpKey, type MemberState } from './state.js';
import type { ObservedExchange } from './types.js';

/** Releases what `m` holds, except `keep` (CO-11 judges reads against holders). */
export function release(ctx: MonitorContext, m: MemberState, keep?: ReadonlySet<string>): void {
  const holders = ctx.group(m.groupId).holders;
  for (const [key, holder] of [...holders]) if (holder.memberId === m.memberId && !(keep?.has(key) ?? false)) holders.delete(key);
}

/**
 * The checks every request under member id `memberId` passes (CO-01, CO-15..CO-19) and the
 * session it keeps; returns the member if it is one to judge further.
 */
export function checkMemberRequest(ctx: MonitorContext, e: ObservedExchange, memberId = memberIdOf(e.request)): MemberState | undefined {
  const groupId = groupOf(e.request) ?? '';
  const m = ctx.member(groupId, memberId);
  const ev = evidenceOf(e);
  if (m === undefined) {
    ctx.report('CO-01', { groupId, memberId, clientId: e.clientId, generationId: -1 }, e.atMs, `sent ${e.request.api} under member id ${memberId}, which the coordinator never handed out`, [ev]);
    return undefined;
  }
  if (m.leftAtMs !== null) {
    if (clearlyAfter(ctx, e, m.leftAtMs, m.leaveConnection ?? undefined) && e.request.api !== 'LeaveGroup') {
      ctx.report('CO-15', m, e.atMs, `sent ${e.request.api} under its member id after its LeaveGroup`, [m.leaveEvidence!, ev]);
    }
    return undefined;
  }
  if (m.unknown !== null) {
    if (e.atMs > m.unknown.atMs + ctx.graceMs) ctx.report('CO-19', m, e.atMs, `sent ${e.request.api} under a member id answered UNKNOWN_MEMBER_ID`, [m.unknown.evidence, ev]);
    return undefined;
  }
  const generation = generationOf(e.request);
  const illegal = generation === null ? undefined : m.illegalGenerations.get(generation);
  if (illegal !== undefined && e.atMs > illegal.atMs + ctx.graceMs) {
    ctx.report('CO-19', m, e.atMs, `sent ${e.request.api} with generation ${generation}, which was answered ILLEGAL_GENERATION`, [illegal.evidence, ev], `generation ${generation}`);
  }
  checkReactions(ctx, e, m);
  keepSession(ctx, e, m);
  return m;
}

/** CO-17, CO-18: the member acted on NOT_COORDINATOR and REBALANCE_IN_PROGRESS. */
function checkReactions(ctx: MonitorContext, e: ObservedExchange, m: MemberState): void {
  const ev = evidenceOf(e);
  if (m.rediscover !== null && e.atMs > m.rediscover.atMs + ctx.graceMs) {
    ctx.report('CO-17', m, e.atMs, `sent ${e.request.api} after NOT_COORDINATOR without a FindCoordinator for ${m.groupId}`, [m.rediscover.evidence, ev], `at ${m.rediscover.atMs}`);
    m.rediscover = null;
  }
  if (e.request.api !== 'JoinGroup' && m.missedRebalance !== null && e.atMs > m.missedRebalance.atMs + ctx.graceMs && m.rebalanceNotice !== null) {
    ctx.report('CO-18', m, e.atMs, `sent ${e.request.api} instead of rejoining: it was answered REBALANCE_IN_PROGRESS and generation ${m.missedRebalance.generationId} formed without it`, [m.rebalanceNotice.evidence, ev]);
    m.missedRebalance = null;
  }
}

/** CO-16: a request that keeps the session, or shows the member alive after its session ended. */
function keepSession(ctx: MonitorContext, e: ObservedExchange, m: MemberState): void {
  const api = e.request.api;
  if (!m.lapseReported && m.inFlight === 0 && e.atMs - m.lastLiveMs > m.sessionTimeoutMs) {
    m.lapseReported = true;
    ctx.report('CO-16', m, e.atMs, `sent ${api} ${e.atMs - m.lastLiveMs} ms after its last heartbeat; its session timeout is ${m.sessionTimeoutMs} ms`, [evidenceOf(e)]);
  }
  if (api === 'Heartbeat' || api === 'OffsetCommit' || api === 'JoinGroup' || api === 'SyncGroup') m.lastLiveMs = e.atMs;
}

/** The subscription of a JoinGroup (its first protocol that decodes), reporting those that do not (CO-21). */
function subscriptionOf(ctx: MonitorContext, e: ObservedExchange, r: JoinGroupRequest): DecodedSubscription | null {
  if (r.protocolType !== 'consumer') return null;
  let first: DecodedSubscription | null = null;
  for (const p of r.protocols) {
    try {
      first ??= decodeSubscription(p.metadata);
    } catch (err) {
      const who = { groupId: r.groupId, memberId: r.memberId, clientId: e.clientId, generationId: ctx.member(r.groupId, r.memberId)?.generationId ?? -1 };
      ctx.report('CO-21', who, e.atMs, `the subscription of protocol ${p.name} does not decode: ${(err as Error).message}`, [evidenceOf(e)], p.name);
    }
  }
  return first;
}

/** A JoinGroup arrives: CO-01 (pending id), CO-20, CO-21, CO-14; the member starts rebalancing. */
export function onJoinRequest(ctx: MonitorContext, e: ObservedExchange, pending: Map<string, { readonly memberId: string; readonly atMs: number }>): void {
  const r = e.request as JoinGroupRequest;
  const slot = `${String(e.connectionId)}\u0000${r.groupId}`;
  const given = pending.get(slot);
  if (given !== undefined) {
    pending.delete(slot);
    if (r.memberId === '') {
      const who = { groupId: r.groupId, memberId: given.memberId, clientId: e.clientId, generationId: -1 };
      ctx.report('CO-01', who, e.atMs, `joined again without the member id ${given.memberId} that MEMBER_ID_REQUIRED gave it at ${given.atMs}`, [evidenceOf(e)]);
    }
  }
  const subscription = subscriptionOf(ctx, e, r);
  if (r.memberId === '') return;
  const m = checkMemberRequest(ctx, e);
  if (m === undefined) return;
  m.sessionTimeoutMs = r.sessionTimeoutMs;
  m.inFlight++;
  if (m.generationId === -1) m.cooperative = ctx.isCooperative(r.protocols[0]?.name ?? null);
  const owned = new Set((subscription?.ownedPartitions ?? []).map((tp) => tpKey(tp.topic, tp.partition)));
  const overclaim = [...owned].filter((k) => !(m.assignment?.partitions.has(k) ?? false));
  if (overclaim.length > 0) {
    ctx.report('CO-20', m, e.atMs, `declared as owned ${listSome(overclaim)}, which its last assignment does not hold`, [...(m.assignment ? [m.assignment.evidence] : []), evidenceOf(e)]);
  }
  checkCommittedBeforeRevoke(ctx, e, m, owned);
  m.rebalancing = { sinceMs: e.atMs, connectionId: String(e.connectionId), evidence: evidenceOf(e) };
  m.declaredOwned = owned;
  release(ctx, m, m.cooperative ? owned : undefined);
  m.rebalanceNotice = null;
  m.missedRebalance = null;
}

/** CO-14: partitions given up by this JoinGroup must be committed up to their last fetch offset. */
function checkCommittedBeforeRevoke(ctx: MonitorContext, e: ObservedExchange, m: MemberState, owned: ReadonlySet<string>): void {
  if (m.assignment === null) return;
  const revoked = [...m.assignment.partitions].filter((k) => !(m.cooperative && owned.has(k)));
  const behind: string[] = [];
  for (const key of revoked) {
    const span = m.fetched.get(key);
    const committed = m.committed.get(key) ?? -1;
    if (span !== undefined && span.last > span.first && committed < span.last) behind.push(`${key} (fetched up to ${span.last}, committed ${committed < 0 ? 'nothing' : committed})`);
    m.fetched.delete(key);
  }
  if (behind.length > 0) ctx.report('CO-14', m, e.atMs, `rejoined without committing what it read of ${listSome(behind)}`, [evidenceOf(e)]);
}

/** A SyncGroup arrives: CO-02; returns the member when it is the leader of the generation it syncs. */
export function onSyncRequest(ctx: MonitorContext, e: ObservedExchange): MemberState | undefined {
  const r = e.request as SyncGroupRequest;
  const m = checkMemberRequest(ctx, e);
  if (m === undefined) return undefined;
  m.inFlight++;
  const joined = m.joined.get(r.generationId);
  const wrongProtocol = joined !== undefined && r.protocolName !== null && joined.protocolName !== null && r.protocolName !== joined.protocolName;
  if (joined === undefined || r.generationId !== m.generationId || wrongProtocol) {
    const why = joined === undefined ? `it never joined generation ${r.generationId}` : r.generationId !== m.generationId ? `it joined generation ${m.generationId} since` : `the generation selected ${joined.protocolName}, not ${r.protocolName}`;
    ctx.report('CO-02', m, e.atMs, `sent SyncGroup for generation ${r.generationId}, but ${why}`, [...(joined ? [joined.evidence] : []), evidenceOf(e)]);
    return undefined;
  }
  return ctx.group(r.groupId).generations.get(r.generationId)?.leader === m.memberId ? m : undefined;
}

/** An OffsetCommit under a member id arrives: CO-12, CO-13; records the offsets for CO-14. */
export function onCommitRequest(ctx: MonitorContext, e: ObservedExchange): void {
  const r = e.request as OffsetCommitRequest;
  if (r.generationIdOrMemberEpoch < 0 || r.memberId === '') return;
  const m = checkMemberRequest(ctx, e);
  if (m === undefined) return;
  const ev = evidenceOf(e);
  const generation = r.generationIdOrMemberEpoch;
  const latest = m.joined.get(m.generationId);
  if (generation !== m.generationId && !(latest !== undefined && e.atMs <= latest.atMs + ctx.graceMs)) {
    ctx.report('CO-12', m, e.atMs, `committed with generation ${generation}; it joined generation ${m.generationId}`, [...(latest ? [latest.evidence] : []), ev]);
  }
  const owned = new Set([...(m.assignments.get(generation) ?? []), ...(m.cooperative ? (m.assignments.get(previousGeneration(m, generation)) ?? []) : [])]);
  const foreign: string[] = [];
  for (const t of r.topics) {
    for (const p of t.partitions) {
      const key = tpKey(t.name, p.partitionIndex);
      if (!owned.has(key)) foreign.push(`${t.name}-${p.partitionIndex}`);
      m.committed.set(key, Math.max(m.committed.get(key) ?? -1, p.committedOffset));
    }
  }
  if (foreign.length > 0 && generation === m.generationId) {
    ctx.report('CO-13', m, e.atMs, `committed ${listSome(foreign)}, which it does not own in generation ${generation}`, [ev]);
  }
}

/** The generation the member had an assignment in before `generation`, or -1. */
function previousGeneration(m: MemberState, generation: number): number {
  let best = -1;
  for (const g of m.assignments.keys()) if (g < generation && g > best) best = g;
  return best;
}

/** A LeaveGroup arrives: its members have left (CO-15 from now on). */
export function onLeaveRequest(ctx: MonitorContext, e: ObservedExchange): void {
  const r = e.request as LeaveGroupRequest;
  const ids = r.members?.map((x) => x.memberId) ?? [r.memberId ?? ''];
  for (const id of ids) {
    if (id === '') continue;
    const m = checkMemberRequest(ctx, e, id);
    if (m === undefined) continue;
    m.leftAtMs = e.atMs;
    m.leaveConnection = String(e.connectionId);
    m.leaveEvidence = evidenceOf(e);
    m.status = 'left';
    m.rebalancing = null;
    release(ctx, m);
  }
}
