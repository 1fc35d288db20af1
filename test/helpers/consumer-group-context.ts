/**
 * A test context for consumer groups (KIP-848) in the mould of Kafka's
 * GroupMetadataManagerTestContext: the pure heartbeat handler with injected assignors, a
 * coordinator state changed only by replay, a manual clock, a timer table and a mutable
 * metadata image. Also a throwaway test assignor and target builder (tests only: the project's
 * own live in src/protocol/consumer/assignors once they land).
 */
import { expect } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/protocol/config.js';
import type { GroupCoordinatorConfig } from '../../src/protocol/config.js';
import type { ConsumerGroupHeartbeatRequest, ConsumerGroupHeartbeatResponse } from '../../src/protocol/messages/index.js';
import type { CoordinatorRecord } from '../../src/protocol/records.js';
import { emptyCoordinatorState, fold, replay } from '../../src/protocol/replay.js';
import type { MutableCoordinatorState } from '../../src/protocol/replay.js';
import type { HandlerContext, HandlerResult, TimerEvent } from '../../src/protocol/handler/index.js';
import { timerKeyText } from '../../src/protocol/handler/index.js';
import { consumerGroupHeartbeatWith } from '../../src/protocol/consumer/heartbeat.js';
import { fireConsumerTimer } from '../../src/protocol/consumer/timers.js';
import type { ConsumerGroupServices } from '../../src/protocol/consumer/services.js';
import type { Assignment } from '../../src/protocol/consumer/assignment.js';
import { assignmentsEqual } from '../../src/protocol/consumer/assignment.js';
import type { GroupAssignment, GroupSpec, ServerAssignor, SubscribedTopicDescriber } from '../../src/protocol/consumer/assignor.js';
import type { TargetAssignmentInput, TargetAssignmentResult } from '../../src/protocol/consumer/target-assignment.js';
import { targetMemberRecord } from '../../src/protocol/consumer/record-helpers.js';
import type { ConsumerGroup } from '../../src/protocol/consumer/group.js';
import type { ConsumerGroupRecord } from '../../src/protocol/consumer/records.js';
import type { TopicImage } from '../../src/protocol/consumer/topics.js';
import { topicsImage } from '../../src/protocol/consumer/topics.js';
import { loadCoordinator } from '../../src/protocol/load.js';

/**
 * A range assignor for tests: each topic's partitions split in contiguous ranges over its
 * subscribers in member order (the first members get one more). Deterministic and simple.
 */
export function testRangeAssignor(name: string): ServerAssignor {
  return {
    name,
    assign(group: GroupSpec, topics: SubscribedTopicDescriber): GroupAssignment {
      const out = new Map<string, Map<string, Set<number>>>(group.memberIds.map((id) => [id, new Map()]));
      const topicIds = new Set<string>();
      for (const id of group.memberIds) for (const t of group.memberSubscription(id).subscribedTopicIds) topicIds.add(t);
      for (const topicId of [...topicIds].sort()) {
        const subs = group.memberIds.filter((id) => group.memberSubscription(id).subscribedTopicIds.has(topicId));
        const n = topics.numPartitions(topicId);
        let p = 0;
        subs.forEach((id, i) => {
          const count = Math.floor(n / subs.length) + (i < n % subs.length ? 1 : 0);
          const set = new Set<number>();
          for (let k = 0; k < count; k++) set.add(p++);
          if (set.size > 0) out.get(id)!.set(topicId, set);
        });
      }
      return out;
    },
  };
}

/** A minimal target builder for tests: subscriptions to topic ids, the assignor, records of changed members then the epoch. */
export function testBuildTargetAssignment(input: TargetAssignmentInput): TargetAssignmentResult {
  const current = new Map(input.targetAssignment);
  if (input.replacedStaticMember) {
    const { oldMemberId, newMemberId } = input.replacedStaticMember;
    current.set(newMemberId, current.get(oldMemberId) ?? new Map());
    current.delete(oldMemberId);
  }
  const idsOf = (names: Iterable<string>): Set<string> => {
    const out = new Set<string>();
    for (const n of names) {
      const t = input.subscriptionMetadata.get(n);
      if (t) out.add(t.topicId);
    }
    return out;
  };
  const memberIds = [...input.members.keys()];
  const spec: GroupSpec = {
    memberIds,
    subscriptionType: 'HETEROGENEOUS',
    memberSubscription: (id) => {
      const m = input.members.get(id)!;
      const regexTopics = m.subscribedTopicRegex ? (input.resolvedRegularExpressions.get(m.subscribedTopicRegex)?.topics ?? []) : [];
      return { rackId: m.rackId, instanceId: m.instanceId, subscribedTopicIds: idsOf([...m.subscribedTopicNames, ...regexTopics]), assignedPartitions: current.get(id) ?? new Map() };
    },
    isPartitionAssigned: () => false,
  };
  const byId = new Map([...input.subscriptionMetadata.values()].map((t) => [t.topicId, t.numPartitions]));
  const assigned = input.assignor.assign(spec, { numPartitions: (id) => byId.get(id) ?? -1 });
  const records: ConsumerGroupRecord[] = [];
  const target = new Map<string, Assignment>();
  for (const id of memberIds) {
    const next = assigned.get(id) ?? new Map();
    target.set(id, next);
    if (!assignmentsEqual(next, current.get(id) ?? new Map())) records.push(targetMemberRecord(input.groupId, id, next));
  }
  records.push({ type: 'ConsumerGroupTargetAssignmentMetadata', groupId: input.groupId, value: { assignmentEpoch: input.groupEpoch } });
  return { targetAssignment: target, records };
}

/** The test services: `range` and `uniform` both the test range assignor. */
export const TEST_SERVICES: ConsumerGroupServices = {
  buildTargetAssignment: testBuildTargetAssignment,
  serverAssignor: (name) => (name === 'range' || name === 'uniform' ? testRangeAssignor(name) : undefined),
};

/** A heartbeat request with test defaults (v1, group `g`, nothing changed). */
export function cgHeartbeat(fields: Partial<Omit<ConsumerGroupHeartbeatRequest, 'api'>> = {}): ConsumerGroupHeartbeatRequest {
  return {
    api: 'ConsumerGroupHeartbeat',
    version: 1,
    clientId: 'client',
    clientHost: '/127.0.0.1',
    groupId: 'g',
    memberId: '',
    memberEpoch: 0,
    instanceId: null,
    rackId: null,
    rebalanceTimeoutMs: -1,
    subscribedTopicNames: null,
    subscribedTopicRegex: null,
    serverAssignor: null,
    topicPartitions: null,
    ...fields,
  };
}

/** What one heartbeat produced. */
export interface CgOutcome {
  readonly response: ConsumerGroupHeartbeatResponse;
  readonly records: CoordinatorRecord[];
  readonly result: HandlerResult;
}

/** The harness. */
export class ConsumerGroupTestContext {
  readonly state: MutableCoordinatorState = emptyCoordinatorState();
  readonly log: CoordinatorRecord[] = [];
  readonly timers = new Map<string, { deadlineMs: number; seq: number; event: TimerEvent }>();
  readonly config: GroupCoordinatorConfig;
  nowMs = 0;
  private topics: TopicImage[] = [];
  private ids = 0;
  private seq = 0;
  private requests = 0;

  constructor(config: Partial<GroupCoordinatorConfig> = {}, readonly services: ConsumerGroupServices = TEST_SERVICES) {
    this.config = { ...DEFAULT_CONFIG, ...config };
  }

  /** Creates a topic (id `T-<name>`) or sets its partition count. */
  createTopic(name: string, partitions: number): string {
    const topicId = `T-${name}`;
    this.topics = [...this.topics.filter((t) => t.name !== name), { topicId, name, numPartitions: partitions }];
    return topicId;
  }

  /** Deletes a topic. */
  deleteTopic(name: string): void {
    this.topics = this.topics.filter((t) => t.name !== name);
  }

  /** The handler context at the current time. */
  ctx(): HandlerContext {
    return { nowMs: this.nowMs, config: this.config, newId: () => `m${++this.ids}`, topics: topicsImage(this.topics) };
  }

  /** Applies a handler result: replay, then timer ops. */
  apply(result: HandlerResult): void {
    for (const r of result.records) {
      replay(this.state, r);
      this.log.push(r);
    }
    for (const op of result.timers) {
      if (op.op === 'cancel') this.timers.delete(timerKeyText(op.key));
      else this.timers.set(timerKeyText(op.key), { deadlineMs: op.deadlineMs, seq: this.seq++, event: op.event });
    }
  }

  /** Sends one heartbeat. */
  heartbeat(fields: Partial<Omit<ConsumerGroupHeartbeatRequest, 'api'>> = {}): CgOutcome {
    const result = consumerGroupHeartbeatWith(this.services, this.state, { requestId: `r${++this.requests}`, request: cgHeartbeat(fields) }, this.ctx());
    this.apply(result);
    return { response: result.responses[0]!.response as ConsumerGroupHeartbeatResponse, records: [...result.records], result };
  }

  /** Joins a member subscribed to `topics` (v1 with `memberId`). */
  join(memberId: string, topics: string[], fields: Partial<Omit<ConsumerGroupHeartbeatRequest, 'api'>> = {}): CgOutcome {
    return this.heartbeat({ memberId, memberEpoch: 0, rebalanceTimeoutMs: 300_000, subscribedTopicNames: topics, topicPartitions: [], ...fields });
  }

  /** Advances the clock, firing due timers in deadline order (ties: arm order); returns their records. */
  advance(ms: number): CoordinatorRecord[] {
    const until = this.nowMs + ms;
    const out: CoordinatorRecord[] = [];
    for (;;) {
      const due = [...this.timers].filter(([, t]) => t.deadlineMs <= until).sort(([, a], [, b]) => a.deadlineMs - b.deadlineMs || a.seq - b.seq)[0];
      if (due === undefined) break;
      const [key, t] = due;
      this.timers.delete(key);
      this.nowMs = t.deadlineMs;
      if (t.event.type !== 'timer.consumerSessionExpired' && t.event.type !== 'timer.consumerRebalanceExpired') continue;
      const result = fireConsumerTimer(this.state, t.event, this.ctx());
      this.apply(result);
      out.push(...result.records);
    }
    this.nowMs = until;
    return out;
  }

  /** The consumer group. */
  group(groupId = 'g'): ConsumerGroup {
    const g = this.state.consumerGroups.get(groupId);
    expect(g, `consumer group ${groupId}`).toBeDefined();
    return g!;
  }

  /** The deadline of a timer, or undefined. */
  timer(key: string): number | undefined {
    return this.timers.get(key)?.deadlineMs;
  }

  /** A new coordinator that folds this one's log and loads (failover); it shares the metadata image. */
  failover(): ConsumerGroupTestContext {
    const next = new ConsumerGroupTestContext(this.config, this.services);
    next.topics = this.topics;
    next.nowMs = this.nowMs;
    next.ids = this.ids;
    fold(this.log, next.state);
    next.log.push(...this.log);
    next.apply(loadCoordinator(next.state, next.ctx()));
    return next;
  }
}

/** The partitions of a heartbeat answer's assignment as `topicId:p` strings, sorted. */
export function tps(response: ConsumerGroupHeartbeatResponse): string[] | null {
  if (response.assignment === null) return null;
  return response.assignment.topicPartitions.flatMap((t) => t.partitions.map((p) => `${t.topicId}:${p}`)).sort();
}

/** Owned partitions in request form from `topicId:p` strings. */
export function owned(list: string[]): { topicId: string; partitions: number[] }[] {
  const by = new Map<string, number[]>();
  for (const s of list) {
    const i = s.lastIndexOf(':');
    const t = s.slice(0, i);
    by.set(t, [...(by.get(t) ?? []), Number(s.slice(i + 1))]);
  }
  return [...by].map(([topicId, partitions]) => ({ topicId, partitions }));
}
