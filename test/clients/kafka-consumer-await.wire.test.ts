/**
 * The project's KafkaConsumer over TCP against `kgspec serve`, beyond the poll loop: the promise
 * forms of commitSync and committed (SRV-25), and a member whose process dies without leaving,
 * whose partitions the others take once its session expires (SRV-26).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { produce } from '../../src/broker/produce.js';
import { KafkaConsumer, type GroupProtocol } from '../../src/client/index.js';
import { textRecord } from '../../src/protocol/messages/index.js';
import { RealTimeScheduler, TcpTransport } from '../../src/wire/client/index.js';
import { startKafka, type RunningKafka } from '../../src/wire/server/index.js';
import { SOAK } from '../helpers/seed.js';
import { KIP848_CONFIG } from './kip848-harness.js';

const PARTITIONS = 4;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, done: () => boolean, detail: () => string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${detail()}`);
    await sleep(20);
  }
}

async function serve(): Promise<RunningKafka> {
  // Sessions of 3 s (KIP-848: the broker's; classic: the member's own, below) so a dead member is fenced soon.
  const server = await startKafka({ brokers: 1, config: { ...KIP848_CONFIG, 'group.initial.rebalance.delay.ms': 0, 'group.min.session.timeout.ms': 1_000 } });
  cleanups.push(() => server.close());
  expect(await server.command(`create-topic orders ${PARTITIONS} 1`)).toMatch(/^ok /);
  return server;
}

/** A member over TCP polling every 10 ms; `kill` ends its process: sockets and timers, no LeaveGroup. */
function member(bootstrap: string, protocol: GroupProtocol, group: string, read: Map<string, number>): { consumer: KafkaConsumer; errors: unknown[]; kill: () => void } {
  const transport = new TcpTransport();
  const scheduler = new RealTimeScheduler();
  const consumer = new KafkaConsumer(
    {
      'bootstrap.servers': bootstrap,
      'group.id': group,
      'group.protocol': protocol,
      'auto.offset.reset': 'earliest',
      'enable.auto.commit': false,
      ...(protocol === 'classic' ? { 'session.timeout.ms': 3_000, 'heartbeat.interval.ms': 300 } : {}),
    },
    { transport, scheduler },
  );
  consumer.subscribe(['orders']);
  const errors: unknown[] = [];
  const timer = setInterval(() => {
    try {
      for (const r of consumer.poll(0)) read.set(`${r.partition}`, (read.get(`${r.partition}`) ?? 0) + 1);
    } catch (e) {
      errors.push(e);
    }
  }, 10);
  let alive = true;
  const kill = (): void => {
    if (!alive) return;
    alive = false;
    clearInterval(timer);
    transport.close();
    scheduler.close();
  };
  cleanups.push(async () => {
    if (!alive) return;
    clearInterval(timer);
    consumer.close();
    await sleep(200);
    kill();
  });
  return { consumer, errors, kill };
}

describe.each(['classic', 'consumer'] as const)('KafkaConsumer over TCP against kgspec serve (group.protocol=%s)', (protocol) => {
  it(`[SRV-25] commit() and fetchCommitted() resolve over TCP, and another process of the group reads the same offsets`, async () => {
    const server = await serve();
    for (let p = 0; p < PARTITIONS; p++) produce(server.kafka, 'orders', p, Array.from({ length: p + 1 }, (_, i) => textRecord(`p${p}-${i}`)));
    const read = new Map<string, number>();
    const m = member(server.bootstrap, protocol, `await-${protocol}`, read);
    await until('every record', () => [...read.values()].reduce((a, b) => a + b, 0) === 10, () => `${m.consumer.state} ${m.errors.join('; ')}`);
    const committed = await m.consumer.commit();
    const tps = Array.from({ length: PARTITIONS }, (_, p) => ({ topic: 'orders', partition: p }));
    const expected = tps.map((tp) => ({ ...tp, offset: tp.partition + 1, metadata: '' }));
    expect([...committed].sort((a, b) => a.partition - b.partition)).toEqual(expected);
    expect(await m.consumer.fetchCommitted(tps)).toEqual(expected);
    // A second process of the group, which never polled, finds the coordinator itself and reads them.
    const other = member(server.bootstrap, protocol, `await-${protocol}`, new Map());
    expect(await other.consumer.fetchCommitted(tps, { timeoutMs: 10_000 })).toEqual(expected);
    expect([...m.errors, ...other.errors]).toEqual([]);
  }, 30_000);

  // A session has to expire (3 s and more): one protocol in npm test, both under KGSPEC_SOAK (npm run test:soak).
  it.skipIf(protocol === 'consumer' && !SOAK)(`[SRV-26] a member whose process dies (no leave) is fenced after its session; the others take its partitions and read on`, async () => {
    const server = await serve();
    const read = new Map<string, number>();
    const members = [0, 1, 2].map(() => member(server.bootstrap, protocol, `crash-${protocol}`, read));
    const owned = (): number[] => members.map((x) => x.consumer.assignment().length);
    const detail = (): string => members.map((x) => `${x.consumer.state} ${JSON.stringify(x.consumer.assignment())} ${x.errors.join('; ')}`).join('\n');
    await until('the partitions shared by three', () => owned().every((n) => n > 0) && owned().reduce((a, b) => a + b, 0) === PARTITIONS, detail);
    const victim = members[2]!;
    const itsPartitions = victim.consumer.assignment().map((tp) => tp.partition);
    const killedAt = Date.now();
    victim.kill();
    await until('the two survivors owning every partition', () => owned()[0]! + owned()[1]! === PARTITIONS, detail);
    const fencedAfterMs = Date.now() - killedAt; // reported, not asserted: wall-clock time
    for (const p of itsPartitions) produce(server.kafka, 'orders', p, [textRecord(`after-${p}`)]);
    await until('the dead member\'s partitions read by the survivors', () => itsPartitions.every((p) => (read.get(`${p}`) ?? 0) >= 1), detail);
    expect([...members[0]!.errors, ...members[1]!.errors]).toEqual([]);
    console.log(`${protocol}: the survivors took partitions ${itsPartitions.join(',')} ${fencedAfterMs} ms after the kill`);
  }, 40_000);
});
