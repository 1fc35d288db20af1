/**
 * CO-08 to CO-11: what a member may fetch, checked on every Fetch, which is matched to its
 * member by client id (CO-22); and the fetch positions CO-14 relies on.
 *
 * @see spec/client-obligations.md
 * @packageDocumentation
 */
import type { FetchRequest } from '../../protocol/messages/index.js';
import { clearlyAfter, type MonitorContext } from './context.js';
import { clientOf, evidenceOf, tpKey, type MemberState } from './state.js';
import type { Evidence, ObservedExchange } from './types.js';

/** The partitions a Fetch reads, with their fetch offsets (topic ids resolved through Metadata answers). */
function fetchedPartitions(ctx: MonitorContext, r: FetchRequest): { readonly key: string; readonly label: string; readonly offset: number }[] {
  const out: { key: string; label: string; offset: number }[] = [];
  for (const t of r.topics) {
    const topic = t.topic !== '' ? t.topic : t.topicId === undefined ? undefined : ctx.topicName(t.topicId);
    if (topic === undefined) continue;
    for (const p of t.partitions) out.push({ key: tpKey(topic, p.partition), label: `${topic}-${p.partition}`, offset: p.fetchOffset });
  }
  return out;
}

/** The member a Fetch belongs to, or undefined (no live member, or several: CO-22). */
function memberOfFetch(ctx: MonitorContext, e: ObservedExchange): MemberState | undefined {
  const clientId = clientOf(e);
  const live = ctx.liveMembersOf(clientId);
  if (live.length > 1) ctx.unchecked(clientId, live, e.atMs);
  return live.length === 1 ? live[0] : undefined;
}

/** Checks one Fetch against its member's state and records its positions. */
export function checkFetch(ctx: MonitorContext, e: ObservedExchange): void {
  const m = memberOfFetch(ctx, e);
  if (m === undefined) return;
  const fetch = evidenceOf(e);
  const rebalancing = m.rebalancing !== null && clearlyAfter(ctx, e, m.rebalancing.sinceMs, m.rebalancing.connectionId) ? m.rebalancing : null;
  if (rebalancing !== null && !m.cooperative) {
    ctx.report('CO-08', m, e.atMs, `fetched while rebalancing (its JoinGroup arrived at ${rebalancing.sinceMs} and its SyncGroup is not answered)`, [rebalancing.evidence, fetch], `since ${rebalancing.sinceMs}`);
  }
  const holders = ctx.group(m.groupId).holders;
  for (const p of fetchedPartitions(ctx, e.request as FetchRequest)) {
    const holder = holders.get(p.key);
    // A member its own assignment gave the partition to is not at fault: the leader is (CO-04).
    if (!mayRead(m, p.key) && holder !== undefined && holder.memberId !== m.memberId && e.atMs > holder.sinceMs + ctx.graceMs) {
      ctx.report('CO-11', m, e.atMs, `fetched ${p.label}, which ${holder.memberId} holds since ${holder.sinceMs}`, [holder.evidence, fetch], p.key);
    }
    if (m.rebalancing !== null) {
      if (rebalancing !== null && m.cooperative && !m.declaredOwned.has(p.key)) {
        ctx.report('CO-10', m, e.atMs, `fetched ${p.label} while rejoining without it`, [rebalancing.evidence, fetch], p.key);
      }
    } else if (!(m.assignment?.partitions.has(p.key) ?? false)) {
      const since = m.assignment?.atMs ?? Number.NEGATIVE_INFINITY;
      if (e.atMs > since + ctx.graceMs) {
        const evidence: Evidence[] = m.assignment === null ? [fetch] : [m.assignment.evidence, fetch];
        ctx.report('CO-09', m, e.atMs, `fetched ${p.label}, which its assignment does not hold`, evidence, p.key);
      }
    }
    recordPosition(m, p.key, p.offset);
  }
}

/** Whether `m` may read the partition now: its assignment, or (cooperative, rejoining) what it declared owned. */
function mayRead(m: MemberState, key: string): boolean {
  if (m.rebalancing !== null) return m.cooperative && m.declaredOwned.has(key);
  return m.assignment?.partitions.has(key) ?? false;
}

/** CO-14: the fetch offsets of a partition the member may read. */
function recordPosition(m: MemberState, key: string, offset: number): void {
  if (!mayRead(m, key)) return;
  const span = m.fetched.get(key);
  if (span === undefined) m.fetched.set(key, { first: offset, last: offset });
  else span.last = Math.max(span.last, offset);
}
