/**
 * The kafkajs figure of the wire suite: a 3-member kafkajs 2.2.4 consumer group reading a
 * 6-partition topic of 100,000 records (produced first, untimed), timed from the consumers'
 * `connect` to the last record, and checked: every record consumed exactly once, none unknown,
 * no consumer crashed.
 */
import { performance } from 'node:perf_hooks';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { check } from './harness.js';

/** Records in the topic. */
export const RECORDS = 100_000;
/** Partitions of the topic. */
export const PARTITIONS = 6;
/** Members of the group. */
export const MEMBERS = 3;
/** The topic's name (the mock creates it with 6 partitions; kgspec serve auto-creates it with `num.partitions=6`). */
export const TOPIC = 'bench-wire';

function client(bootstrap: string): Kafka {
  return new Kafka({ clientId: 'kgspec-bench', brokers: bootstrap.split(','), logLevel: logLevel.NOTHING, retry: { retries: 5 } });
}

/** Produces {@link RECORDS} records (value = its index) to {@link TOPIC}, 1,000 per send, round-robin over the partitions. */
export async function produceRecords(bootstrap: string): Promise<void> {
  const producer = client(bootstrap).producer({ allowAutoTopicCreation: true });
  await producer.connect();
  try {
    for (let start = 0; start < RECORDS; start += 1000) {
      const messages = [];
      for (let i = start; i < Math.min(RECORDS, start + 1000); i++) messages.push({ partition: i % PARTITIONS, value: String(i) });
      await producer.send({ topic: TOPIC, messages });
    }
  } finally {
    await producer.disconnect();
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** The times of one run of {@link consumeOnce}. */
export interface ConsumeTimes {
  /** From the consumers' `connect` to the last record. */
  readonly wallMs: number;
  /** From the first record to the last (the group formed, the join phase over). */
  readonly consumeMs: number;
}

/**
 * One timed run: a new group of {@link MEMBERS} consumers reads the topic from the beginning.
 * Resolves with its {@link ConsumeTimes}; throws (a check failure) when
 * a record is missing or seen twice, or a consumer crashed. Consumers are always disconnected.
 */
export async function consumeOnce(bootstrap: string, groupId: string, timeoutMs = 120_000): Promise<ConsumeTimes> {
  const seen = new Uint8Array(RECORDS);
  let distinct = 0;
  let duplicates = 0;
  let unknown = 0;
  const crashes: string[] = [];
  let done!: () => void;
  const allConsumed = new Promise<void>((resolve) => (done = resolve));
  const kafka = client(bootstrap);
  const consumers: Consumer[] = [];
  const t0 = performance.now();
  let firstAt = 0;
  let lastAt = 0;
  try {
    await withTimeout(
      Promise.all(
        Array.from({ length: MEMBERS }, async () => {
          const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1000, maxWaitTimeInMs: 100 });
          consumers.push(consumer);
          consumer.on(consumer.events.CRASH, (e) => crashes.push(String((e.payload as { error?: Error }).error?.message ?? 'crash')));
          await consumer.connect();
          await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
          await consumer.run({
            eachBatch: async ({ batch }) => {
              if (firstAt === 0 && batch.messages.length > 0) firstAt = performance.now();
              for (const m of batch.messages) {
                const i = Number(String(m.value));
                if (!Number.isInteger(i) || i < 0 || i >= RECORDS) unknown++;
                else if (seen[i] === 0) {
                  seen[i] = 1;
                  distinct++;
                } else duplicates++;
              }
              if (distinct === RECORDS) done();
            },
          });
        }),
      ).then(() => allConsumed),
      timeoutMs,
      `group ${groupId}`,
    ).catch((e: Error) => {
      throw new Error(`${e.message} (${distinct} of ${RECORDS} records, crashes: ${crashes.join('; ') || 'none'})`);
    });
    lastAt = performance.now();
  } finally {
    await Promise.all(consumers.map((c) => withTimeout(c.disconnect(), 15_000, 'disconnect').catch(() => undefined)));
  }
  check(crashes.length === 0, `group ${groupId}: a consumer crashed: ${crashes.join('; ')}`);
  check(unknown === 0, `group ${groupId}: ${unknown} records that were never produced`);
  check(duplicates === 0, `group ${groupId}: ${duplicates} records consumed twice`);
  check(distinct === RECORDS, `group ${groupId}: ${distinct} of ${RECORDS} records consumed`);
  return { wallMs: lastAt - t0, consumeMs: lastAt - firstAt };
}
