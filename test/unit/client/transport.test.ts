/**
 * The consumer over the client transport contract: it knows the cluster only by
 * `bootstrap.servers` and what brokers answer, and reaches every node by address.
 */
import { describe, expect, it } from 'vitest';
import type { BrokerRequest, BrokerResponse } from '../../../src/broker/kafka-broker.js';
import { ConsumerError, KafkaConsumer } from '../../../src/client/index.js';
import type { ClientTransport, NodeAddress, SendOptions, SendResult } from '../../../src/transport/index.js';
import { cluster, GROUP, TOPIC, World } from './world.js';

/** A transport that notes every destination and hands the request to the cluster's transport. */
class RecordingTransport implements ClientTransport<BrokerRequest, BrokerResponse> {
  readonly sent: string[] = [];
  constructor(private readonly inner: ClientTransport<BrokerRequest, BrokerResponse>) {}
  send(clientId: string, to: NodeAddress, request: BrokerRequest, onResult: (r: SendResult<BrokerResponse>) => void, options?: SendOptions): number {
    this.sent.push(`${request.api}->${to.nodeId}@${to.host}:${to.port}`);
    return this.inner.send(clientId, to, request, onResult, options);
  }
}

describe('consumer over a client transport', () => {
  it('[CL-34] starts from bootstrap.servers (nodes -1, -2, ...), then reaches brokers by the addresses Metadata and FindCoordinator give', () => {
    const kafka = cluster(3);
    const transport = new RecordingTransport(kafka.transport);
    const servers = [...kafka.bootstrapServers].reverse();
    const consumer = new KafkaConsumer({ 'bootstrap.servers': servers.join(','), 'group.id': GROUP, 'auto.offset.reset': 'earliest' }, { transport, scheduler: kafka.loop });
    consumer.subscribe(TOPIC);
    const w = new World(kafka);
    w.produceAll(1);
    for (let i = 0; i < 200 && consumer.assignment().length < 3; i++) {
      consumer.poll(0);
      kafka.advance(50);
    }
    expect(consumer.assignment().length).toBe(3);
    // The first bootstrap server is the last broker: it gets the first requests, as node -1.
    expect(transport.sent.slice(0, 2)).toEqual(['Metadata->-1@broker-2.local:9092', 'FindCoordinator->-1@broker-2.local:9092']);
    const coordinator = kafka.coordinatorFor(GROUP)!;
    expect(transport.sent).toContain(`JoinGroup->${coordinator}@broker-${coordinator}.local:9092`);
    expect(transport.sent.filter((s) => s.includes('->-') && !s.startsWith('Metadata') && !s.startsWith('FindCoordinator'))).toEqual([]);
  });

  it('[CL-33] bootstrap.servers is required and must be host:port entries', () => {
    const kafka = cluster(1);
    const options = { transport: kafka.transport, scheduler: kafka.loop };
    const refusal = (config: Record<string, unknown>): ConsumerError => {
      try {
        new KafkaConsumer({ 'group.id': GROUP, ...config }, options);
      } catch (e) {
        return e as ConsumerError;
      }
      throw new Error('accepted');
    };
    for (const config of [{}, { 'bootstrap.servers': [] }, { 'bootstrap.servers': 'localhost' }, { 'bootstrap.servers': ['h:0'] }, { 'bootstrap.servers': 9092 }]) {
      const e = refusal(config);
      expect(e, JSON.stringify(config)).toBeInstanceOf(ConsumerError);
      expect(e.kind).toBe('InvalidConfig');
      expect(e.key).toBe('bootstrap.servers');
    }
  });
});
