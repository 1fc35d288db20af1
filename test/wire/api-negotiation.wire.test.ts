/**
 * The project's KafkaConsumer negotiating API versions over TCP (SRV-22..SRV-24), against
 * `kgspec serve` behind a proxy that plays an older broker: it refuses ApiVersions v3 (as Kafka
 * does, listing its own ApiVersions range), narrows the table it forwards, and records the
 * version of every request that passes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { produce } from '../../src/broker/produce.js';
import { KafkaConsumer, type ConsumerError } from '../../src/client/index.js';
import { ErrorCodes } from '../../src/protocol/errors.js';
import { decodeText, textRecord, type ApiVersionsResponse } from '../../src/protocol/messages/index.js';
import { RealTimeScheduler, TcpTransport } from '../../src/wire/client/index.js';
import type { WireResponse } from '../../src/wire/frames.js';
import { packageVersion } from '../../src/wire/package-version.js';
import { startKafka } from '../../src/wire/server/index.js';
import { KIP848_CONFIG } from '../clients/kip848-harness.js';
import { startProxy } from '../helpers/rewriting-proxy.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * An older broker in front of kgspec serve: ApiVersions v3 refused, then `narrow` (API key ->
 * [min, max], or null to leave the API out) applied to the table it lists. `seen` gets
 * `<api> v<version>` of every request, in order.
 */
async function olderBroker(narrow: Readonly<Record<number, readonly [number, number] | null>>): Promise<{ bootstrap: string; seen: string[]; software: Set<string>; produce: (values: string[]) => void }> {
  const server = await startKafka({ brokers: 1, config: { ...KIP848_CONFIG, 'group.initial.rebalance.delay.ms': 0 } });
  cleanups.push(() => server.close());
  expect(await server.command('create-topic orders 2 1')).toMatch(/^ok /);
  const seen: string[] = [];
  const software = new Set<string>();
  const proxy = await startProxy(server.bootstrap.split(','), {
    answer(request) {
      seen.push(`${request.api} v${request.version}`);
      if (request.api === 'ApiVersions' && request.version >= 3) software.add(`${request.clientSoftwareName} ${request.clientSoftwareVersion}`);
      if (request.api !== 'ApiVersions' || request.version < 3) return undefined;
      return { api: 'ApiVersions', errorCode: ErrorCodes.UNSUPPORTED_VERSION, apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: 2 }], throttleTimeMs: 0 };
    },
    rewrite(request, response): WireResponse {
      if (request.api !== 'ApiVersions') return response;
      const r = response as ApiVersionsResponse;
      const apiKeys = r.apiKeys.flatMap((k) => {
        const to = narrow[k.apiKey];
        if (to === null) return [];
        return to === undefined ? [k] : [{ apiKey: k.apiKey, minVersion: to[0], maxVersion: to[1] }];
      });
      return { ...r, apiKeys };
    },
  });
  cleanups.push(() => proxy.close());
  return {
    bootstrap: proxy.brokers.join(','),
    seen,
    software,
    produce: (values) => values.forEach((v, i) => produce(server.kafka, 'orders', i % 2, [textRecord(v)])),
  };
}

/** A consumer over TCP polling every 10 ms; what it reads goes to `read`, what poll throws to `errors`. */
function pollingConsumer(bootstrap: string, protocol: 'classic' | 'consumer', read: string[], errors: unknown[]): KafkaConsumer {
  const transport = new TcpTransport();
  const scheduler = new RealTimeScheduler();
  const consumer = new KafkaConsumer(
    { 'bootstrap.servers': bootstrap, 'group.id': `negotiation-${protocol}`, 'group.protocol': protocol, 'auto.offset.reset': 'earliest', 'auto.commit.interval.ms': 100, ...(protocol === 'classic' ? { 'session.timeout.ms': 6_000, 'heartbeat.interval.ms': 200 } : {}) },
    { transport, scheduler },
  );
  consumer.subscribe(['orders']);
  const timer = setInterval(() => {
    try {
      for (const r of consumer.poll(0)) read.push(decodeText(r.value) ?? '');
    } catch (e) {
      errors.push(e);
    }
  }, 10);
  cleanups.push(async () => {
    clearInterval(timer);
    consumer.close();
    await sleep(300);
    transport.close();
    scheduler.close();
  });
  return consumer;
}

async function until(what: string, done: () => boolean, detail: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${detail()}`);
    await sleep(20);
  }
}

describe('the consumer negotiating with an older broker over TCP', () => {
  it('[SRV-22] [SRV-23] [SRV-24] asks ApiVersions v3, then v2 when refused, and sends every group request at the broker\'s newest version', async () => {
    // The ranges of librdkafka 2.12's mock where it stops below the consumer's versions.
    const broker = await olderBroker({ 10: [0, 3], 9: [0, 6], 11: [0, 5], 14: [0, 3], 13: [0, 2] });
    const written = ['a', 'b', 'c', 'd'];
    broker.produce(written);
    const read: string[] = [];
    const errors: unknown[] = [];
    const consumer = pollingConsumer(broker.bootstrap, 'classic', read, errors);
    await until('every record', () => read.length >= written.length || errors.length > 0, () => `${consumer.state} ${errors.join('; ')} ${broker.seen.join(', ')}`);
    await sleep(400); // heartbeats and an auto-commit
    await cleanups.pop()!(); // close: LeaveGroup
    expect(errors).toEqual([]);
    expect(read.sort()).toEqual(written);
    const versions = [...new Set(broker.seen)].filter((s) => !/^(Metadata|ListOffsets|Fetch) /.test(s)).sort();
    expect(versions).toEqual(['ApiVersions v2', 'ApiVersions v3', 'FindCoordinator v3', 'Heartbeat v4', 'JoinGroup v5', 'LeaveGroup v2', 'OffsetCommit v9', 'OffsetFetch v6', 'SyncGroup v3']);
    // Each connection asks first: no other request comes before its ApiVersions answer.
    expect(broker.seen[0]).toBe('ApiVersions v3');
    expect(broker.seen[1]).toBe('ApiVersions v2');
    // KIP-511: the client names itself in v3.
    expect([...broker.software]).toEqual([`kafka-group-spec ${packageVersion()}`]);
  }, 30_000);

  it('[SRV-23] a broker without ConsumerGroupHeartbeat: nothing is sent, and poll raises UnsupportedVersion naming the API', async () => {
    const broker = await olderBroker({ 68: null });
    const errors: unknown[] = [];
    pollingConsumer(broker.bootstrap, 'consumer', [], errors);
    await until('an error from poll', () => errors.length > 0, () => broker.seen.join(', '));
    const e = errors[0] as ConsumerError;
    expect(e.kind).toBe('UnsupportedVersion');
    expect(e.message).toBe('The broker does not support ConsumerGroupHeartbeat (API key 68); the client speaks versions 0 to 1');
    expect(broker.seen.filter((s) => s.startsWith('ConsumerGroupHeartbeat'))).toEqual([]);
  }, 30_000);
});
