/**
 * The target assignment of a consumer group: Kafka's `TargetAssignmentBuilder`.
 *
 * @remarks
 * Follows Kafka 4.0's `group-coordinator/.../modern/TargetAssignmentBuilder.java` (with
 * `GroupSpecImpl`, `MemberSubscriptionAndAssignmentImpl`, `SubscribedTopicDescriberImpl`): the
 * members' subscriptions (names and resolved regexes) become topic ids through the subscription
 * metadata, the assignor runs, and only members whose target changed get a
 * ConsumerGroupTargetAssignmentMember record, then one ConsumerGroupTargetAssignmentMetadata
 * record with the new epoch. A static member that replaces another inherits its predecessor's
 * target. No tombstones: a removed member's target record is deleted with the member.
 * @see spec/server-assignors.md (SA-01 to SA-07)
 */
import type { Assignment } from './assignment.js';
import { EMPTY_ASSIGNMENT, assignmentToList, assignmentsEqual } from './assignment.js';
import type { GroupAssignment, MemberSubscriptionSpec, ServerAssignor, SubscriptionType } from './assignor.js';
import { AssignedPartitions, createGroupSpec, topicDescriber } from './group-spec.js';
import type { ConsumerMember, ResolvedRegularExpression, SubscribedTopicMetadata } from './group.js';
import type { ConsumerGroupRecord } from './records.js';

/** What the target assignment is computed from. */
export interface TargetAssignmentInput {
  readonly groupId: string;
  /** The epoch the new target is for (the group epoch). */
  readonly groupEpoch: number;
  readonly assignor: ServerAssignor;
  /** The members as they will be (the updated member included, a removed member left out), in group order. */
  readonly members: ReadonlyMap<string, ConsumerMember>;
  /**
   * The current target of each member. Absent: the member has no target record yet; the assignor
   * then sees an empty target and the member always gets a record (SA-05), so replay must keep an
   * entry for a member whose target record is empty.
   */
  readonly targetAssignment: ReadonlyMap<string, Assignment>;
  readonly subscriptionMetadata: ReadonlyMap<string, SubscribedTopicMetadata>;
  readonly resolvedRegularExpressions: ReadonlyMap<string, ResolvedRegularExpression>;
  /** A static member replacing another: the new member id inherits the old one's target. */
  readonly replacedStaticMember?: { readonly oldMemberId: string; readonly newMemberId: string };
}

/** The new target and the records that write it. */
export interface TargetAssignmentResult {
  readonly targetAssignment: ReadonlyMap<string, Assignment>;
  readonly records: readonly ConsumerGroupRecord[];
}

/** Computes the new target assignment ({@link buildTargetAssignment}). */
export type BuildTargetAssignment = (input: TargetAssignmentInput) => TargetAssignmentResult;

/**
 * The subscription type of a group as Kafka 4.0's `ConsumerGroup.subscriptionType` computes it
 * from its members (SA-02): counts of topic names subscribed by name and through resolved
 * regular expressions, and of members per regular expression. Names are counted whether or not
 * the topic exists. What the regexes resolved to never changes the answer: a member has at most
 * one regex, so Kafka's count of resolved regexes per topic is one whenever it looks at it.
 */
export function consumerSubscriptionType(members: Iterable<ConsumerMember>): SubscriptionType {
  let numMembers = 0;
  const byName = new Map<string, number>();
  const regexMembers = new Map<string, number>();
  // Members with the same names as the member before them are counted in one run, so a large
  // group of identical subscriptions costs one comparison per name, not a set per member.
  let run: readonly string[] | null = null;
  let runLength = 0;
  const flush = (): void => {
    if (run !== null) for (const name of new Set(run)) byName.set(name, (byName.get(name) ?? 0) + runLength);
  };
  for (const m of members) {
    numMembers++;
    if (run !== null && sameNames(run, m.subscribedTopicNames)) runLength++;
    else {
      flush();
      run = m.subscribedTopicNames;
      runLength = 1;
    }
    const regex = m.subscribedTopicRegex;
    if (regex !== null && regex !== '') regexMembers.set(regex, (regexMembers.get(regex) ?? 0) + 1);
  }
  flush();
  if (regexMembers.size === 0) {
    for (const count of byName.values()) if (count !== numMembers) return 'HETEROGENEOUS';
    return 'HOMOGENEOUS';
  }
  // Each member has at most one regex, so only a single regex can be shared by every member.
  const count = regexMembers.values().next().value as number;
  if (count !== numMembers) return 'HETEROGENEOUS';
  // Every member uses the one regex: Kafka answers HETEROGENEOUS when some topic is subscribed by
  // name or by a number of resolved regexes other than one; with one regex, only a name can do it.
  return byName.size > 0 ? 'HETEROGENEOUS' : 'HOMOGENEOUS';
}

/** The same topic names in the same order. */
function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Name-to-id resolution of subscriptions, shared by members with the same subscription. */
class TopicIdResolver {
  private readonly cache = new Map<string, ReadonlySet<string>>();
  private last: { readonly regexKey: string; readonly names: readonly string[]; readonly ids: ReadonlySet<string> } | null = null;

  constructor(
    private readonly metadata: ReadonlyMap<string, SubscribedTopicMetadata>,
    private readonly regexes: ReadonlyMap<string, ResolvedRegularExpression>,
  ) {}

  /**
   * The topic ids a member subscribes to (SA-01): its topic names, united with what its regex
   * resolved to when it has one and it is resolved; names without subscription metadata are
   * left out.
   */
  topicIds(member: ConsumerMember): ReadonlySet<string> {
    const regex = member.subscribedTopicRegex;
    const resolved = regex !== null && regex !== '' ? this.regexes.get(regex) : undefined;
    const regexKey = resolved === undefined ? '' : (regex as string);
    const names = member.subscribedTopicNames;
    // Consecutive members usually share a subscription: compare with the last one before
    // building a key (a join of every name) for the cache.
    const last = this.last;
    if (last !== null && last.regexKey === regexKey && sameNames(last.names, names)) return last.ids;
    const key = `${regexKey}\u0000${names.join('\u0000')}`;
    let ids = this.cache.get(key);
    if (ids === undefined) {
      const out = new Set<string>();
      for (const name of names) this.add(out, name);
      if (resolved !== undefined) for (const name of resolved.topics) this.add(out, name);
      this.cache.set(key, (ids = out));
    }
    this.last = { regexKey, names, ids };
    return ids;
  }

  private add(out: Set<string>, name: string): void {
    const topicId = this.metadata.get(name)?.topicId;
    if (topicId !== undefined) out.add(topicId);
  }
}

/**
 * Kafka's `TargetAssignmentBuilder.build` (SA-01 to SA-06): runs the assignor over the members
 * and returns the new target of every member (an empty one for a member the assignor left out)
 * with the records that write it.
 * @throws PartitionAssignorError from the assignor (the heartbeat answers UNKNOWN_SERVER_ERROR).
 */
export const buildTargetAssignment: BuildTargetAssignment = (input) => {
  const replaced = input.replacedStaticMember;
  const oldStatic = replaced !== undefined && replaced.oldMemberId !== replaced.newMemberId ? replaced : undefined;
  const resolver = new TopicIdResolver(input.subscriptionMetadata, input.resolvedRegularExpressions);
  const specs = new Map<string, MemberSubscriptionSpec>();
  const members: ConsumerMember[] = [];
  for (const [memberId, member] of input.members) {
    if (oldStatic !== undefined && memberId === oldStatic.oldMemberId) continue;
    members.push(member);
    // SA-04: the new static member starts from its predecessor's target.
    const current = oldStatic !== undefined && memberId === oldStatic.newMemberId
      ? (input.targetAssignment.get(oldStatic.oldMemberId) ?? EMPTY_ASSIGNMENT)
      : (input.targetAssignment.get(memberId) ?? EMPTY_ASSIGNMENT);
    specs.set(memberId, {
      rackId: member.rackId,
      instanceId: member.instanceId,
      subscribedTopicIds: resolver.topicIds(member),
      assignedPartitions: current,
    });
  }
  const numPartitions = new Map<string, number>();
  for (const t of input.subscriptionMetadata.values()) numPartitions.set(t.topicId, t.numPartitions);
  const assigned = new AssignedPartitions(currentTargets(input), (id) => numPartitions.get(id) ?? -1);
  const group = createGroupSpec(specs, consumerSubscriptionType(members), assigned);
  const result = input.assignor.assign(group, topicDescriber(numPartitions));
  return targetRecords(input, [...specs.keys()], result);
};

/**
 * The targets Kafka's inverted target assignment holds (SA-03): those of the members given and of
 * a replaced static member (whose partitions its successor inherits), as the group has them
 * before this update.
 */
function currentTargets(input: TargetAssignmentInput): Assignment[] {
  const out: Assignment[] = [];
  for (const memberId of input.members.keys()) {
    const a = input.targetAssignment.get(memberId);
    if (a !== undefined) out.push(a);
  }
  const old = input.replacedStaticMember?.oldMemberId;
  if (old !== undefined && !input.members.has(old)) {
    const a = input.targetAssignment.get(old);
    if (a !== undefined) out.push(a);
  }
  return out;
}

/**
 * SA-05: a ConsumerGroupTargetAssignmentMember record for each member whose target changed (a
 * member without a target record so far always gets one, even an empty one), in member order,
 * then the ConsumerGroupTargetAssignmentMetadata record with the group epoch.
 */
function targetRecords(input: TargetAssignmentInput, memberIds: readonly string[], result: GroupAssignment): TargetAssignmentResult {
  const records: ConsumerGroupRecord[] = [];
  const targetAssignment = new Map<string, Assignment>();
  for (const memberId of memberIds) {
    const next = result.get(memberId) ?? EMPTY_ASSIGNMENT;
    targetAssignment.set(memberId, next);
    const old = input.targetAssignment.get(memberId);
    if (old === undefined || (old !== next && !assignmentsEqual(old, next))) {
      records.push({
        type: 'ConsumerGroupTargetAssignmentMember',
        groupId: input.groupId,
        memberId,
        value: { topicPartitions: assignmentToList(next) },
      });
    }
  }
  records.push({ type: 'ConsumerGroupTargetAssignmentMetadata', groupId: input.groupId, value: { assignmentEpoch: input.groupEpoch } });
  return { targetAssignment, records };
}
