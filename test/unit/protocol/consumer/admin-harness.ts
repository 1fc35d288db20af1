/**
 * A pure harness for the consumer-group admin tests: a coordinator state driven through the front
 * door, `handleRequest` and `fireTimer` with a metadata image, plus builders for consumer groups.
 *
 * @remarks
 * Consumer groups in any shape are put into the state directly (`addConsumerGroup`: tests only,
 * the way Kafka's tests use `ConsumerGroupBuilder`); every record a handler emits is replayed, so
 * the tombstones of a deleted group must satisfy replay's checks. `admin-runtime.test.ts` forms
 * groups with real heartbeats instead.
 */
import type { HandlerContext } from '../../../../src/protocol/classic/index.js';
import type { GroupCoordinatorConfig } from '../../../../src/protocol/config.js';
import { DEFAULT_CONFIG } from '../../../../src/protocol/config.js';
import { assignmentFromList, type Assignment, type TopicIdPartitions } from '../../../../src/protocol/consumer/assignment.js';
import type { ConsumerMember, MutableConsumerGroup, ResolvedRegularExpression } from '../../../../src/protocol/consumer/group.js';
import { newConsumerGroup } from '../../../../src/protocol/consumer/group.js';
import { topicsImage, type TopicImage } from '../../../../src/protocol/consumer/topics.js';
import { Harness } from '../offsets/harness.js';

/** Topic ids of the tests' topics (22 characters, as Kafka prints a uuid). */
export const FOO_ID = 'AAAAAAAAAAAAAAAAAAAAAQ';
export const BAR_ID = 'AAAAAAAAAAAAAAAAAAAAAg';
export const GONE_ID = 'AAAAAAAAAAAAAAAAAAAAAw';

/** The tests' metadata image: `foo` (3 partitions), `bar` (2); `GONE_ID` names no topic. */
export const TOPICS: readonly TopicImage[] = [
  { topicId: FOO_ID, name: 'foo', numPartitions: 3 },
  { topicId: BAR_ID, name: 'bar', numPartitions: 2 },
];

/** One handler call's outcome, after its records were applied. */
export type { Step } from '../offsets/harness.js';

/** An assignment from `[topicId, ...partitions]` tuples. */
export function asg(...topics: readonly (readonly [string, ...number[]])[]): Assignment {
  return assignmentFromList(topics.map(([topicId, ...partitions]): TopicIdPartitions => ({ topicId, partitions })));
}

/** A stable member at `epoch` subscribed to `foo`, with the given fields changed. */
export function member(memberId: string, epoch: number, fields: Partial<ConsumerMember> = {}): ConsumerMember {
  return {
    memberId,
    memberEpoch: epoch,
    previousMemberEpoch: epoch - 1,
    state: 'STABLE',
    instanceId: null,
    rackId: null,
    rebalanceTimeoutMs: 300_000,
    clientId: 'client',
    clientHost: '/127.0.0.1',
    subscribedTopicNames: ['foo'],
    subscribedTopicRegex: null,
    serverAssignorName: null,
    assignedPartitions: new Map(),
    partitionsPendingRevocation: new Map(),
    ...fields,
  };
}

/** What a test consumer group is made of. */
export interface GroupSpec {
  readonly groupEpoch?: number;
  readonly targetAssignmentEpoch?: number;
  readonly members?: readonly ConsumerMember[];
  readonly targets?: Readonly<Record<string, Assignment>>;
  readonly regexes?: Readonly<Record<string, readonly string[]>>;
}

/** The offsets harness (front door, handlers, replay) with a metadata image in its context. */
export class AdminHarness extends Harness {
  constructor(
    config: GroupCoordinatorConfig = DEFAULT_CONFIG,
    readonly topics: readonly TopicImage[] = TOPICS,
  ) {
    super(config);
  }

  override ctx(): HandlerContext {
    return { ...super.ctx(), topics: topicsImage(this.topics) };
  }

  /** Puts a consumer group into the state, as replay of its records would (tests only). */
  addConsumerGroup(groupId: string, spec: GroupSpec = {}): MutableConsumerGroup {
    const g = newConsumerGroup(groupId);
    const members = spec.members ?? [];
    const epoch = spec.groupEpoch ?? Math.max(0, ...members.map((m) => m.memberEpoch));
    g.groupEpoch = epoch;
    g.targetAssignmentEpoch = spec.targetAssignmentEpoch ?? epoch;
    for (const m of members) g.members.set(m.memberId, m);
    for (const [id, a] of Object.entries(spec.targets ?? {})) g.targetAssignment.set(id, a);
    for (const [regex, topics] of Object.entries(spec.regexes ?? {})) {
      const resolved: ResolvedRegularExpression = { topics: [...topics].sort(), version: 1, timestampMs: 0 };
      g.resolvedRegularExpressions.set(regex, resolved);
    }
    this.state.consumerGroups.set(groupId, g);
    return g;
  }

}
