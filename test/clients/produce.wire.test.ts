/**
 * Real producers against `kgspec serve` (through `startKafka`): compressed batches stored as
 * sent and fetched back (kafkajs gzip; kcat snappy, lz4, zstd) and an idempotent kafkajs producer.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CompressionTypes, Kafka, logLevel, type Producer } from 'kafkajs';
import { startKafka } from '../../src/wire/server/index.js';
import { handleFetch, isStoredRecord } from '../../src/broker/cluster/index.js';
import { decodeText, fetchRequest } from '../../src/protocol/messages/index.js';
import { COMPRESSION, decompressBatch } from '../../src/wire/compression.js';
import { runs } from './group-harness.js';

const server = await startKafka({ brokers: 3, config: { 'group.initial.rebalance.delay.ms': 0 } });
afterAll(() => server.close());

const kcat = runs('kcat', ['-V']);
if (!kcat) console.warn('kcat is not installed, skipping its compression tests: apt-get install -y kcat');
const RDKAFKA_PRODUCER = fileURLToPath(new URL('./members/node-rdkafka-producer.cjs', import.meta.url));
const CLIENTS = process.env['KGSPEC_CLIENTS_DIR'] ?? '/opt/kgspec-clients';
const RDKAFKA = join(CLIENTS, 'node_modules', 'node-rdkafka');
const rdkafka = existsSync(join(RDKAFKA, 'build', 'Release', 'node-librdkafka.node'));
if (!rdkafka) console.warn(`node-rdkafka is not built, skipping its compression tests: see node-rdkafka.wire.test.ts`);

const kafka = new Kafka({ brokers: server.brokers, logLevel: logLevel.NOTHING });

/** Runs `command args` with `input` on stdin, without blocking the server in this process. */
function run(command: string, args: readonly string[], input = '', env: NodeJS.ProcessEnv = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], timeout: 30_000, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input);
  });
}

/** The compression codec ids of the batches stored in `topic`'s partition 0 leader log, one per batch. */
function storedCodecs(topic: string): number[] {
  const info = server.kafka.cluster.partition(topic, 0)!;
  const codecs = new Set<unknown>();
  for (const entry of server.kafka.cluster.log(topic, 0, info.leader!) ?? []) {
    if (isStoredRecord(entry.record)) codecs.add(entry.record.batch);
  }
  return [...codecs].map((b) => ((b as { attributes: number }).attributes & 7));
}

/** `key:value` of every record of `topic`'s partition 0 as the project's own client decodes them (decompressing every batch). */
function decodedLines(topic: string): string[] {
  const cluster = server.kafka.cluster;
  const answer = handleFetch(cluster, cluster.partition(topic, 0)!.leader!, fetchRequest([[topic, 0, 0]], { partitionMaxRecords: 10_000 }));
  return answer.responses[0]!.partitions[0]!.records.flatMap((b) => decompressBatch(b).records.map((r) => `${decodeText(r.key)}:${decodeText(r.value)}`));
}

/** Sends `count` messages in batches of 10 through `producer`, compressed as asked. */
async function sendAll(producer: Producer, topic: string, count: number, compression = CompressionTypes.None): Promise<string[]> {
  const values = Array.from({ length: count }, (_, i) => `m-${i}-${'x'.repeat(i % 7)}`);
  for (let i = 0; i < count; i += 10) {
    await producer.send({ topic, compression, messages: values.slice(i, i + 10).map((value, j) => ({ key: `k${(i + j) % 3}`, value })) });
  }
  return values;
}

/** Every value a consumer group reads from `topic` until it has `count` of them. */
async function consumeAll(topic: string, group: string, count: number): Promise<string[]> {
  const consumer = kafka.consumer({ groupId: group, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const got: string[] = [];
  await new Promise<void>((resolve) => {
    void consumer.run({
      eachMessage: async ({ message }) => {
        got.push(String(message.value));
        if (got.length >= count) resolve();
      },
    });
  });
  await consumer.disconnect();
  return got;
}

describe('compressed batches through the wire server', () => {
  it('[RP-20] [WIRE-06] a kafkajs producer with gzip produces and a kafkajs consumer group reads every record back', async () => {
    const producer = kafka.producer();
    await producer.connect();
    const sent = await sendAll(producer, 'gzipped', 50, CompressionTypes.GZIP);
    await producer.disconnect();
    expect(new Set(storedCodecs('gzipped'))).toEqual(new Set([COMPRESSION.gzip]));
    const got = await consumeAll('gzipped', 'gzip-readers', sent.length);
    expect([...got].sort()).toEqual([...sent].sort());
  }, 60_000);

  /** Produces compressible `key:value` lines with `producer`, checks they are stored compressed with `codec`, and kcat reads them back. */
  async function roundTrip(codec: keyof typeof COMPRESSION, producer: (topic: string, input: string) => ReturnType<typeof run>): Promise<void> {
    const topic = `${codec}-topic`;
    // Compressible values: librdkafka sends a batch uncompressed when compression would not make it smaller.
    const lines = Array.from({ length: 200 }, (_, i) => `key${i % 5}:value-${i}-${codec}-${'abc'.repeat(40)}`);
    const produced = await producer(topic, `${lines.join('\n')}\n`);
    expect(produced.status, produced.stderr).toBe(0);
    const codecs = storedCodecs(topic);
    expect(codecs.length).toBeGreaterThan(0);
    expect(new Set(codecs)).toEqual(new Set([COMPRESSION[codec]]));
    expect(decodedLines(topic)).toEqual(lines);
    const consumed = await run('kcat', ['-b', server.bootstrap, '-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%k:%s\\n']);
    expect(consumed.status, consumed.stderr).toBe(0);
    expect(consumed.stdout.trim().split('\n')).toEqual(lines);
  }

  it.skipIf(!kcat)('[RP-20] [SRV-15] [WIRE-06] kcat -z zstd produces compressed batches and kcat consumes the records back unchanged', async () => {
    await roundTrip('zstd', (topic, input) => run('kcat', ['-b', server.bootstrap, '-P', '-t', topic, '-z', 'zstd', '-K:', '-X', 'linger.ms=50'], input));
  }, 60_000);

  for (const codec of ['gzip', 'snappy', 'lz4'] as const) {
    it.skipIf(!kcat || !rdkafka)(`[RP-20] [SRV-15] [WIRE-06] node-rdkafka produces ${codec} batches and kcat consumes the records back unchanged`, async () => {
      await roundTrip(codec, (topic, input) => run(process.execPath, [RDKAFKA_PRODUCER, server.bootstrap, topic, codec], input, { NODE_RDKAFKA: RDKAFKA }));
    }, 60_000);
  }
});

describe('an idempotent producer through the wire server', () => {
  it('[RP-23] a kafkajs producer with idempotent: true gets a producer id and a consumer group reads every record once', async () => {
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const sent = await sendAll(producer, 'idempotent', 60);
    await producer.disconnect();
    const got = await consumeAll('idempotent', 'idempotent-readers', sent.length);
    expect(got).toHaveLength(sent.length);
    expect([...got].sort()).toEqual([...sent].sort());
  }, 60_000);
});
