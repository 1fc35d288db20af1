/**
 * The taps the client-obligation monitor is fed from: the wire server's (arrivals and answers)
 * and the in-memory transport's.
 */
import kafkajs from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { InMemoryKafka } from '../../src/broker/in-memory-kafka.js';
import type { KafkaRequest, KafkaResponse } from '../../src/protocol/messages/index.js';
import { metadataRequest } from '../../src/protocol/messages/metadata.js';
import type { TransportTapEvent } from '../../src/transport/channel.js';
import type { Exchange } from '../../src/wire/server/connection.js';
import { startKafka } from '../../src/wire/server/start-kafka.js';

describe('the taps', () => {
  it('[CO-24] the wire server taps each request as it reaches its broker, then with its answer, with the connection, client id and cluster time', async () => {
    const seen: { kind: 'arrival' | 'answer'; e: Exchange }[] = [];
    const server = await startKafka({ tapArrival: (e) => seen.push({ kind: 'arrival', e }), tap: (e) => seen.push({ kind: 'answer', e }) });
    try {
      const admin = new kafkajs.Kafka({ clientId: 'tapped', brokers: server.brokers, logLevel: kafkajs.logLevel.NOTHING }).admin();
      await admin.connect();
      await admin.listTopics();
      await admin.disconnect();
    } finally {
      await server.close();
    }
    const metadata = seen.filter((s) => s.e.request.api === 'Metadata');
    expect(metadata.length).toBeGreaterThanOrEqual(2);
    expect(metadata.map((s) => s.kind).slice(0, 2)).toEqual(['arrival', 'answer']);
    const [arrival, answer] = metadata;
    expect(arrival!.e.response).toBeUndefined();
    expect(answer!.e.response?.api).toBe('Metadata');
    expect(arrival!.e).toMatchObject({ clientId: 'tapped', connectionId: answer!.e.connectionId, nodeId: 0 });
    expect(answer!.e.atMs).toBeGreaterThanOrEqual(arrival!.e.atMs);
    // ApiVersions is the connection's own answer: no broker sees it arrive.
    expect(seen.filter((s) => s.e.request.api === 'ApiVersions').map((s) => s.kind)).toEqual(['answer']);
  });

  it('[CO-24] the in-memory transport taps each request as it reaches its broker and the answer as the broker sends it; absent, it reads no clock', () => {
    const kafka = new InMemoryKafka({ brokers: 1, offsetsTopicPartitions: 1 });
    const events: TransportTapEvent<KafkaRequest, KafkaResponse>[] = [];
    const tapped = kafka.createTransport({ tap: (e) => events.push(e), latencyMs: 5 });
    const sendAt = kafka.loop.nowMs();
    tapped.send('me', 0, metadataRequest(null) as KafkaRequest, () => {});
    kafka.advance(20);
    expect(events.map((e) => [e.connectionId, e.clientId, e.nodeId, e.atMs - sendAt, e.response?.api ?? null])).toEqual([
      ['me->0', 'me', 0, 5, null],
      ['me->0', 'me', 0, 5, 'Metadata'],
    ]);
    expect(events[0]!.correlationId).toBe(events[1]!.correlationId);

    // What a tap costs: without one the delivery path reads the clock no more often than it must.
    const reads = (tap: boolean): number => {
      const k = new InMemoryKafka({ brokers: 1, offsetsTopicPartitions: 1 });
      const t = k.createTransport(tap ? { tap: () => {} } : {});
      let n = 0;
      const nowMs = k.loop.nowMs.bind(k.loop);
      k.loop.nowMs = () => (n++, nowMs());
      t.send('me', 0, metadataRequest(null) as KafkaRequest, () => {});
      k.advance(5);
      return n;
    };
    expect(reads(true) - reads(false)).toBe(2);
  });
});
