/**
 * The invariants of consumer groups (spec/invariants.md, INV-09 to INV-16) as checks over the
 * coordinator's state and the simulated members' beliefs. Each returns the violations it found,
 * each message starting with the rule ID, so one run can collect every kind at once and each
 * property test asserts its own.
 */
import type { Assignment } from '../../../src/protocol/consumer/assignment.js';
import type { ConsumerGroup, ConsumerMember } from '../../../src/protocol/consumer/group.js';
import type { ConsumerGroupCurrentMemberAssignmentRecord } from '../../../src/protocol/consumer/records.js';
import type { Owned } from './member.js';

/** `topicId-partition`, for messages and sets. */
function tp(topicId: string, partition: number): string {
  return `${topicId.slice(-6)}-${partition}`;
}

/** Every partition a member holds: assigned or pending revocation. */
export function held(m: Pick<ConsumerMember, 'assignedPartitions' | 'partitionsPendingRevocation'>): Set<string> {
  const out = new Set<string>();
  for (const a of [m.assignedPartitions, m.partitionsPendingRevocation]) {
    for (const [t, ps] of a) for (const p of ps) out.add(tp(t, p));
  }
  return out;
}

/** INV-09 at the coordinator: no partition is assigned or pending revocation in two members. */
export function doubleOwnership(group: ConsumerGroup): string[] {
  const owner = new Map<string, string>();
  const out: string[] = [];
  for (const m of group.members.values()) {
    for (const key of held(m)) {
      const other = owner.get(key);
      if (other !== undefined) out.push(`[INV-09] coordinator: ${key} is held by ${other} and ${m.memberId} (group epoch ${group.groupEpoch})`);
      owner.set(key, m.memberId);
    }
  }
  return out;
}

/** INV-09 at the members: no partition is believed owned by two live members. */
export function beliefOverlaps(beliefs: readonly { readonly name: string; readonly owned: Owned }[]): string[] {
  const owner = new Map<string, string>();
  const out: string[] = [];
  for (const b of beliefs) {
    for (const [t, ps] of b.owned) {
      for (const p of ps) {
        const key = tp(t, p);
        const other = owner.get(key);
        if (other !== undefined) out.push(`[INV-09] members: ${key} is owned by ${other} and ${b.name} at once`);
        owner.set(key, b.name);
      }
    }
  }
  return out;
}

/** INV-10: member epoch <= target assignment epoch <= group epoch. */
export function epochOrder(group: ConsumerGroup): string[] {
  const out: string[] = [];
  if (group.targetAssignmentEpoch > group.groupEpoch) {
    out.push(`[INV-10] target assignment epoch ${group.targetAssignmentEpoch} > group epoch ${group.groupEpoch}`);
  }
  for (const m of group.members.values()) {
    if (m.memberEpoch > group.targetAssignmentEpoch) out.push(`[INV-10] ${m.memberId} at epoch ${m.memberEpoch} > target assignment epoch ${group.targetAssignmentEpoch}`);
  }
  return out;
}

/**
 * INV-10: epochs never go backwards. Keeps the last epochs seen (group, target, per member) and
 * reports a decrease; a member may drop only to -2 (a static member leaving for a while) or
 * when `rejoined` says it has just rejoined with epoch 0.
 */
export class EpochFloors {
  private group = -1;
  private target = -1;
  private readonly members = new Map<string, number>();

  constructor(private readonly where: string) {}

  /** Checks `group` against the floors, then raises them. */
  observe(group: ConsumerGroup, rejoined: (memberId: string) => boolean): string[] {
    const out: string[] = [];
    if (group.groupEpoch < this.group) out.push(`[INV-10] ${this.where}: group epoch went back from ${this.group} to ${group.groupEpoch}`);
    if (group.targetAssignmentEpoch < this.target) out.push(`[INV-10] ${this.where}: target assignment epoch went back from ${this.target} to ${group.targetAssignmentEpoch}`);
    this.group = group.groupEpoch;
    this.target = group.targetAssignmentEpoch;
    for (const id of [...this.members.keys()]) if (!group.members.has(id)) this.members.delete(id);
    for (const m of group.members.values()) {
      const floor = this.members.get(m.memberId);
      if (floor !== undefined && m.memberEpoch < floor && m.memberEpoch !== -2 && !rejoined(m.memberId)) {
        out.push(`[INV-10] ${this.where}: ${m.memberId} went back from epoch ${floor} to ${m.memberEpoch}`);
      }
      this.members.set(m.memberId, m.memberEpoch);
    }
    return out;
  }
}

/** The partition epochs derived from the members: each held partition at its holder's epoch. */
export function derivedPartitionEpochs(group: ConsumerGroup): Map<string, Map<number, number>> {
  const out = new Map<string, Map<number, number>>();
  for (const m of group.members.values()) {
    for (const a of [m.assignedPartitions, m.partitionsPendingRevocation]) {
      for (const [t, ps] of a) {
        if (ps.size === 0) continue;
        const byP = out.get(t) ?? new Map<number, number>();
        out.set(t, byP);
        for (const p of ps) byP.set(p, m.memberEpoch);
      }
    }
  }
  return out;
}

function epochsList(e: ReadonlyMap<string, ReadonlyMap<number, number>>): string {
  const rows: string[] = [];
  for (const [t, ps] of e) for (const [p, epoch] of ps) rows.push(`${tp(t, p)}@${epoch}`);
  return rows.sort().join(' ');
}

/** INV-16: the stored partition epochs equal those derived from the members. */
export function partitionEpochsMismatch(group: ConsumerGroup): string[] {
  const stored = epochsList(group.partitionEpochs);
  const derived = epochsList(derivedPartitionEpochs(group));
  return stored === derived ? [] : [`[INV-16] stored partition epochs {${stored}} != derived from members {${derived}}`];
}

/**
 * INV-11, checked on a ConsumerGroupCurrentMemberAssignment record before it is replayed onto
 * `group`: every partition it newly gives the member (assigned or pending revocation) is free
 * in `group`, or held by the static member this one replaces (same instance id).
 */
export function handoverViolations(group: ConsumerGroup | undefined, record: ConsumerGroupCurrentMemberAssignmentRecord): string[] {
  if (group === undefined || record.value === null) return [];
  const me = group.members.get(record.memberId);
  const before = me === undefined ? new Set<string>() : held(me);
  const holder = new Map<string, ConsumerMember>();
  for (const m of group.members.values()) if (m.memberId !== record.memberId) for (const key of held(m)) holder.set(key, m);
  const out: string[] = [];
  for (const list of [record.value.assignedPartitions, record.value.partitionsPendingRevocation]) {
    for (const { topicId, partitions } of list) {
      for (const p of partitions) {
        const key = tp(topicId, p);
        if (before.has(key)) continue;
        const other = holder.get(key);
        if (other === undefined) continue;
        const replaces = other.instanceId !== null && me !== undefined && other.instanceId === me.instanceId;
        if (!replaces) {
          out.push(`[INV-11] ${record.memberId} is given ${key} at epoch ${record.value.memberEpoch} while ${other.memberId} (epoch ${other.memberEpoch}, ${other.state}) still holds it`);
        }
      }
    }
  }
  return out;
}

function assignmentRows(a: Assignment): [string, number[]][] {
  return [...a].filter(([, ps]) => ps.size > 0).map(([t, ps]) => [t, [...ps].sort((x, y) => x - y)] as [string, number[]]).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
}

/**
 * A plain-data form of a consumer group for deep equality (INV-13): maps as entry lists in
 * their order (same records in the same order give the same order), sets sorted.
 */
export function comparableGroup(group: ConsumerGroup): unknown {
  return {
    groupId: group.groupId,
    groupEpoch: group.groupEpoch,
    targetAssignmentEpoch: group.targetAssignmentEpoch,
    members: [...group.members].map(([id, m]) => [id, { ...m, assignedPartitions: assignmentRows(m.assignedPartitions), partitionsPendingRevocation: assignmentRows(m.partitionsPendingRevocation) }]),
    targetAssignment: [...group.targetAssignment].map(([id, a]) => [id, assignmentRows(a)]),
    subscriptionMetadata: [...group.subscriptionMetadata],
    resolvedRegularExpressions: [...group.resolvedRegularExpressions],
    partitionEpochs: [...group.partitionEpochs].map(([t, ps]) => [t, [...ps].sort(([a], [b]) => a - b)]),
  };
}

/** Every consumer group of a state in comparable form, by group id. */
export function comparableGroups(groups: ReadonlyMap<string, ConsumerGroup>): unknown {
  return [...groups].map(([id, g]) => [id, comparableGroup(g)]);
}
