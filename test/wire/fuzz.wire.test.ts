/**
 * Bad input never hurts the server (SRV-09, SRV-10): at least 10,000 mutated frames across
 * every API and version the codec reads (100,000 with KGSPEC_SOAK=1, `npm run test:soak`), then
 * a kafkajs consumer group still works on the same server. The seed is printed; set
 * KGSPEC_FUZZ_SEED to replay a run.
 */
import fc from 'fast-check';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { startKafka } from '../../src/wire/server/index.js';
import type { Exchange } from '../../src/wire/server/connection.js';
import { applyMutation, defaultFrames, mutationArb, tappedFrames } from '../helpers/fuzz-frames.js';
import { frame, RawConnection } from '../helpers/wire-socket.js';

const SEED = Number(process.env['KGSPEC_FUZZ_SEED'] ?? 20261207);
const FRAMES = process.env['KGSPEC_SOAK'] ? 100_000 : 10_000;
const WORKERS = 8;
/** How long a frame may go unanswered before the connection is dropped (parked or unanswerable requests). */
const ANSWER_WAIT_MS = 150;

const tapped: Exchange[] = [];
const warnings: string[] = [];
const server = await startKafka({
  brokers: 2,
  config: { 'group.initial.rebalance.delay.ms': 0, 'group.min.session.timeout.ms': 1000, 'num.partitions': 3, 'offsets.topic.num.partitions': 4 },
  tap: (e) => {
    if (tapped.length < 2000) tapped.push(e);
  },
  logLevel: 'warn',
  log: (_level, line) => warnings.push(line),
});
afterAll(() => server.close());

/** A kafkajs group of two: produce `n` records, both members consume them all between them. */
async function kafkajsGroupWorks(topic: string, n: number): Promise<void> {
  const kafka = new Kafka({ clientId: 'fuzz-check', brokers: server.brokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: Array.from({ length: n }, (_, i) => ({ value: `v${i}`, partition: i % 3 })) });
  await producer.disconnect();
  const seen: string[] = [];
  const consumers = [0, 1].map(() => kafka.consumer({ groupId: `${topic}-group`, sessionTimeout: 3000, heartbeatInterval: 300, maxWaitTimeInMs: 100 }));
  for (const c of consumers) {
    await c.connect();
    await c.subscribe({ topic, fromBeginning: true });
    await c.run({ eachMessage: async ({ message }) => void seen.push(String(message.value)) });
  }
  const deadline = Date.now() + 20_000;
  while (new Set(seen).size < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await Promise.all(consumers.map((c) => c.disconnect()));
  expect(new Set(seen).size).toBe(n);
}

/** Sends one frame and waits for an answer, a close, or {@link ANSWER_WAIT_MS}. */
async function sendOne(conn: RawConnection | undefined, bytes: Uint8Array): Promise<{ conn: RawConnection | undefined; outcome: 'answered' | 'closed' | 'silent' }> {
  const c = conn !== undefined && !conn.closed ? conn : await RawConnection.open('127.0.0.1', server.listeners[0]!.port);
  const before = c.frames.length;
  c.write(bytes);
  await c.waitFrames(before + 1, ANSWER_WAIT_MS);
  if (c.frames.length > before) {
    c.frames.length = 0;
    return { conn: c, outcome: 'answered' };
  }
  if (c.closed) return { conn: undefined, outcome: 'closed' };
  c.end();
  return { conn: undefined, outcome: 'silent' };
}

describe('fuzzing the wire server', () => {
  it(`[SRV-09] [SRV-10] [SRV-03] survives ${FRAMES} mutated frames; a kafkajs group still works after`, async () => {
    await kafkajsGroupWorks('before-fuzz', 12); // also fills the tap with real clients' requests
    const corpus = [...defaultFrames(), ...tappedFrames(tapped)];
    console.log(`fuzz: seed ${SEED} (replay with KGSPEC_FUZZ_SEED=${SEED}), ${FRAMES} frames from a corpus of ${corpus.length}`);
    const mutations = fc.sample(mutationArb(corpus.length), { seed: SEED, numRuns: FRAMES });
    const outcomes = { answered: 0, closed: 0, silent: 0 };
    let next = 0;
    const worker = async (): Promise<void> => {
      let conn: RawConnection | undefined;
      for (let i = next++; i < mutations.length; i = next++) {
        const result = await sendOne(conn, frame(applyMutation(corpus, mutations[i]!)));
        conn = result.conn;
        outcomes[result.outcome]++;
      }
      conn?.end();
    };
    await Promise.all(Array.from({ length: WORKERS }, worker));
    // Framing-level abuse: a size above socket.request.max.bytes, a negative size, a stream that ends mid-frame.
    for (const raw of [Uint8Array.of(0x7f, 0xff, 0xff, 0xff, 1, 2), Uint8Array.of(0x80, 0, 0, 0), Uint8Array.of(0, 0, 0, 50, 0, 3)]) {
      const c = await RawConnection.open('127.0.0.1', server.listeners[1]!.port);
      c.write(raw);
      if (raw[0] !== 0) expect(await c.waitClosed(2000)).toBe(true);
      c.end();
    }
    console.log(`fuzz: ${FRAMES} frames sent: ${outcomes.answered} answered, ${outcomes.closed} closed the connection, ${outcomes.silent} unanswered within ${ANSWER_WAIT_MS} ms`);
    expect(outcomes.answered + outcomes.closed + outcomes.silent).toBe(FRAMES);
    expect(outcomes.answered).toBeGreaterThan(0);
    expect(outcomes.closed).toBeGreaterThan(0);
    expect(warnings.filter((w) => !w.startsWith('closing connection'))).toEqual([]);
    if (process.env['KGSPEC_FUZZ_VERBOSE']) console.log([...new Set(warnings.map((w) => w.replace(/^closing connection \d+ from [^ ]+ /, '').replace(/\d+/g, 'N')))].join('\n'));
    await kafkajsGroupWorks('after-fuzz', 12);
  }, 60_000 + FRAMES * 5);
});
