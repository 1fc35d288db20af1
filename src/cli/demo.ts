/**
 * The demo: real `KafkaConsumer`s on the 3-broker in-memory cluster, in virtual time. Three
 * consumers join a group (eager, range), consume and commit; a fourth joins; one crashes and
 * is expelled after its session timeout; the broker coordinating the group crashes and the
 * group fails over to another broker, where the consumers find it again and carry on from
 * their committed offsets. Returns the story as entries, so the same run always prints the
 * same text.
 */
import { InMemoryKafka } from '../broker/in-memory-kafka.js';
import type { BrokerRequest, BrokerResponse } from '../broker/kafka-broker.js';
import { produce } from '../broker/produce.js';
import { ConsumerError, KafkaConsumer, type ConsumerRecord } from '../client/index.js';
import { DEFAULT_CONFIG, type GroupCoordinatorConfig } from '../protocol/config.js';
import { consumerGroupState } from '../protocol/consumer/group.js';
import { decodeText, textRecord } from '../protocol/messages/record-batch.js';
import { ManualClock } from '../time/clock.js';
import type { Transport } from '../transport/channel.js';
import { DemoRecorder, isRoutine, type DemoEntry } from './demo-recorder.js';
import { shortIds } from './sequence.js';
import { formatEntry } from './timeline.js';

export type { DemoEntry } from './demo-recorder.js';

const GROUP = 'orders-app';
const TOPIC = 'orders';
const PARTITIONS = 6;
const SESSION_TIMEOUT_MS = 10_000;
const HEARTBEAT_INTERVAL_MS = 3_000;
/** How often each running consumer's application loop calls `poll(0)`. */
const POLL_EVERY_MS = 100;
const END_MS = 50_000;

/** Which group protocol the demo's consumers speak: `classic` (JoinGroup/SyncGroup) or `consumer` (KIP-848). */
export type DemoProtocol = 'classic' | 'consumer';

/** Options of a demo run. */
export interface DemoOptions {
  /** `classic` (default) or `consumer` (KIP-848 consumer group, server-side uniform assignor). */
  readonly protocol?: DemoProtocol;
}

/**
 * The KIP-848 run's coordinator configs: the same session timeout and heartbeat interval as the
 * classic run's consumers ask for, which a consumer group takes from the broker (the lower
 * bounds moved to allow them).
 */
const CONSUMER_GROUP_CONFIG: Partial<GroupCoordinatorConfig> = {
  consumerSessionTimeoutMs: SESSION_TIMEOUT_MS,
  consumerMinSessionTimeoutMs: SESSION_TIMEOUT_MS,
  consumerHeartbeatIntervalMs: HEARTBEAT_INTERVAL_MS,
  consumerMinHeartbeatIntervalMs: HEARTBEAT_INTERVAL_MS,
};

/** `config` with {@link CONSUMER_GROUP_CONFIG} wherever it holds Kafka's default (the CLI passes every key). */
function withConsumerGroupConfig(config: Partial<GroupCoordinatorConfig>): Partial<GroupCoordinatorConfig> {
  const out: Record<string, unknown> = { ...config };
  for (const [key, value] of Object.entries(CONSUMER_GROUP_CONFIG)) {
    const k = key as keyof GroupCoordinatorConfig;
    if (config[k] === undefined || config[k] === DEFAULT_CONFIG[k]) out[key] = value;
  }
  return out as Partial<GroupCoordinatorConfig>;
}

/** One consumer process of the demo. */
interface DemoConsumer {
  readonly name: string;
  readonly consumer: KafkaConsumer;
  /** Its own connection to the brokers, so that its crash cuts only its traffic. */
  readonly transport: Transport<BrokerRequest, BrokerResponse>;
  running: boolean;
}

/** What the demo's consumers read and what was produced, to check that nothing was lost. */
interface Tally {
  produced: number;
  readonly read: Map<string, number>;
}

/** The demo's timeline as text lines: routine traffic left out, member ids shortened. */
export function timelineLines(entries: readonly DemoEntry[]): string[] {
  return entries.filter((e) => !isRoutine(e)).map((e) => shortIds(formatEntry(e)));
}

/** Runs the demo and returns its timeline. */
export function runDemo(config: Partial<GroupCoordinatorConfig> = {}, options: DemoOptions = {}): string[] {
  return timelineLines(runDemoEntries(config, options));
}

function startConsumer(kafka: InMemoryKafka, name: string, protocol: DemoProtocol): DemoConsumer {
  const transport = kafka.createTransport();
  const common = { 'bootstrap.servers': kafka.bootstrapServers, 'group.id': GROUP, 'client.id': name, 'enable.auto.commit': false, 'auto.offset.reset': 'earliest' } as const;
  // A KIP-848 member takes its session and heartbeat interval from the coordinator; it names the server assignor.
  const config =
    protocol === 'consumer'
      ? { ...common, 'group.protocol': 'consumer' as const, 'group.remote.assignor': 'uniform' }
      : { ...common, 'partition.assignment.strategy': ['range'], 'session.timeout.ms': SESSION_TIMEOUT_MS, 'heartbeat.interval.ms': HEARTBEAT_INTERVAL_MS };
  const consumer = new KafkaConsumer(config, { transport, scheduler: kafka.loop });
  consumer.subscribe([TOPIC]);
  return { name, consumer, transport, running: true };
}

/** `orders-0@3..4 orders-3@3..4`: the offsets a poll returned, by partition. */
function describeRecords(records: readonly ConsumerRecord[]): string {
  const ranges = new Map<string, [number, number]>();
  for (const r of [...records].sort((a, b) => a.partition - b.partition || a.offset - b.offset)) {
    const key = `${r.topic}-${r.partition}`;
    const range = ranges.get(key);
    ranges.set(key, range === undefined ? [r.offset, r.offset] : [range[0], r.offset]);
  }
  return [...ranges].map(([tp, [a, b]]) => `${tp}@${a === b ? a : `${a}..${b}`}`).join(' ');
}

/**
 * One turn of a consumer's application loop: poll, and commit what the poll returned. A poll
 * that throws (a fatal group error, which a broker config such as `group.max.size` can cause)
 * ends the consumer, as it would end the application.
 */
function pollAndCommit(c: DemoConsumer, rec: DemoRecorder, tally: Tally, nowMs: () => number): void {
  let records: ConsumerRecord[];
  try {
    records = c.consumer.poll(0);
  } catch (e) {
    if (!(e instanceof ConsumerError)) throw e;
    rec.add({ kind: 'app', atMs: nowMs(), who: c.name, text: `poll() threw ${e.kind}: ${e.message}; close()` });
    c.running = false;
    c.consumer.close();
    return;
  }
  if (records.length === 0) return;
  for (const r of records) {
    const value = decodeText(r.value) ?? '';
    tally.read.set(value, (tally.read.get(value) ?? 0) + 1);
  }
  rec.add({ kind: 'app', atMs: nowMs(), who: c.name, text: `poll() returned ${records.length} records: ${describeRecords(records)}; commitSync()` });
  try {
    c.consumer.commitSync();
  } catch (e) {
    if (!(e instanceof ConsumerError)) throw e;
    rec.add({ kind: 'app', atMs: nowMs(), who: c.name, text: `commitSync() failed: ${e.kind}: ${e.message}` });
  }
}

/** Produces `count` records to every partition (`p<partition>-<i>`, from `from`). */
function produceAll(kafka: InMemoryKafka, tally: Tally, count: number, from: number): void {
  for (let p = 0; p < PARTITIONS; p++) produce(kafka, TOPIC, p, Array.from({ length: count }, (_, i) => textRecord(`p${p}-${from + i}`)));
  tally.produced += count * PARTITIONS;
}

/** The last lines: the group at its coordinator with its committed offsets, and what was read. */
function summary(kafka: InMemoryKafka, tally: Tally): string[] {
  const state = kafka.shardFor(GROUP)?.state;
  const g = state?.groups.get(GROUP);
  const cg = state?.consumerGroups.get(GROUP);
  const offsets = [...(state?.offsets.get(GROUP)?.values() ?? [])].sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1));
  const twice = [...tally.read.values()].filter((n) => n > 1).length;
  const lost = tally.produced - tally.read.size;
  const group =
    cg !== undefined
      ? `is ${consumerGroupState(cg)} at epoch ${cg.groupEpoch}, members [${[...cg.members.values()].map((m) => `${m.memberId} epoch ${m.memberEpoch}`).join(', ')}]`
      : g === undefined
        ? 'does not exist'
        : `is ${g.state} at generation ${g.generationId}, members [${[...g.members.keys()].join(', ')}], leader ${g.leaderId ?? 'none'}`;
  return [
    `end: ${GROUP} on b${kafka.coordinatorFor(GROUP)} ${group}; committed offsets ${offsets.map((o) => `${o.topic}-${o.partition}:${o.offset}`).join(' ') || 'none'}`,
    `end: ${tally.produced} records produced; the group read ${tally.read.size} distinct ones: ${lost === 0 ? 'none lost' : `${lost} never read`}, ${twice === 0 ? 'none' : twice} read twice`,
  ];
}

/**
 * A manual clock that says when virtual time is about to move on: the recorder looks at the
 * cluster then, once everything due at the current instant has run, so it sees each change at
 * the virtual time it happened however far the demo advances at once.
 */
class WatchedClock extends ManualClock {
  onMove: () => void = () => {};

  override advance(ms: number): number {
    if (ms > 0) this.onMove();
    return super.advance(ms);
  }

  override set(ms: number): void {
    if (ms > this.nowMs()) this.onMove();
    super.set(ms);
  }
}

/** A step of the demo's script, run once virtual time reaches `atMs`. */
interface Step {
  readonly atMs: number;
  readonly run: () => void;
}

/** One run of the demo: the cluster, the consumers, the recorder and what was read. */
class DemoRun {
  readonly kafka: InMemoryKafka;
  readonly rec: DemoRecorder;
  private readonly tally: Tally = { produced: 0, read: new Map() };
  private readonly consumers: DemoConsumer[] = [];

  constructor(
    config: Partial<GroupCoordinatorConfig>,
    readonly protocol: DemoProtocol,
  ) {
    const clock = new WatchedClock(0);
    this.kafka = new InMemoryKafka({ config: protocol === 'consumer' ? withConsumerGroupConfig(config) : config, clock });
    const created = this.kafka.cluster.createTopic(TOPIC, PARTITIONS, 3);
    if ('error' in created) throw new Error(`cannot create ${TOPIC}: ${created.error}`);
    this.kafka.settle();
    const rec = (this.rec = new DemoRecorder(this.kafka, GROUP));
    clock.onMove = () => rec.sync();
  }

  now(): number {
    return this.kafka.loop.nowMs();
  }

  note(text: string, over: readonly string[] = []): void {
    this.rec.add({ kind: 'note', atMs: this.now(), text, over });
  }

  start(name: string): void {
    const c = startConsumer(this.kafka, name, this.protocol);
    c.transport.onEvent(() => this.rec.sync());
    this.rec.follow(name, c.consumer);
    this.consumers.push(c);
  }

  produce(count: number, from: number, text: string): void {
    produceAll(this.kafka, this.tally, count, from);
    this.note(text);
  }

  /** The consumer's process dies: no more polls, and nothing it sends or should receive gets through. */
  crashConsumer(name: string): void {
    const c = this.consumers.find((x) => x.name === name);
    this.note(`${name} crashes: it stops polling and heartbeating; its session expires ${SESSION_TIMEOUT_MS} ms after its last heartbeat`, [name]);
    this.rec.bury(name);
    if (c === undefined) return;
    c.running = false;
    c.transport.setFaults([{ action: { type: 'drop' } }]);
  }

  crashCoordinator(): void {
    const node = this.kafka.coordinatorFor(GROUP);
    if (node === null) return this.note(`${GROUP} has no coordinator to crash`);
    this.note(`b${node}, the coordinator of ${GROUP}, crashes: __consumer_offsets-${this.kafka.partitionFor(GROUP)} fails over to an in-sync replica`, [`b${node}`]);
    this.kafka.crash(node);
  }

  /**
   * Runs `script` while every running consumer polls every {@link POLL_EVERY_MS} (a blocking
   * `commitSync` may make a turn late), then sums up.
   */
  run(script: Step[]): DemoEntry[] {
    while (this.now() < END_MS) {
      while (script.length > 0 && script[0]!.atMs <= this.now()) script.shift()!.run();
      for (const c of this.consumers) if (c.running) (pollAndCommit(c, this.rec, this.tally, () => this.now()), this.rec.sync());
      const next = Math.min(END_MS, (Math.floor(this.now() / POLL_EVERY_MS) + 1) * POLL_EVERY_MS);
      this.kafka.advance(next - this.now());
      this.rec.sync();
    }
    for (const line of summary(this.kafka, this.tally)) this.note(line);
    return this.rec.finish();
  }
}

/** Runs the demo and returns its story as entries. */
export function runDemoEntries(config: Partial<GroupCoordinatorConfig> = {}, options: DemoOptions = {}): DemoEntry[] {
  const protocol = options.protocol ?? 'classic';
  const d = new DemoRun(config, protocol);
  const k = d.kafka;
  const kind = protocol === 'consumer' ? 'a KIP-848 consumer group (group.protocol=consumer), server-side uniform assignor' : 'range assignor (eager)';
  d.note(
    `3 brokers b0 b1 b2; topic "${TOPIC}": ${PARTITIONS} partitions, replication factor 3; group ${GROUP}: ${kind}, ` +
      `session timeout ${SESSION_TIMEOUT_MS} ms; its coordinator is b${k.coordinatorFor(GROUP)}, leader of __consumer_offsets-${k.partitionFor(GROUP)}`,
  );
  d.note(
    protocol === 'consumer'
      ? `heartbeats that change nothing (every ${HEARTBEAT_INTERVAL_MS} ms) and fetches are left out; member ids (client-generated UUIDs) are shown shortened: …0001`
      : `successful heartbeats (every ${HEARTBEAT_INTERVAL_MS} ms) and fetches are left out; member ids (client id, dash, UUID) are shown shortened: c1-…0001`,
  );
  return d.run([
    { atMs: 0, run: () => d.produce(3, 0, `3 records produced to each partition; c1, c2 and c3 start: each polls every ${POLL_EVERY_MS} ms and commits what it read`) },
    { atMs: 0, run: () => ['c1', 'c2', 'c3'].forEach((name) => d.start(name)) },
    { atMs: 12_000, run: () => (d.note('c4 starts: a fourth member joins', ['c4']), d.start('c4')) },
    { atMs: 16_000, run: () => d.produce(2, 3, '2 more records produced to each partition') },
    { atMs: 22_000, run: () => d.crashConsumer('c2') },
    { atMs: 40_000, run: () => d.crashCoordinator() },
    { atMs: 45_000, run: () => d.produce(2, 5, '2 more records produced to each partition') },
  ]);
}
