/**
 * The world of one generated consumer-group history, for test/properties/consumer-group.prop.test.ts:
 * real `KafkaConsumer`s on the in-memory cluster, driven through the history while a
 * {@link Watcher} (the properties) looks on.
 *
 * @remarks
 * A history is a setup (brokers, topics, assignor, consumer slots, records and committed offsets
 * written before any consumer starts) and a list of actions. After every action the world ticks:
 * each running consumer polls once, then virtual time advances 50 ms; a `wait` ticks until its
 * time has passed. With `trickle`, a producer writes a record to each of the next three
 * partitions at every tick. A paused consumer still heartbeats but is not polled until its pause
 * is over; a crashed one is never polled again and its transport drops everything it sends or
 * would receive, so it stops heartbeating at once. The history ends with the healing phase of
 * {@link ConsumerGroupWorld.heal}.
 *
 * Nothing here patches the system under test: the watcher reads the consumers' public views
 * (`assignment()`, `readablePartitions()`, `memberView()`, `position()`, `trace`), what `poll`
 * returned, and the coordinator's group and offsets.
 */
import { CONSUMER_OFFSETS_TOPIC } from '../../src/broker/coordinator-placement.js';
import { InMemoryKafka } from '../../src/broker/in-memory-kafka.js';
import type { BrokerRequest, BrokerResponse } from '../../src/broker/kafka-broker.js';
import { produce } from '../../src/broker/produce.js';
import { ConsumerError, type KafkaConsumer, resolveConsumerConfig, type ConsumerConfig, type ConsumerRecord, type TopicPartition } from '../../src/client/index.js';
import { textRecord } from '../../src/protocol/messages/index.js';
import type { ConsumerGroup } from '../../src/protocol/consumer/group.js';
import type { ClassicGroup } from '../../src/protocol/group.js';
import type { OffsetCommitRequest } from '../../src/protocol/messages/index.js';
import type { Transport } from '../../src/transport/channel.js';
import { consumerOf } from './consumer.js';
import { INVARIANTS, type Action, type ConsumerRun, type ConsumerSpec, type History, type Invariant, type LostAnswer, type RunStats, type Watcher, type WorldProtocol } from './consumer-group-history.js';

export * from './consumer-group-history.js';

export const GROUP = 'g';
export const TOPICS = ['a', 'b', 'c'] as const;
/** Most partitions a topic may grow to. */
export const MAX_PARTITIONS = 12;
/** `metadata.max.age.ms` of every consumer. */
export const METADATA_MAX_AGE_MS = 2000;
export const HEAL_MAX_MS = 120_000;
const TICK_MS = 50;
const HEAL_TICK_MS = 100;

type Status = 'idle' | 'live' | 'closed' | 'crashed';

interface Slot {
  readonly index: number;
  readonly spec: ConsumerSpec;
  status: Status;
  /** A paused consumer is not polled before this time. */
  pausedUntil: number;
  consumer?: KafkaConsumer;
  transport?: Transport<BrokerRequest, BrokerResponse>;
  readonly polls: { before: number; after: number; records: number }[];
}

/** The map key of a partition, as the coordinator keys offsets. */
export const key = (topic: string, partition: number): string => `${topic}/${partition}`;
/** `topic-partition`, as messages print a partition. */
export const show = (tp: TopicPartition): string => `${tp.topic}-${tp.partition}`;

const topicsOf = (mask: number, count: number): string[] => {
  const list = TOPICS.slice(0, count).filter((_, i) => (mask >> i) & 1);
  return list.length > 0 ? list : [TOPICS[0]];
};

const newSlot = (index: number, spec: ConsumerSpec): Slot => ({ index, spec, status: 'idle', pausedUntil: 0, polls: [] });

/** The world of one history. */
export class ConsumerGroupWorld {
  readonly kafka: InMemoryKafka;
  readonly violations: Partial<Record<Invariant, string>> = {};
  readonly stats: RunStats;
  readonly eager: boolean;
  readonly topics: readonly string[];
  /** Produced values by partition key, indexed by offset. */
  readonly produced = new Map<string, string[]>();
  /** The group's committed offset of each partition before the run. */
  readonly start = new Map<string, number>();
  /** The offsets some poll returned, by partition key. */
  readonly delivered = new Map<string, Set<number>>();
  /** When the leader of the group's `__consumer_offsets` partition changed (a new coordinator load), in order. */
  readonly coordinatorChanges: number[] = [];
  /** When brokers or partition counts last changed. */
  lastTopologyChangeMs = 0;
  private readonly slots: Slot[];
  private coordinatorEpoch: number;
  private ticks = 0;
  private trickled = 0;
  private healing = false;
  private settled = false;

  constructor(
    readonly history: History,
    private readonly watcher: Watcher,
    readonly protocol: WorldProtocol = 'classic',
  ) {
    const s = history.setup;
    this.kafka = new InMemoryKafka({ brokers: s.brokers, offsetsTopicPartitions: 3, config: {
        initialRebalanceDelayMs: s.initialRebalanceDelayMs,
        // KIP-848 groups take their session and heartbeat interval from the broker: the classic
        // consumers' 6 s and 2 s, so that crashes are noticed as soon in both protocols.
        consumerSessionTimeoutMs: 6000, consumerMinSessionTimeoutMs: 6000, consumerHeartbeatIntervalMs: 2000, consumerMinHeartbeatIntervalMs: 2000,
      },
    });
    this.topics = TOPICS.slice(0, s.partitions.length);
    // KIP-848 members always revoke incrementally; the setup's client assignors are classic-only.
    this.eager = protocol === 'classic' && resolveConsumerConfig({ 'group.id': GROUP, 'partition.assignment.strategy': s.strategy }, () => 'probe').protocol === 'EAGER';
    this.stats = {
      cooperative: !this.eager, stableBeforeHeal: false, settledAfterHeal: false, brokerCrashes: 0, coordinatorMoves: 0, consumerCrashes: 0, pauses: 0,
      leaves: 0, partitionAdds: 0, subscriptionChanges: 0, maxGeneration: 0, revokesChecked: 0, lost: 0, lostAnswers: 0, produced: 0, delivered: 0, virtualMs: 0,
    };
    this.topics.forEach((t, i) => {
      const created = this.kafka.cluster.createTopic(t, s.partitions[i]!, s.brokers);
      if ('error' in created) throw new Error(`setup: ${created.error}`);
    });
    this.kafka.settle();
    this.coordinatorEpoch = this.offsetsPartitionEpoch();
    this.slots = s.consumers.map((spec, index) => newSlot(index, spec));
    this.writeInitialState();
  }

  // ---- what the watcher reads ---------------------------------------------------------------

  /** Records the first violation of `inv`. */
  fail(inv: Invariant, message: string): void {
    this.violations[inv] ??= `at ${this.kafka.loop.nowMs()} ms: ${message}`;
  }

  /** How messages name a consumer. */
  name(run: { readonly index: number; readonly consumer?: KafkaConsumer }): string {
    const c = run.consumer;
    const memberId = c === undefined ? '' : (c.consumerGroupMember?.memberId ?? c.memberView().memberId);
    return `consumer ${run.index} (${memberId || 'no member id'})`;
  }

  /** Every consumer that started. */
  consumers(): ConsumerRun[] {
    return this.slots.flatMap((s) => (s.consumer === undefined ? [] : [s as ConsumerRun]));
  }

  /** The consumers that run and are not paused: the ones polled. */
  running(): ConsumerRun[] {
    const now = this.kafka.loop.nowMs();
    return this.slots.filter((s): s is Slot & ConsumerRun => s.status === 'live' && s.pausedUntil <= now);
  }

  /** The group as its active coordinator holds it now, with its committed offsets. */
  coordinator(): { readonly group: ClassicGroup | undefined; readonly offsets: ReadonlyMap<string, { readonly offset: number }> } | undefined {
    const shard = this.kafka.shardFor(GROUP);
    if (shard?.status !== 'active') return undefined;
    return { group: shard.state.groups.get(GROUP), offsets: shard.state.offsets.get(GROUP) ?? new Map() };
  }

  /** The KIP-848 group as its active coordinator holds it now (undefined for a classic world, or while no coordinator is active). */
  consumerGroup(): ConsumerGroup | undefined {
    const shard = this.kafka.shardFor(GROUP);
    return shard?.status === 'active' ? shard.state.consumerGroups.get(GROUP) : undefined;
  }

  /** Records produced at or after the start offset of their partition that no poll returned. */
  missing(): string[] {
    const out: string[] = [];
    for (const [k, log] of this.produced) {
      const got = this.delivered.get(k);
      for (let o = this.start.get(k) ?? 0; o < log.length; o++) if (!got?.has(o)) out.push(`${k}@${o}`);
    }
    return out;
  }

  // ---- setup ------------------------------------------------------------------------------

  private offsetsPartitionEpoch(): number {
    return this.kafka.cluster.partition(CONSUMER_OFFSETS_TOPIC, this.kafka.partitionFor(GROUP))!.leaderEpoch;
  }

  /** Records before the run, then the group's committed offsets with a simple-group commit (generation -1). */
  private writeInitialState(): void {
    const s = this.history.setup;
    const topics: { name: string; partitions: { partitionIndex: number; committedOffset: number; committedLeaderEpoch: number; commitTimestamp: number; committedMetadata: null }[] }[] = [];
    this.topics.forEach((t, ti) => {
      const partitions = [];
      for (let p = 0; p < s.partitions[ti]!; p++) {
        const n = (s.initialRecords[ti * MAX_PARTITIONS + p] ?? 0) % 5;
        if (n > 0) this.produceTo(t, p, n);
        const committed = (s.initialCommitted[ti * MAX_PARTITIONS + p] ?? 0) % (n + 1);
        this.start.set(key(t, p), committed);
        if (committed > 0) partitions.push({ partitionIndex: p, committedOffset: committed, committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: null });
      }
      if (partitions.length > 0) topics.push({ name: t, partitions });
    });
    if (topics.length === 0) return;
    const request: OffsetCommitRequest = {
      api: 'OffsetCommit', version: 9, clientId: 'setup', clientHost: '/127.0.0.1', groupId: GROUP, generationIdOrMemberEpoch: -1, memberId: '',
      groupInstanceId: null, retentionTimeMs: -1, topics,
    };
    for (let attempt = 0; attempt < 50; attempt++) {
      const id = this.kafka.send(this.kafka.coordinatorFor(GROUP)!, request);
      for (let ms = 0; ms < 100 && this.kafka.delivery(id) === undefined; ms++) this.kafka.advance(1);
      const answer = this.kafka.response(id);
      if (answer?.api === 'OffsetCommit' && answer.topics.every((t) => t.partitions.every((p) => p.errorCode === 0))) return;
    }
    throw new Error('setup: the initial commit was not accepted');
  }

  private produceTo(topic: string, partition: number, n: number): void {
    if ((this.kafka.cluster.partition(topic, partition)?.leader ?? null) === null) return;
    const log = this.produced.get(key(topic, partition)) ?? [];
    this.produced.set(key(topic, partition), log);
    const values = Array.from({ length: n }, (_, i) => `${topic}-${partition}#${log.length + i}`);
    const { baseOffset } = produce(this.kafka, topic, partition, values.map((v) => textRecord(v)));
    if (baseOffset !== log.length) throw new Error(`${topic}-${partition} appended at ${baseOffset}, expected ${log.length}`);
    log.push(...values);
    this.stats.produced += n;
  }

  // ---- consumers ----------------------------------------------------------------------------

  private config(spec: ConsumerSpec): ConsumerConfig {
    // A KIP-848 member takes its assignment from the coordinator (its default server assignor) and
    // its heartbeat interval from the answers; the session timeout is the group's (6 s here too).
    // A KIP-848 member's requests time out within session - interval (3 + 2 < 6 s), as Kafka's
    // defaults do (30 + 5 < 45 s): otherwise one lost heartbeat answer outlives the session, and the
    // coordinator hands the member's partitions on while it still reads them (FC_SEED=6, history
    // 100, with 5 s). The session and heartbeat keys belong to classic members only: a KIP-848
    // consumer refuses them (CL-52); its session is the broker's group.consumer.session.timeout.ms.
    const protocol: Partial<ConsumerConfig> =
      this.protocol === 'consumer'
        ? { 'group.protocol': 'consumer' }
        : { 'partition.assignment.strategy': this.history.setup.strategy, 'session.timeout.ms': 6000, 'heartbeat.interval.ms': 2000 };
    return {
      'group.id': GROUP,
      ...protocol,
      'enable.auto.commit': spec.autoCommit,
      'auto.commit.interval.ms': this.history.setup.autoCommitIntervalMs,
      'auto.offset.reset': 'earliest',
      'max.poll.records': spec.maxPollRecords,
      'max.poll.interval.ms': 15_000,
      'metadata.max.age.ms': METADATA_MAX_AGE_MS,
      'fetch.max.wait.ms': 200,
      'default.api.timeout.ms': 3000,
      'request.timeout.ms': this.protocol === 'consumer' ? 3000 : 5000,
    };
  }

  /** Starts the consumer of `slot`, with its own transport (so that its crash cuts only its traffic). */
  private join(slot: Slot, topics: readonly string[]): void {
    const transport = this.kafka.createTransport();
    const consumer = consumerOf(this.kafka, this.config(slot.spec), { transport });
    Object.assign(slot, { consumer, transport, status: 'live' as Status });
    consumer.subscribe(topics, this.listener(slot));
  }

  /** The listener tells the watcher; a consumer without auto-commit commits what it revokes, as Kafka's documentation tells applications to. */
  private listener(slot: Slot): Parameters<KafkaConsumer['subscribe']>[1] {
    const run = slot as ConsumerRun;
    return {
      onPartitionsRevoked: (tps) => {
        this.watcher.revoking(this, run, tps);
        const offsets = tps.flatMap((tp) => {
          const offset = run.consumer.position(tp);
          return offset === undefined ? [] : [{ ...tp, offset }];
        });
        if (slot.spec.autoCommit || offsets.length === 0) return;
        try {
          run.consumer.commitSync(offsets);
        } catch (e) {
          if (!(e instanceof ConsumerError)) throw e;
        }
      },
      onPartitionsLost: (tps) => {
        this.stats.lost++;
        this.watcher.lost(this, run, tps);
      },
    };
  }

  // ---- actions ------------------------------------------------------------------------------

  /** Runs one action on a consumer: nothing when it does not run (or, for `join`, has started). */
  private applyToConsumer(a: Extract<Action, { c: number }>): void {
    const slot = this.slots[a.c % this.slots.length]!;
    const c = slot.status === 'live' ? slot.consumer! : undefined;
    const running = c !== undefined && slot.pausedUntil <= this.kafka.loop.nowMs();
    if (a.kind === 'join') {
      const idle = [...this.slots.slice(slot.index), ...this.slots.slice(0, slot.index)].find((s) => s.status === 'idle');
      if (idle !== undefined) this.join(idle, topicsOf(idle.spec.topics, this.topics.length));
    } else if (a.kind === 'leave' && c !== undefined) {
      c.close();
      slot.status = 'closed';
      this.stats.leaves++;
    } else if (a.kind === 'crash' && c !== undefined) {
      slot.transport!.setFaults([{ action: { type: 'drop' } }]);
      slot.status = 'crashed';
      this.stats.consumerCrashes++;
    } else if (a.kind === 'loseAnswer' && c !== undefined) {
      this.loseAnswer(slot, a.api);
    } else if (!running) {
      return;
    } else if (a.kind === 'pause') {
      slot.pausedUntil = this.kafka.loop.nowMs() + a.ms;
      this.stats.pauses++;
    } else if (a.kind === 'subscribe') {
      c.subscribe(topicsOf(a.topics, this.topics.length), this.listener(slot));
      this.stats.subscriptionChanges++;
    } else if (a.kind === 'commitSync' || a.kind === 'commitAsync') {
      try {
        if (a.kind === 'commitSync') c.commitSync();
        else c.commitAsync();
      } catch (e) {
        if (!(e instanceof ConsumerError)) throw e;
      }
    }
  }

  /**
   * The next answer of the chosen kind to `slot`'s consumer is dropped: the request reached the
   * coordinator (and may have changed the group) but the consumer times out and retries.
   */
  private loseAnswer(slot: Slot, api: LostAnswer): void {
    const lost = { group: this.protocol === 'consumer' ? 'ConsumerGroupHeartbeat' : 'Heartbeat', commit: 'OffsetCommit', join: 'JoinGroup', sync: 'SyncGroup', fetchOffsets: 'OffsetFetch' }[api];
    slot.transport!.setFaults([{ match: { direction: 'response' as const, api: lost }, action: { type: 'drop' as const }, limit: 1 }]);
    this.stats.lostAnswers++;
  }

  /** Runs one action, then one tick (a `wait` ticks until its time has passed). */
  apply(a: Action): void {
    const k = this.kafka;
    if ('c' in a) this.applyToConsumer(a);
    else if (a.kind === 'brokerCrash' && k.cluster.isUp(a.b % k.brokers.size)) {
      k.crash(a.b % k.brokers.size);
      this.stats.brokerCrashes++;
      this.topologyChanged();
    } else if (a.kind === 'brokerRestart' && !k.cluster.isUp(a.b % k.brokers.size)) {
      k.restart(a.b % k.brokers.size);
      this.topologyChanged();
    } else if (a.kind === 'addPartitions') {
      const topic = this.topics[a.t % this.topics.length]!;
      const total = Math.min(MAX_PARTITIONS, k.cluster.partitionCount(topic)! + a.more);
      if (total > k.cluster.partitionCount(topic)! && !('error' in k.cluster.addPartitions(topic, total))) {
        k.settle();
        this.stats.partitionAdds++;
        this.topologyChanged();
      }
    } else if (a.kind === 'produce') {
      const topic = this.topics[a.t % this.topics.length]!;
      this.produceTo(topic, a.p % k.cluster.partitionCount(topic)!, a.n);
    } else if (a.kind === 'wait') {
      for (let t = TICK_MS; t < a.ms; t += TICK_MS) this.tick(TICK_MS);
    }
    this.tick(TICK_MS);
  }

  private topologyChanged(): void {
    this.lastTopologyChangeMs = this.kafka.loop.nowMs();
    const epoch = this.offsetsPartitionEpoch();
    if (epoch === this.coordinatorEpoch) return;
    this.coordinatorEpoch = epoch;
    this.coordinatorChanges.push(this.kafka.loop.nowMs());
    this.stats.coordinatorMoves++;
  }

  /**
   * The healing phase: every broker restarts and no more faults come (crashed consumers stay
   * dead); every running consumer subscribes to every topic (a new one joins if none runs), so
   * that every record is in scope of the group; then the running consumers poll every 100 ms
   * until they have read every record at or after its partition's start offset and the group
   * has settled, or two virtual minutes have passed.
   */
  heal(): void {
    const k = this.kafka;
    for (const b of k.brokers.keys()) if (!k.cluster.isUp(b)) k.restart(b);
    this.topologyChanged();
    for (const run of this.running()) run.consumer.subscribe(this.topics, this.listener(run as Slot));
    if (this.running().length === 0) {
      const slot = newSlot(this.slots.length, { autoCommit: true, maxPollRecords: 50, topics: 7, atStart: false });
      this.slots.push(slot);
      this.join(slot, this.topics);
    }
    this.settled = false;
    this.healing = true;
    const until = k.loop.nowMs() + HEAL_MAX_MS;
    while (k.loop.nowMs() < until && !(this.settled && this.missing().length === 0)) this.tick(HEAL_TICK_MS);
    this.stats.settledAfterHeal = this.settled;
  }

  /** Runs the history, heals, and lets the watcher finish. */
  run(): void {
    for (const slot of this.slots) if (slot.spec.atStart) this.join(slot, topicsOf(slot.spec.topics, this.topics.length));
    try {
      for (const a of this.history.actions) this.apply(a);
      this.stats.stableBeforeHeal = this.settled;
      this.heal();
      this.watcher.ended(this);
    } catch (e) {
      // An exception from a consumer (a fatal error, an assertion of src/) is a bug in every sense.
      const message = `the run threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
      for (const inv of INVARIANTS) this.fail(inv, message);
    }
    this.stats.virtualMs = this.kafka.loop.nowMs();
    this.stats.delivered = [...this.delivered.values()].reduce((n, s) => n + s.size, 0);
  }

  /** Each running consumer polls once (in a rotating order), then `ms` of virtual time pass. */
  private tick(ms: number): void {
    if (this.history.setup.trickle && !this.healing) this.trickle();
    const running = this.running();
    const first = this.ticks++ % Math.max(1, running.length);
    for (let i = 0; i < running.length; i++) this.poll(running[(first + i) % running.length]!);
    this.settled = this.watcher.polledAll(this) || this.settled;
    this.kafka.advance(ms);
    this.watcher.advanced(this);
  }

  /** One record to each of the next three partitions, all partitions of all topics in turn. */
  private trickle(): void {
    const all = this.topics.flatMap((t) => Array.from({ length: this.kafka.cluster.partitionCount(t)! }, (_, p) => [t, p] as const));
    for (let i = 0; i < Math.min(3, all.length); i++) {
      const [topic, partition] = all[this.trickled++ % all.length]!;
      this.produceTo(topic, partition, 1);
    }
  }

  private poll(run: ConsumerRun): void {
    const before = run.consumer.trace.length;
    const records = run.consumer.poll(0);
    (run as Slot).polls.push({ before, after: run.consumer.trace.length, records: records.length });
    for (const r of records) {
      const got = this.delivered.get(key(r.topic, r.partition)) ?? new Set<number>();
      this.delivered.set(key(r.topic, r.partition), got.add(r.offset));
    }
    this.watcher.polled(this, run, records, before);
  }
}
