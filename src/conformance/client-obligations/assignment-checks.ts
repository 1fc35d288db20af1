/**
 * CO-03 to CO-07 and CO-21: the leader's assignment, checked when its SyncGroup arrives,
 * against the members and subscriptions its JoinGroup answer listed and the partition counts
 * the cluster gave out.
 *
 * @see spec/client-obligations.md
 * @packageDocumentation
 */
import { decodeAssignment } from '../../protocol/consumer-protocol/index.js';
import type { SyncGroupRequest } from '../../protocol/messages/index.js';
import type { TopicPartition } from '../../protocol/assignors/types.js';
import { type MonitorContext } from './context.js';
import { evidenceOf, tpKey, type GenerationInfo, type MemberState } from './state.js';
import type { ObligationId, ObservedExchange } from './types.js';

/** Lists at most `max` items, saying how many more there were. */
export function listSome(items: readonly string[], max = 10): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/** The partitions of one assignment entry, or an error message when its bytes do not decode. */
function partitionsOf(bytes: Uint8Array): readonly TopicPartition[] | string {
  if (bytes.length === 0) return [];
  try {
    return decodeAssignment(bytes).partitions;
  } catch (err) {
    return (err as Error).message;
  }
}

/** Problems found, by rule. */
type Findings = Map<ObligationId, string[]>;

function add(findings: Findings, rule: ObligationId, item: string): void {
  findings.set(rule, [...(findings.get(rule) ?? []), item]);
}

/** CO-03..CO-06, CO-21 over each entry; returns who got each partition. */
function checkEntries(ctx: MonitorContext, r: SyncGroupRequest, gen: GenerationInfo | undefined, findings: Findings): Map<string, string> {
  const owners = new Map<string, string>();
  const named = new Set<string>();
  for (const a of r.assignments) {
    if (gen?.members != null && !gen.members.has(a.memberId)) add(findings, 'CO-03', `${a.memberId} is not a member of generation ${r.generationId}`);
    if (named.has(a.memberId)) add(findings, 'CO-03', `${a.memberId} is named twice`);
    named.add(a.memberId);
    const partitions = partitionsOf(a.assignment);
    if (typeof partitions === 'string') {
      add(findings, 'CO-21', `the assignment of ${a.memberId} does not decode: ${partitions}`);
      continue;
    }
    const subscription = gen?.members?.get(a.memberId);
    for (const tp of partitions) {
      const key = tpKey(tp.topic, tp.partition);
      const other = owners.get(key);
      if (other !== undefined && other !== a.memberId) add(findings, 'CO-04', `${tp.topic}-${tp.partition} to ${other} and ${a.memberId}`);
      owners.set(key, a.memberId);
      if (subscription != null && !subscription.topics.includes(tp.topic)) add(findings, 'CO-05', `${tp.topic}-${tp.partition} to ${a.memberId}, which subscribed to ${subscription.topics.join(',') || 'nothing'}`);
      const count = ctx.partitionCount(tp.topic);
      if (tp.partition < 0 || (count !== undefined && tp.partition >= count)) add(findings, 'CO-06', `${tp.topic}-${tp.partition} (the topic has ${count ?? '?'} partitions)`);
    }
  }
  return owners;
}

/** CO-07: partitions of subscribed topics nobody got (cooperative: unless some member still declares them owned). */
function unassigned(ctx: MonitorContext, gen: GenerationInfo, owners: ReadonlyMap<string, string>, leaderClient: string | null): string[] {
  const topics = new Set<string>();
  const declared = new Set<string>();
  for (const sub of gen.members?.values() ?? []) {
    if (sub === null) continue;
    for (const t of sub.topics) topics.add(t);
    for (const tp of sub.ownedPartitions) declared.add(tpKey(tp.topic, tp.partition));
  }
  const cooperative = ctx.isCooperative(gen.protocolName);
  const missing: string[] = [];
  for (const topic of [...topics].sort()) {
    const count = ctx.partitionCount(topic, leaderClient);
    for (let p = 0; p < (count ?? 0); p++) {
      const key = tpKey(topic, p);
      if (!owners.has(key) && !(cooperative && declared.has(key))) missing.push(`${topic}-${p}`);
    }
  }
  return missing;
}

const MESSAGES: Readonly<Partial<Record<ObligationId, string>>> = {
  'CO-03': 'the leader assigned to members outside the generation',
  'CO-04': 'the leader gave partitions to two members',
  'CO-05': 'the leader gave members topics they did not subscribe to',
  'CO-06': 'the leader assigned partitions that do not exist',
  'CO-07': 'the leader left subscribed partitions unassigned',
  'CO-21': 'the leader sent an assignment that is not ConsumerProtocol bytes',
};

/** Checks the assignment in the SyncGroup `e` of `leader`, the leader of its generation. */
export function checkLeaderAssignment(ctx: MonitorContext, e: ObservedExchange, leader: MemberState): void {
  const r = e.request as SyncGroupRequest;
  const gen = ctx.group(r.groupId).generations.get(r.generationId);
  const findings: Findings = new Map();
  const owners = checkEntries(ctx, r, gen, findings);
  if (gen?.members != null) {
    const missing = unassigned(ctx, gen, owners, e.clientId);
    if (missing.length > 0) add(findings, 'CO-07', missing.join(', '));
  }
  const evidence = [...(leader.joined.get(r.generationId)?.evidence ? [leader.joined.get(r.generationId)!.evidence] : []), evidenceOf(e)];
  for (const [rule, items] of findings) {
    ctx.report(rule, leader, e.atMs, `${MESSAGES[rule] ?? rule} in generation ${r.generationId}: ${listSome(items)}`, evidence);
  }
}
