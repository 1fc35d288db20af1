/**
 * Benchmark of the KIP-848 server assignors (`uniform`, homogeneous and heterogeneous, and
 * `range`) and of the target assignment, against the project's classic `cooperative-sticky`
 * assignor on the same groups in the same run (never part of `npm test`; run with
 * `npm run bench -- --only server-assignors`).
 *
 * Shapes follow Kafka's `jmh/assignor/ServerSideAssignorBenchmark` (`AssignorBenchmarkUtils`):
 * `members x partitionsToMemberRatio` partitions spread over 100 topics; HETEROGENEOUS = members
 * in 5 buckets (member i in bucket i mod 5), bucket b subscribing to its own fifth of the topics;
 * FULL = a fresh assignment; INCREMENTAL = members - 1 members assigned, then one more member
 * (subscribed like the member before it) and the reassignment timed. Sizes: 10,000 members x
 * 500,000 partitions (ratio 50) and 1,000 members x 10,000 partitions (ratio 10). No racks
 * (server assignors ignore them since KAFKA-16694).
 *
 * The classic baseline gets the same members, topics (named by topic id) and, for INCREMENTAL,
 * the previous assignment as `ownedPartitions` at generation 1. The target-assignment rows time
 * `buildTargetAssignment` (uniform, homogeneous, one member added), records included, as Kafka's
 * `TargetAssignmentBuilderBenchmark` does.
 *
 * Checks, on every run (outside the timed part): every partition of a subscribed topic assigned
 * exactly once, to a subscriber; uniform homogeneous counts within one; an INCREMENTAL uniform run
 * gives the new member partitions; the target assignment writes a record for the new member and
 * ends with the epoch record. A failed check reports nothing (exit 1).
 */
import { performance } from 'node:perf_hooks';
import { assignCooperativeSticky } from '../src/protocol/assignors/cooperative-sticky.js';
import type { AssignmentInput, GroupAssignment as ClassicAssignment, MemberSubscription } from '../src/protocol/assignors/types.js';
import type { Assignment } from '../src/protocol/consumer/assignment.js';
import type { GroupAssignment, GroupSpec, MemberSubscriptionSpec, SubscriptionType } from '../src/protocol/consumer/assignor.js';
import { assignRange } from '../src/protocol/consumer/assignors/range.js';
import { assignUniform, uniformServerAssignor } from '../src/protocol/consumer/assignors/uniform.js';
import type { ConsumerMember, SubscribedTopicMetadata } from '../src/protocol/consumer/group.js';
import { createGroupSpec, topicDescriber } from '../src/protocol/consumer/group-spec.js';
import { buildTargetAssignment } from '../src/protocol/consumer/target-assignment.js';
import { check, measure, runSuite } from './harness.js';
import type { Figure, MeasureOptions } from './harness.js';

const TOPICS = 100;
const BUCKETS = 5;

/** One benchmark group shape. */
interface Shape {
  readonly members: number;
  readonly ratio: number;
  readonly type: SubscriptionType;
}

/** The topics and every member's subscription of a shape. */
interface Group {
  readonly topicIds: string[];
  readonly counts: Map<string, number>;
  readonly memberIds: string[];
  readonly subscriptions: ReadonlySet<string>[];
}

function topicIdOf(i: number): string {
  const bytes = Buffer.alloc(16);
  bytes.writeUInt32BE(0x2a000000 + i * 2654435761 >>> 0, 0);
  bytes.writeUInt32BE(i, 12);
  return bytes.toString('base64url');
}

function makeGroup(shape: Shape): Group {
  const perTopic = Math.floor((shape.members * shape.ratio) / TOPICS);
  const topicIds = Array.from({ length: TOPICS }, (_, i) => topicIdOf(i));
  const all = new Set(topicIds);
  const slices = Array.from({ length: BUCKETS }, (_, b) => new Set(topicIds.slice((b * TOPICS) / BUCKETS, ((b + 1) * TOPICS) / BUCKETS)));
  const memberIds = Array.from({ length: shape.members }, (_, m) => `member-${m}`);
  const subscriptions = memberIds.map((_, m) => (shape.type === 'HOMOGENEOUS' ? all : (slices[m % BUCKETS] as Set<string>)));
  return { topicIds, counts: new Map(topicIds.map((t) => [t, perTopic])), memberIds, subscriptions };
}

/** The group spec of the first `n` members, each with its current target from `current`. */
function specOf(group: Group, n: number, type: SubscriptionType, current: GroupAssignment, extra?: [string, ReadonlySet<string>]): GroupSpec {
  const members = new Map<string, MemberSubscriptionSpec>();
  for (let m = 0; m < n; m++) {
    const id = group.memberIds[m] as string;
    members.set(id, { rackId: null, instanceId: null, subscribedTopicIds: group.subscriptions[m] as ReadonlySet<string>, assignedPartitions: current.get(id) ?? new Map() });
  }
  if (extra !== undefined) members.set(extra[0], { rackId: null, instanceId: null, subscribedTopicIds: extra[1], assignedPartitions: new Map() });
  return createGroupSpec(members, type);
}

/** Every subscribed partition exactly once, to a subscriber (and uniform homogeneous within one). */
function checkServer(name: string, group: Group, spec: GroupSpec, out: GroupAssignment, balanced: boolean): void {
  const marks = new Map([...group.counts].map(([t, n]) => [t, new Uint8Array(n)]));
  const counts: number[] = [];
  for (const memberId of spec.memberIds) {
    const subscribed = spec.memberSubscription(memberId).subscribedTopicIds;
    let n = 0;
    for (const [t, ps] of out.get(memberId) ?? new Map<string, ReadonlySet<number>>()) {
      check(subscribed.has(t), `${name}: ${memberId} got a topic it does not subscribe to`);
      const m = marks.get(t) as Uint8Array;
      for (const p of ps) {
        check(m[p] === 0, `${name}: ${t}-${p} assigned twice`);
        m[p] = 1;
        n++;
      }
    }
    counts.push(n);
  }
  const subscribedTopics = new Set(spec.memberIds.flatMap((id) => [...spec.memberSubscription(id).subscribedTopicIds]));
  for (const t of subscribedTopics) check((marks.get(t) as Uint8Array).every((x) => x === 1), `${name}: a partition of ${t} is unassigned`);
  if (balanced) check(Math.max(...counts) - Math.min(...counts) <= 1, `${name}: counts differ by more than one`);
}

type Assign = (g: GroupSpec, t: ReturnType<typeof topicDescriber>) => GroupAssignment;

/** A server assignor row: FULL or INCREMENTAL. */
function serverRow(name: string, assign: Assign, group: Group, shape: Shape, incremental: boolean): () => number {
  const describer = topicDescriber(group.counts);
  const n = shape.members;
  const spec = incremental
    ? specOf(group, n - 1, shape.type, assign(specOf(group, n - 1, shape.type, new Map()), describer), ['member-new', group.subscriptions[n - 2] as ReadonlySet<string>])
    : specOf(group, n, shape.type, new Map());
  return () => {
    const start = performance.now();
    const out = assign(spec, describer);
    const ms = performance.now() - start;
    checkServer(name, group, spec, out, name.startsWith('uniform') && shape.type === 'HOMOGENEOUS');
    if (incremental && name.startsWith('uniform')) check((out.get('member-new')?.size ?? 0) > 0, `${name}: the new member got nothing`);
    return ms;
  };
}

/** The classic cooperative-sticky row on the same group (topics named by id). */
function classicRow(group: Group, shape: Shape, incremental: boolean): () => number {
  const topics = group.topicIds.map((topic) => ({ topic, partitionCount: group.counts.get(topic) as number }));
  const member = (memberId: string, subscribed: ReadonlySet<string>): MemberSubscription => ({
    memberId, groupInstanceId: null, topics: [...subscribed], userData: null, ownedPartitions: [], generationId: -1, rackId: null,
  });
  const n = incremental ? shape.members - 1 : shape.members;
  let members = group.memberIds.slice(0, n).map((id, m) => member(id, group.subscriptions[m] as ReadonlySet<string>));
  if (incremental) {
    const previous = assignCooperativeSticky({ members, topics });
    members = members.map((m) => ({ ...m, ownedPartitions: previous.get(m.memberId) ?? [], generationId: 1 }));
    members.push(member('member-new', group.subscriptions[shape.members - 2] as ReadonlySet<string>));
  }
  const input: AssignmentInput = { members, topics };
  return () => {
    const start = performance.now();
    const out = assignCooperativeSticky(input);
    const ms = performance.now() - start;
    checkClassic(input, out, incremental);
    return ms;
  };
}

/** Classic: no partition twice, only to subscribers; a fresh assignment covers every partition. */
function checkClassic(input: AssignmentInput, out: ClassicAssignment, incremental: boolean): void {
  const marks = new Map(input.topics.map((t) => [t.topic, new Uint8Array(t.partitionCount)]));
  for (const m of input.members) {
    const subscribed = new Set(m.topics);
    for (const { topic, partition } of out.get(m.memberId) ?? []) {
      check(subscribed.has(topic), `cooperative-sticky gave ${m.memberId} ${topic}`);
      const marksOf = marks.get(topic) as Uint8Array;
      check(marksOf[partition] === 0, `cooperative-sticky assigned ${topic}-${partition} twice`);
      marksOf[partition] = 1;
    }
  }
  // Cooperative-sticky withholds partitions that change owner until they are revoked.
  if (!incremental) for (const [t, m] of marks) check(m.every((x) => x === 1), `cooperative-sticky left a partition of ${t} unassigned`);
}

/** `buildTargetAssignment` with the uniform assignor, one member added to a homogeneous group. */
function targetRow(group: Group, shape: Shape): () => number {
  const n = shape.members;
  const previous = assignUniform(specOf(group, n - 1, 'HOMOGENEOUS', new Map()), topicDescriber(group.counts));
  const names = group.topicIds;
  const member = (memberId: string): ConsumerMember => ({
    memberId, memberEpoch: 1, previousMemberEpoch: 0, state: 'STABLE', instanceId: null, rackId: null, rebalanceTimeoutMs: 60000,
    clientId: 'bench', clientHost: '/127.0.0.1', subscribedTopicNames: names, subscribedTopicRegex: null, serverAssignorName: null,
    assignedPartitions: new Map(), partitionsPendingRevocation: new Map(),
  });
  const members = new Map(group.memberIds.slice(0, n - 1).map((id) => [id, member(id)]));
  members.set('member-new', member('member-new'));
  const subscriptionMetadata = new Map<string, SubscribedTopicMetadata>(names.map((t) => [t, { topicId: t, topicName: t, numPartitions: group.counts.get(t) as number }]));
  const targetAssignment = new Map<string, Assignment>(previous);
  return () => {
    const start = performance.now();
    const result = buildTargetAssignment({
      groupId: 'bench', groupEpoch: 2, assignor: uniformServerAssignor, members, targetAssignment, subscriptionMetadata, resolvedRegularExpressions: new Map(),
    });
    const ms = performance.now() - start;
    check(result.records.some((r) => r.type === 'ConsumerGroupTargetAssignmentMember' && r.memberId === 'member-new'), 'target: no record for the new member');
    check(result.records.at(-1)?.type === 'ConsumerGroupTargetAssignmentMetadata', 'target: the epoch record is not last');
    return ms;
  };
}

const SIZES = [
  { label: '1k x 10k', members: 1_000, ratio: 10 },
  { label: '10k x 500k', members: 10_000, ratio: 50 },
] as const;

/** The suite: every server row with its classic baseline, at both sizes. */
function figures(): Figure[] {
  const out: Figure[] = [];
  const only = process.env.BENCH_SIZES?.split(',');
  for (const size of SIZES) {
    if (only !== undefined && !only.includes(String(size.members))) continue;
    const big: MeasureOptions = size.members >= 10_000 ? { exactRuns: 5 } : {};
    for (const type of ['HOMOGENEOUS', 'HETEROGENEOUS'] as const) {
      const shape: Shape = { members: size.members, ratio: size.ratio, type };
      const group = makeGroup(shape);
      const t = type.toLowerCase();
      for (const mode of ['full', 'incremental'] as const) {
        const inc = mode === 'incremental';
        const tag = `${t}.${mode}.${size.members}`;
        const what = `${t}, ${mode}, ${size.label}`;
        out.push(measure(`sa.cooperative-sticky.${tag}`, `classic cooperative-sticky (${what})`, classicRow(group, shape, inc), big));
        out.push(measure(`sa.uniform.${tag}`, `server uniform (${what})`, serverRow('uniform', assignUniform, group, shape, inc), big));
        out.push(measure(`sa.range.${tag}`, `server range (${what})`, serverRow('range', assignRange, group, shape, inc), big));
      }
      if (type === 'HOMOGENEOUS') {
        out.push(measure(`sa.target.homogeneous.incremental.${size.members}`, `buildTargetAssignment, uniform (homogeneous, incremental, ${size.label})`, targetRow(group, shape), big));
      }
    }
  }
  return out;
}

/**
 * Kafka's published JMH figures (ms per assignment) for the cells this suite reproduces exactly:
 * same members, ratio, 100 topics, subscription type and FULL/INCREMENTAL. Quoted in bench/README.md
 * with their sources; printed here as ratios (ours / Kafka's, a JVM on another machine).
 */
const KAFKA_JMH: Record<string, { readonly ms: number; readonly source: string }> = {
  'sa.uniform.homogeneous.full.10000': { ms: 13.2, source: 'KAFKA-18688 PR #19677 (12.4-13.2)' },
  'sa.range.homogeneous.incremental.1000': { ms: 0.476, source: 'KAFKA-16944 PR #16504' },
  'sa.range.heterogeneous.incremental.1000': { ms: 1.73, source: 'KAFKA-16944 PR #16504' },
  'sa.target.homogeneous.incremental.1000': { ms: 0.659, source: 'KAFKA-16944 PR #16504 (TargetAssignmentBuilderBenchmark)' },
};

function printKafkaRatios(all: readonly Figure[]): void {
  console.error('  vs Kafka JMH (published, same cell):');
  for (const f of all) {
    const k = KAFKA_JMH[f.id];
    if (k !== undefined) console.error(`    ${f.label}: ${f.medianMs.toFixed(2)} ms vs ${k.ms} ms = ${(f.medianMs / k.ms).toFixed(1)}x (${k.source})`);
  }
}

await runSuite('server-assignors', () => {
  const all = figures();
  printKafkaRatios(all);
  return all;
});
