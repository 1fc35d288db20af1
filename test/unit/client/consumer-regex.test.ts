import { describe, expect, it } from 'vitest';
import { produce } from '../../../src/broker/produce.js';
import { ConsumerError, type KafkaConsumer } from '../../../src/client/index.js';
import type { ConsumerGroupHeartbeatRequest } from '../../../src/protocol/messages/consumer-group-heartbeat.js';
import type { MetadataRequest } from '../../../src/protocol/messages/metadata.js';
import { decodeText, textRecord } from '../../../src/protocol/messages/index.js';
import { consumerOf } from '../../helpers/consumer.js';
import { cluster, GROUP } from './world.js';

/** Consumer-group configs small enough for short runs (the defaults' minimum session is 45 s). */
const FAST = { consumerSessionTimeoutMs: 6_000, consumerMinSessionTimeoutMs: 6_000, consumerHeartbeatIntervalMs: 1_000, consumerMinHeartbeatIntervalMs: 1_000 };

const KIP848 = { 'group.id': GROUP, 'group.protocol': 'consumer', 'auto.offset.reset': 'earliest' } as const;

/** The heartbeats a consumer sent, in order. */
function heartbeats(c: KafkaConsumer): ConsumerGroupHeartbeatRequest[] {
  return c.trace.flatMap((e) => (e.type === 'request' && e.api === 'ConsumerGroupHeartbeat' ? [e.request as ConsumerGroupHeartbeatRequest] : []));
}

/** Writes `values` to every partition of `topic`, as `<topic>/<partition>/<value>`. */
function produceTo(kafka: ReturnType<typeof cluster>, topic: string, partitions: number, values: readonly string[]): string[] {
  const out: string[] = [];
  for (let p = 0; p < partitions; p++) {
    const batch = values.map((v) => `${topic}/${p}/${v}`);
    produce(kafka, topic, p, batch.map((v) => textRecord(v)));
    out.push(...batch);
  }
  return out;
}

describe('a KIP-848 consumer subscribed to a regex (subscribe({ pattern }))', () => {
  it('[CL-50] sends its regex and no names, reads the matching topics, and picks up a topic created later', () => {
    const kafka = cluster(2, FAST);
    for (const t of ['orders-eu', 'payments']) expect(kafka.cluster.createTopic(t, 2, 3)).not.toHaveProperty('error');
    kafka.settle();
    const consumers = [consumerOf(kafka, KIP848), consumerOf(kafka, KIP848)];
    for (const c of consumers) c.subscribe({ pattern: 'orders-.*' });
    expect(consumers[0]!.subscription()).toEqual([]);
    expect(consumers[0]!.subscriptionPattern()).toEqual({ pattern: 'orders-.*' });
    const got: string[] = [];
    const run = (ms: number): void => {
      for (let t = 0; t < ms; t += 50) {
        for (const c of consumers) got.push(...c.poll(0).map((r) => decodeText(r.value) ?? ''));
        kafka.advance(50);
      }
    };
    const produced = produceTo(kafka, 'orders-eu', 2, ['a', 'b']);
    produceTo(kafka, 'payments', 2, ['x']);
    produceTo(kafka, 't', 2, ['y']);
    const topicsOwned = (): string[] => [...new Set(consumers.flatMap((c) => c.assignment().map((tp) => tp.topic)))].sort();
    for (let t = 0; t < 20_000 && !(topicsOwned().join() === 'orders-eu' && consumers.every((c) => c.state === 'STABLE')); t += 50) run(50);
    expect(consumers.map((c) => c.state)).toEqual(['STABLE', 'STABLE']);
    expect(topicsOwned()).toEqual(['orders-eu']);

    // The joining heartbeat carries the regex and an empty name list; later ones leave the regex out (unchanged).
    const hbs = heartbeats(consumers[0]!);
    expect(hbs[0]).toMatchObject({ memberEpoch: 0, subscribedTopicRegex: 'orders-.*', subscribedTopicNames: [] });
    expect(hbs.slice(1).every((h) => h.subscribedTopicRegex === null)).toBe(true);
    // Names come from Metadata: the member cannot name what the regex will match, so it asks for every topic.
    const metadata = consumers[0]!.trace.flatMap((e) => (e.type === 'request' && e.api === 'Metadata' ? [e.request as MetadataRequest] : []));
    expect(metadata.length).toBeGreaterThan(0);
    expect(metadata.every((m) => m.topics === null)).toBe(true);

    // A topic created later that matches is assigned without the members subscribing again.
    expect(kafka.cluster.createTopic('orders-us', 2, 3)).not.toHaveProperty('error');
    kafka.settle();
    produced.push(...produceTo(kafka, 'orders-us', 2, ['c']));
    for (let t = 0; t < 30_000 && !(topicsOwned().join() === 'orders-eu,orders-us' && consumers.every((c) => c.state === 'STABLE')); t += 50) run(50);
    expect(topicsOwned()).toEqual(['orders-eu', 'orders-us']);
    run(3_000);
    expect(consumers.flatMap((c) => c.assignment()).length).toBe(4);
    // Every record of a matching topic read once; nothing of the others.
    expect([...got].sort()).toEqual([...produced].sort());
    for (const c of consumers) c.close();
  });

  it('[CL-51] an invalid regex is refused by the coordinator: the member is FATAL and every poll raises INVALID_REGULAR_EXPRESSION', () => {
    const kafka = cluster(2, FAST);
    const c = consumerOf(kafka, KIP848);
    c.subscribe({ pattern: 'orders-(' });
    for (let t = 0; t < 2_000 && c.state !== 'FATAL'; t += 50) {
      c.poll(0);
      kafka.advance(50);
    }
    expect(c.state).toBe('FATAL');
    for (let i = 0; i < 2; i++) {
      let error: unknown;
      try {
        c.poll(0);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConsumerError);
      expect(error).toMatchObject({ kind: 'GroupFatal', errorCode: 128 });
      expect((error as Error).message).toMatch(/^Invalid RE2J SubscriptionPattern provided in the call to subscribe\. .*orders-\(/);
    }
    // A fatal member sends no more heartbeats.
    const sent = heartbeats(c).length;
    kafka.advance(5_000);
    expect(heartbeats(c).length).toBe(sent);
    expect(c.assignment()).toEqual([]);
  });

  it('[CL-50] a pattern needs group.protocol=consumer and a non-empty regex; a later topic-name subscription sends "" to drop the regex', () => {
    const kafka = cluster(2, FAST);
    const classic = consumerOf(kafka, { 'group.id': GROUP });
    expect(() => classic.subscribe({ pattern: 't.*' })).toThrow(/only supported for CONSUMER group protocol/);
    const c = consumerOf(kafka, KIP848);
    expect(() => c.subscribe({ pattern: ' ' })).toThrow(RangeError);
    c.subscribe({ pattern: 't' });
    for (let t = 0; t < 10_000 && c.state !== 'STABLE'; t += 50) {
      c.poll(0);
      kafka.advance(50);
    }
    expect(c.assignment().length).toBe(2);
    c.subscribe(['t']);
    expect(c.subscriptionPattern()).toBeNull();
    const before = heartbeats(c).length;
    for (let t = 0; t < 3_000; t += 50) {
      c.poll(0);
      kafka.advance(50);
    }
    const after = heartbeats(c).slice(before);
    expect(after[0]).toMatchObject({ subscribedTopicRegex: '', subscribedTopicNames: ['t'] });
    expect(after.slice(1).every((h) => h.subscribedTopicRegex === null && h.subscribedTopicNames === null)).toBe(true);
    expect(c.assignment().length).toBe(2);
  });
});
