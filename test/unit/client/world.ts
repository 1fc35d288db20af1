/**
 * A small world for consumer tests: an in-memory cluster with a data topic, consumers that the
 * test polls in turn while virtual time advances, and what each consumer got from its polls.
 */
import { InMemoryKafka, type InMemoryKafkaOptions } from '../../../src/broker/in-memory-kafka.js';
import { produce } from '../../../src/broker/produce.js';
import type { ConsumerConfig, ConsumerRecord, KafkaConsumer, KafkaConsumerOptions } from '../../../src/client/index.js';
import { decodeText, textRecord } from '../../../src/protocol/messages/index.js';
import { consumerOf } from '../../helpers/consumer.js';
import type { GroupCoordinatorConfig } from '../../../src/protocol/config.js';
import type { ClassicGroup } from '../../../src/protocol/group.js';
import { createClassicMemberMachine } from '../../../machines/index.js';

export const GROUP = 'g';
export const TOPIC = 't';

/** A cluster with topic `t` of `partitions` partitions (replication factor 3 on 3 brokers). */
export function cluster(partitions: number, config: Partial<GroupCoordinatorConfig> = {}, options: InMemoryKafkaOptions = {}): InMemoryKafka {
  const kafka = new InMemoryKafka({ brokers: 3, offsetsTopicPartitions: 3, ...options, config: { initialRebalanceDelayMs: 1000, ...config } });
  const created = kafka.cluster.createTopic(TOPIC, partitions, Math.min(3, kafka.brokers.size));
  if ('error' in created) throw new Error(created.error);
  kafka.settle();
  return kafka;
}

/** A consumer with its polled records and the trace helpers tests use. */
export class Member {
  readonly records: ConsumerRecord[] = [];
  polling = true;
  constructor(readonly consumer: KafkaConsumer) {}

  poll(): void {
    if (this.polling && this.consumer.state !== 'left' && this.consumer.state !== 'leaving') this.records.push(...this.consumer.poll(0));
  }

  values(): string[] {
    return this.records.map((r) => decodeText(r.value) ?? '');
  }

  /** The APIs of the requests it sent, in order, optionally only those of `apis`. */
  sent(...apis: string[]): string[] {
    return this.consumer.trace.filter((e) => e.type === 'request' && (apis.length === 0 || apis.includes(e.api))).map((e) => (e as { api: string }).api);
  }

  /** The requests of one API it sent. */
  requests<T>(api: string): T[] {
    return this.consumer.trace.filter((e) => e.type === 'request' && e.api === api).map((e) => (e as { request: unknown }).request as T);
  }

  /** The answers of one API it received. */
  responses<T>(api: string): T[] {
    return this.consumer.trace.filter((e) => e.type === 'response' && e.api === api).map((e) => (e as { response: unknown }).response as T);
  }

  /** The states it went through, in order (the initial `unjoined` first). */
  states(): string[] {
    return ['unjoined', ...this.consumer.trace.filter((e) => e.type === 'state' && e.from !== e.to).map((e) => (e as { to: string }).to)];
  }

  partitions(): number[] {
    return this.consumer.assignment().map((tp) => tp.partition);
  }
}

/** Consumers of group `g` on topic `t`, polled in turn. */
export class World {
  readonly members: Member[] = [];
  constructor(readonly kafka: InMemoryKafka) {}

  add(config: Partial<ConsumerConfig> = {}, options: Partial<KafkaConsumerOptions> = {}, listener?: Parameters<KafkaConsumer['subscribe']>[1]): Member {
    const consumer = consumerOf(this.kafka, { 'group.id': GROUP, 'auto.offset.reset': 'earliest', ...config }, options);
    consumer.subscribe([TOPIC], listener);
    const m = new Member(consumer);
    this.members.push(m);
    return m;
  }

  /** Polls every member, then lets `stepMs` pass, until `ms` have passed. */
  run(ms: number, stepMs = 50): void {
    for (let t = 0; t < ms; t += stepMs) {
      for (const m of this.members) m.poll();
      this.kafka.advance(stepMs);
    }
  }

  /** Runs until `done()` holds (polling every `stepMs`), failing after `maxMs`. */
  until(done: () => boolean, maxMs = 120_000, stepMs = 50): void {
    for (let t = 0; !done(); t += stepMs) {
      if (t >= maxMs) throw new Error(`condition not reached within ${maxMs} ms`);
      this.run(stepMs, stepMs);
    }
  }

  /**
   * Whether the `n` polling members are stable in the group's generation, the group is Stable,
   * and what they may read covers every partition exactly once.
   */
  stable(n = this.members.filter((m) => m.polling).length): boolean {
    const live = this.members.filter((m) => m.polling && m.consumer.state !== 'left');
    const group = this.group();
    const readable = live.flatMap((m) => m.consumer.readablePartitions().map((tp) => tp.partition));
    return (
      live.length === n &&
      group?.state === 'Stable' &&
      live.every((m) => m.consumer.state === 'stable' && m.consumer.groupMetadata().generationId === group.generationId) &&
      readable.length === this.partitionCount() &&
      new Set(readable).size === readable.length
    );
  }

  partitionCount(): number {
    return this.kafka.cluster.partitionCount(TOPIC) ?? 0;
  }

  /** The group as its coordinator holds it now (once loaded). */
  group(): ClassicGroup | undefined {
    const shard = this.kafka.shardFor(GROUP);
    return shard?.status === 'active' ? shard.state.groups.get(GROUP) : undefined;
  }

  /** Writes `count` records `p<partition>-<i>` (from `from`) to every partition. */
  produceAll(count: number, from = 0): string[] {
    const values: string[] = [];
    for (let p = 0; p < this.partitionCount(); p++) {
      const batch = Array.from({ length: count }, (_, i) => `p${p}-${from + i}`);
      produce(this.kafka, TOPIC, p, batch.map((v) => textRecord(v)));
      values.push(...batch);
    }
    return values;
  }

  /** Every value consumed by any member. */
  consumed(): string[] {
    return this.members.flatMap((m) => m.values());
  }
}

/** Sorted copy. */
export function sorted(values: readonly string[]): string[] {
  return [...values].sort();
}

/** Every `from>to` move of the member statechart (self-loops left out), for comparing traces with the model. */
export function modelMoves(): Set<string> {
  const moves = new Set<string>();
  for (const protocol of ['eager', 'cooperative'] as const) {
    for (const isStatic of [false, true]) {
      const states = createClassicMemberMachine({ protocol, isStatic }).config.states as Record<string, { on?: Record<string, readonly { target?: string }[]> }>;
      for (const [from, node] of Object.entries(states)) {
        for (const transitions of Object.values(node.on ?? {})) for (const t of transitions) if (t.target !== undefined && t.target !== from) moves.add(`${from}>${t.target}`);
      }
    }
  }
  return moves;
}

/** The state moves a consumer made, as `from>to`. */
export function movesOf(m: Member): string[] {
  return m.consumer.trace.flatMap((e) => (e.type === 'state' && e.from !== e.to ? [`${e.from}>${e.to}`] : []));
}
