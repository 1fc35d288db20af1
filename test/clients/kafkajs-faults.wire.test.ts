/**
 * A real kafkajs 2.2.4 group against `kgspec serve` while the fault commands run (spec/faults.md):
 * a partition going offline makes no rebalance; partitions added to the topic make one.
 */
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultCodec } from '../../src/wire/server/default-codec.js';
import type { Exchange } from '../../src/wire/server/connection.js';
import { KafkaWireServer } from '../../src/wire/server/server.js';
import { ServerControl } from '../../src/wire/server/server-control.js';

const GROUP = 'kjs-faults';
const TOPIC = 'orders';
const METADATA_MAX_AGE_MS = 1_000;

async function until(done: () => boolean, maxMs: number): Promise<void> {
  for (const start = Date.now(); !done(); ) {
    if (Date.now() - start > maxMs) throw new Error(`not reached within ${maxMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('kafkajs 2.2.4 under fault commands', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  it('[FLT-09] [FLT-08] a partition offline: no rebalance, the other member reads on, nothing lost or read twice; added partitions: a rebalance assigns them', async () => {
    // What the clients were told about orders-1 without a leader: Metadata's LEADER_NOT_AVAILABLE, Fetch's NOT_LEADER_OR_FOLLOWER.
    const told = new Set<string>();
    const tap = (x: Exchange): void => {
      const r = x.response as { api: string; topics?: { name?: string; partitions?: { partitionIndex: number; errorCode: number }[] }[]; responses?: { topic: string; partitions: { partitionIndex: number; errorCode: number }[] }[] } | undefined;
      for (const t of r?.api === 'Metadata' ? (r.topics ?? []) : []) for (const p of t.partitions ?? []) if (t.name === TOPIC && p.partitionIndex === 1 && p.errorCode !== 0) told.add(`Metadata ${p.errorCode}`);
      for (const t of r?.api === 'Fetch' ? (r.responses ?? []) : []) for (const p of t.partitions) if (t.topic === TOPIC && p.partitionIndex === 1 && p.errorCode !== 0) told.add(`Fetch ${p.errorCode}`);
    };
    const server = await KafkaWireServer.start({ codec: defaultCodec, brokers: 2, port: 0, config: { initialRebalanceDelayMs: 0, minSessionTimeoutMs: 1_000 }, tap });
    cleanup.push(() => server.close());
    const control = new ServerControl(server);
    server.kafka.cluster.createTopic(TOPIC, 4, 2);
    const kafka = new Kafka({ brokers: server.listeners.map((l) => `${l.host}:${l.port}`), logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    cleanup.push(() => producer.disconnect());
    const got: string[][] = [[], []];
    const owned: number[][] = [[], []];
    const consumers: Consumer[] = [];
    for (const i of [0, 1]) {
      const c = kafka.consumer({ groupId: GROUP, sessionTimeout: 6_000, heartbeatInterval: 500, metadataMaxAge: METADATA_MAX_AGE_MS, maxWaitTimeInMs: 200 });
      c.on(c.events.GROUP_JOIN, (e) => (owned[i] = [...(e.payload.memberAssignment[TOPIC] ?? [])].sort()));
      await c.connect();
      cleanup.push(() => c.disconnect());
      await c.subscribe({ topic: TOPIC, fromBeginning: true });
      await c.run({ eachMessage: async ({ partition, message }) => void got[i]!.push(`${partition}:${String(message.value)}`) });
      consumers.push(c);
    }
    const send = (p: number, v: string) => producer.send({ topic: TOPIC, messages: [{ partition: p, value: v }] });
    const generation = () => server.kafka.shardFor(GROUP)?.state.groups.get(GROUP)?.generationId ?? -1;
    const all = () => got.flat();
    await until(() => owned[0]!.length + owned[1]!.length === 4 && owned[0]!.length > 0 && owned[1]!.length > 0, 20_000);
    for (let p = 0; p < 4; p++) await send(p, `before-${p}`);
    await until(() => all().length === 4, 10_000);
    const stableGeneration = generation();

    expect(await control.run('offline orders 1')).toBe('ok orders-1 is offline: leader none');
    const other = owned[0]!.includes(1) ? 1 : 0;
    for (const p of [0, 2, 3]) if (owned[other]!.includes(p)) await send(p, `during-${p}`);
    await sleep(3 * METADATA_MAX_AGE_MS);
    expect(generation()).toBe(stableGeneration);
    expect([...told].sort()).toEqual(['Fetch 6', 'Metadata 5']);
    expect(got[other]!.filter((v) => v.includes('during'))).toEqual(owned[other]!.map((p) => `${p}:during-${p}`));

    expect(await control.run('online orders 1')).toMatch(/^ok orders-1 is online/);
    await send(1, 'after-1');
    await until(() => all().includes('1:after-1'), 10_000);
    expect(generation()).toBe(stableGeneration);
    expect(all()).toHaveLength(4 + owned[other]!.length + 1);
    expect(new Set(all()).size).toBe(all().length);

    expect(await control.run('add-partitions orders 2')).toBe('ok orders has 6 partitions (was 4)');
    await until(() => generation() > stableGeneration && owned[0]!.length + owned[1]!.length === 6, 5 * METADATA_MAX_AGE_MS);
    expect([...owned[0]!, ...owned[1]!].sort()).toEqual([0, 1, 2, 3, 4, 5]);
  }, 60_000);
});
