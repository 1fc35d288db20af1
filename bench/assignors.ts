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
 * scenario, and the ratio column is ms / kafkajs ms. kafkajs assigns the leader's topic list to
 * every member regardless of subscriptions and encodes its output, so its row is a cost baseline,
 * not an equivalent assignment.
 *
 * Heap: the process heap in use right after the timed call, garbage included (the collector is
 * run before each call when Node exposes it), which bounds the call's peak from below.
 */
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { AssignerProtocol, PartitionAssigners } from 'kafkajs';
import { encodeStickyUserData } from '../src/protocol/assignors/sticky/user-data.js';
import type {
  AssignmentInput,
  GroupAssignment,
  MemberSubscription,
  PartitionAssignor,
  TopicMetadata,
} from '../src/protocol/assignors/types.js';

const MEMBERS = 2_000;
const TOPICS = 500;
const PARTITIONS = 2_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

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

interface Row {
  readonly assignor: string;
  readonly scenario: string;
  readonly ms: number;
  readonly heapMb: number;
}

function heapMb(): number {
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/** Median wall time of RUNS calls (after one warm-up) and the largest heap seen after a call. */
async function measure(call: () => unknown): Promise<{ ms: number; heapMb: number }> {
  const times: number[] = [];
  let heap = 0;
  for (let run = 0; run <= RUNS; run++) {
    gc();
    const start = performance.now();
    await call();
    const elapsed = performance.now() - start;
    heap = Math.max(heap, heapMb());
    if (run > 0) times.push(elapsed);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)] as number, heapMb: heap };
}

/** The kafkajs round robin assigner over a fake cluster holding the same topics. */
function kafkajsCall(input: AssignmentInput): () => Promise<unknown> {
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
  return () => assigner.assign({ members, topics: groupTopics });
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

async function main(): Promise<void> {
  const assignors = await loadAssignors();
  const rows: Row[] = [];
  const baseline = new Map<string, number>();
  for (const shape of ['identical', 'non-identical'] as const) {
    const fresh = freshInput(shape);
    const kafkajs = await measure(kafkajsCall(fresh));
    for (const state of ['fresh', 'owned']) {
      const scenario = `${shape}, ${state}`;
      baseline.set(scenario, kafkajs.ms);
      rows.push({ assignor: 'kafkajs RoundRobinAssigner', scenario, ...kafkajs });
      console.error(`measured kafkajs (${scenario})`);
    }
    for (const assignor of assignors) {
      rows.push({ assignor: assignor.name, scenario: `${shape}, fresh`, ...(await measure(() => assignor.assign(fresh))) });
      const owned = ownedInput(shape, assignor.assign(fresh));
      rows.push({ assignor: assignor.name, scenario: `${shape}, owned`, ...(await measure(() => assignor.assign(owned))) });
      console.error(`measured ${assignor.name} (${shape})`);
    }
  }
  console.log(`${MEMBERS} members x ${TOPICS * PARTITIONS} partitions (${TOPICS} topics x ${PARTITIONS}), median of ${RUNS} runs`);
  console.log(['assignor'.padEnd(28), 'scenario'.padEnd(24), 'ms'.padStart(9), 'vs kafkajs'.padStart(11), 'heap MB'.padStart(9)].join(' '));
  for (const row of rows) {
    const ratio = row.ms / (baseline.get(row.scenario) as number);
    console.log(
      [
        row.assignor.padEnd(28),
        row.scenario.padEnd(24),
        row.ms.toFixed(0).padStart(9),
        `${ratio.toFixed(2)}x`.padStart(11),
        row.heapMb.toFixed(0).padStart(9),
      ].join(' '),
    );
  }
}

await main();
