/**
 * Benchmark of the client-side assignors at Kafka's largest test size (never part of
 * `npm test`; run with `npx tsx bench/assignors.ts`).
 *
 * Input: 2,000 members and 500 topics of 2,000 partitions (1,000,000 partitions), as Kafka's
 * `AbstractStickyAssignorTest.testLargeAssignmentAndGroupWith{Uniform,NonEqual}Subscription`
 * builds it: members `c0000`..`c1999`, topics `t000`..`t499`; with non-identical subscriptions
 * the last member subscribes to the first topic only. "owned" rows first compute a fresh
 * assignment with the same assignor, then every member but the first reports what it got, with
 * generation 1 (in `ownedPartitions`, `generationId` and, for `sticky`, its user data), as
 * Kafka's test does; the first member reports nothing.
 *
 * Every row is timed on the same input as a kafkajs 2.2.4 `RoundRobinAssigner` row of the same
 * scenario, and doing the same work: kafkajs's `assign` encodes each member's assignment
 * (`MemberAssignment.encode`), so every row of ours encodes its output to ConsumerProtocol
 * bytes too (`encodeAssignment`). kafkajs assigns the leader's topic list to every member
 * regardless of subscriptions, so its row is a cost baseline, not an equivalent assignment.
 *
 * Checks, on every run: each of our assignments is valid (every partition of every subscribed
 * topic assigned exactly once, only to a member subscribed to its topic) and used (encoded,
 * and the bytes decode back to as many partitions); kafkajs's answer covers every partition
 * once. Also timed: encoding one 1,000,000-partition assignment (checked by decoding it).
 * Warm-up, then the min and median of at least 5 runs (`BENCH_RUNS`).
 */
import { performance } from 'node:perf_hooks';
import { AssignerProtocol, PartitionAssigners } from 'kafkajs';
import { decodeAssignment, encodeAssignment } from '../src/protocol/consumer-protocol/index.js';
import { check, measure, measureAsync, runSuite } from './harness.js';
import type { Figure } from './harness.js';
import { encodeStickyUserData } from '../src/protocol/assignors/sticky/user-data.js';
import type {
  AssignmentInput,
  GroupAssignment,
  MemberSubscription,
  PartitionAssignor,
  TopicMetadata,
  TopicPartition,
} from '../src/protocol/assignors/types.js';

const MEMBERS = 2_000;
const TOPICS = 500;
const PARTITIONS = 2_000;

/** Kafka's test names: a prefix and the number zero-padded to the width of the count. */
function name(prefix: string, i: number, count: number): string {
  return prefix + String(i).padStart(String(count).length, '0');
}

const topicNames = Array.from({ length: TOPICS }, (_, i) => name('t', i, TOPICS));
const memberIds = Array.from({ length: MEMBERS }, (_, i) => name('c', i, MEMBERS));
const topics: TopicMetadata[] = topicNames.map((topic) => ({ topic, partitionCount: PARTITIONS }));

type Shape = 'identical' | 'non-identical';

function subscriptionOf(shape: Shape, m: number): string[] {
  return shape === 'non-identical' && m === MEMBERS - 1 ? topicNames.slice(0, 1) : topicNames;
}

function freshInput(shape: Shape): AssignmentInput {
  const members: MemberSubscription[] = memberIds.map((memberId, m) => ({
    memberId,
    groupInstanceId: null,
    topics: subscriptionOf(shape, m),
    userData: null,
    ownedPartitions: [],
    generationId: -1,
    rackId: null,
  }));
  return { members, topics };
}

/** The input of the second assignment: members 1.. report `previous` at generation 1. */
function ownedInput(shape: Shape, previous: GroupAssignment): AssignmentInput {
  const fresh = freshInput(shape);
  const members = fresh.members.map((member, m) => {
    if (m === 0) return member;
    const owned = previous.get(member.memberId) ?? [];
    return {
      ...member,
      ownedPartitions: owned,
      generationId: 1,
      userData: encodeStickyUserData({ partitions: owned, generation: 1 }),
    };
  });
  return { members, topics };
}

/** The kafkajs round robin assigner over a fake cluster holding the same topics. */
function kafkajsCall(input: AssignmentInput): () => Promise<number> {
  const partitionMetadata = new Map(
    input.topics.map((t) => [t.topic, Array.from({ length: t.partitionCount }, (_, partitionId) => ({ partitionId }))]),
  );
  const cluster = { findTopicPartitionMetadata: (topic: string) => partitionMetadata.get(topic) ?? [] };
  // kafkajs's types want a full Cluster, group id and logger; the assigner only calls
  // cluster.findTopicPartitionMetadata.
  const assigner = PartitionAssigners.roundRobin({ cluster } as never);
  const members = input.members.map((member) => ({
    memberId: member.memberId,
    memberMetadata: AssignerProtocol.MemberMetadata.encode({
      version: 0,
      topics: [...member.topics],
      userData: Buffer.alloc(0),
    }),
  }));
  const groupTopics = [...new Set(input.members.flatMap((member) => member.topics))];
  const total = input.topics.reduce((n, t) => n + t.partitionCount, 0);
  return async () => {
    const start = performance.now();
    const out = (await assigner.assign({ members, topics: groupTopics })) as { memberId: string; memberAssignment: Buffer }[];
    const ms = performance.now() - start;
    let assigned = 0;
    for (const m of out) {
      const decoded = AssignerProtocol.MemberAssignment.decode(m.memberAssignment) as { assignment: Record<string, number[]> } | null;
      for (const ps of Object.values(decoded?.assignment ?? {})) assigned += ps.length;
    }
    check(out.length === input.members.length && assigned === total, `kafkajs assigned ${assigned} of ${total} partitions to ${out.length} members`);
    return ms;
  };
}

/** Our assignor, its output encoded to ConsumerProtocol bytes as kafkajs's is, checked and used. */
function ourCall(assignor: PartitionAssignor, input: AssignmentInput): () => number {
  return () => {
    const start = performance.now();
    const assignment = assignor.assign(input);
    const encoded = new Map<string, Uint8Array>();
    for (const m of input.members) encoded.set(m.memberId, encodeAssignment({ partitions: assignment.get(m.memberId) ?? [], userData: null }));
    const ms = performance.now() - start;
    checkAssignment(assignor.name, input, assignment, encoded);
    return ms;
  };
}

/** Every subscribed partition assigned once, to a subscriber; every member's bytes decode to its partitions. */
function checkAssignment(name: string, input: AssignmentInput, assignment: GroupAssignment, encoded: Map<string, Uint8Array>): void {
  const seen = new Map(input.topics.map((t) => [t.topic, new Uint8Array(t.partitionCount)]));
  for (const member of input.members) {
    const subscribed = new Set(member.topics);
    const partitions = assignment.get(member.memberId) ?? [];
    for (const { topic, partition } of partitions) {
      check(subscribed.has(topic), `${name} gave ${member.memberId} ${topic}-${partition}, a topic it does not subscribe to`);
      const marks = seen.get(topic)!;
      check(marks[partition] === 0, `${name} assigned ${topic}-${partition} twice`);
      marks[partition] = 1;
    }
    check(decodeAssignment(encoded.get(member.memberId)!).partitions.length === partitions.length, `${name}: ${member.memberId}'s bytes do not decode to its partitions`);
  }
  const subscribedTopics = new Set(input.members.flatMap((m) => m.topics));
  for (const [topic, marks] of seen) if (subscribedTopics.has(topic)) check(marks.every((x) => x === 1), `${name} left a partition of ${topic} unassigned`);
}

/** Encoding one assignment of every partition (500 topics x 2,000), checked by decoding it. */
function encodeCall(): () => number {
  const partitions: TopicPartition[] = topicNames.flatMap((topic) => Array.from({ length: PARTITIONS }, (_, partition) => ({ topic, partition })));
  return () => {
    const start = performance.now();
    const bytes = encodeAssignment({ partitions, userData: null });
    const ms = performance.now() - start;
    const back = decodeAssignment(bytes).partitions;
    check(back.length === partitions.length && back[123_456]!.partition === partitions[123_456]!.partition, 'the 1M-partition assignment does not decode back');
    return ms;
  };
}

/** Every `PartitionAssignor` a module exports. */
function assignorsIn(module: Record<string, unknown>): PartitionAssignor[] {
  return Object.values(module).filter(
    (value): value is PartitionAssignor =>
      typeof value === 'object' && value !== null && typeof (value as PartitionAssignor).assign === 'function',
  );
}

/** The project's assignors that exist in this checkout (range and round robin may not yet). */
async function loadAssignors(): Promise<PartitionAssignor[]> {
  const found: PartitionAssignor[] = [];
  for (const path of ['range.js', 'round-robin.js', 'sticky.js', 'cooperative-sticky.js']) {
    try {
      const module = (await import(`../src/protocol/assignors/${path}`)) as Record<string, unknown>;
      for (const assignor of assignorsIn(module)) if (!found.some((a) => a.name === assignor.name)) found.push(assignor);
    } catch (error) {
      console.error(`skipping ${path}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  return found;
}

/** The suite: encoding 1M partitions, then every assignor against kafkajs, both encoding. */
async function assignorFigures(): Promise<Figure[]> {
  const assignors = await loadAssignors();
  const figures: Figure[] = [measure('encode.1M', 'encode a 1,000,000-partition assignment', encodeCall())];
  const only = process.env.BENCH_ASSIGNORS?.split(',');
  for (const shape of ['identical', 'non-identical'] as const) {
    const fresh = freshInput(shape);
    figures.push(await measureAsync(`assign.kafkajs.${shape}`, `kafkajs RoundRobinAssigner + encode (${shape})`, kafkajsCall(fresh)));
    for (const assignor of assignors) {
      if (only !== undefined && !only.includes(assignor.name)) continue;
      figures.push(measure(`assign.${assignor.name}.${shape}.fresh`, `${assignor.name} + encode (${shape}, fresh)`, ourCall(assignor, fresh)));
      const owned = ownedInput(shape, assignor.assign(fresh));
      figures.push(measure(`assign.${assignor.name}.${shape}.owned`, `${assignor.name} + encode (${shape}, owned)`, ourCall(assignor, owned)));
    }
  }
  return figures;
}

await runSuite('assignors', assignorFigures);
