/**
 * The project's own KafkaConsumer over TCP (TcpTransport + RealTimeScheduler): three members of
 * one group, classic and KIP-848, against `kgspec serve` (startKafka), consume every record
 * exactly once while one of them leaves; and the same against librdkafka 2.12's mock cluster when
 * it is built (.ci/run builds it; MOCK_BUILD below by hand). Against the mock the consumer
 * negotiates its versions down (SRV-22..SRV-24): FindCoordinator 3, OffsetFetch 6, and for the
 * classic group JoinGroup 5, SyncGroup 3 and LeaveGroup 2, because the mock advertises JoinGroup
 * 6, SyncGroup 4 and LeaveGroup 4 but cannot parse them (see MOCK_CLASSIC_RANGES). The KIP-848
 * case meets the mock's abort on the Java client's subscription form and is skipped, saying so.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { KafkaConsumer, type GroupProtocol } from '../../src/client/index.js';
import { produce } from '../../src/broker/produce.js';
import { decodeText, textRecord, type KafkaRequest, type KafkaResponse } from '../../src/protocol/messages/index.js';
import { metadataRequest } from '../../src/protocol/messages/metadata.js';
import { produceRequest } from '../../src/protocol/messages/produce.js';
import { recordBatch } from '../../src/protocol/messages/record-batch.js';
import { parseBootstrapServers, type NodeAddress } from '../../src/transport/client-transport.js';
import { RealTimeScheduler, TcpTransport } from '../../src/wire/client/index.js';
import { startKafka, type RunningKafka } from '../../src/wire/server/index.js';
import { KIP848_CONFIG } from './kip848-harness.js';

const TOPIC = 'orders';
const PARTITIONS = 6;

/** One member: its consumer, its network and clock, and what it read. */
interface WireMember {
  readonly consumer: KafkaConsumer;
  readonly transport: TcpTransport;
  readonly scheduler: RealTimeScheduler;
  readonly timer: ReturnType<typeof setInterval>;
  readonly errors: unknown[];
}

/** Writes a batch to every partition and resolves to the values written. */
type Producer = (from: number, count: number) => Promise<string[]>;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits for `done`; gives up at the deadline, or at once when `broken` names why waiting is pointless. */
async function until(what: string, done: () => boolean, timeoutMs: number, detail: () => string, broken: () => string | undefined = () => undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    const why = broken();
    if (why !== undefined) throw new Error(`gave up waiting for ${what}: ${why}\n${detail()}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${detail()}`);
    await sleep(20);
  }
}

/** Starts a member polling every 10 ms, as an application's poll loop does; records go to `seen`. */
function startMember(bootstrap: string, protocol: GroupProtocol, group: string, name: string, seen: string[]): WireMember {
  const transport = new TcpTransport();
  const scheduler = new RealTimeScheduler();
  const consumer = new KafkaConsumer(
    {
      'bootstrap.servers': bootstrap,
      'group.id': group,
      'client.id': name,
      'group.protocol': protocol,
      'auto.offset.reset': 'earliest',
      'auto.commit.interval.ms': 200,
      ...(protocol === 'classic' ? { 'session.timeout.ms': 6_000, 'heartbeat.interval.ms': 300 } : {}),
    },
    // The default KIP-848 member id is numbered per scheduler, so members with schedulers of
    // their own (as in separate processes) would share one: over TCP, ids are real UUIDs (KIP-1082).
    { transport, scheduler }, // member ids: the real-time scheduler's random UUIDs (SRV-19)
  );
  consumer.subscribe([TOPIC]);
  const errors: unknown[] = [];
  const timer = setInterval(() => {
    try {
      for (const r of consumer.poll(0)) seen.push(`${r.partition}:${r.offset}:${decodeText(r.value)}`);
    } catch (e) {
      errors.push(e);
    }
  }, 10);
  const member = { consumer, transport, scheduler, timer, errors };
  cleanups.push(() => stopMember(member, 0));
  return member;
}

/** Closes the member (LeaveGroup or a heartbeat with epoch -1), then its sockets and timers after `lingerMs`. */
async function stopMember(m: WireMember, lingerMs: number): Promise<void> {
  clearInterval(m.timer);
  m.consumer.close();
  await sleep(lingerMs);
  m.transport.close();
  m.scheduler.close();
}

/** Writes `count` records `p<partition>-<i>` (from `from`) to every partition, in process. */
function producerOf(server: RunningKafka): Producer {
  return async (from, count) => {
    const values: string[] = [];
    for (let p = 0; p < PARTITIONS; p++) {
      const batch = Array.from({ length: count }, (_, i) => `p${p}-${from + i}`);
      produce(server.kafka, TOPIC, p, batch.map((v) => textRecord(v)));
      values.push(...batch);
    }
    return values;
  };
}

/** The values read, once each, sorted; duplicates are kept so that `toEqual` shows them. */
function values(seen: readonly string[]): string[] {
  return seen.map((s) => s.slice(s.indexOf(':', s.indexOf(':') + 1) + 1)).sort();
}

/**
 * Three members consume the first batch; the third leaves; the other two take its partitions and
 * read the second batch; every record is read exactly once.
 */
async function leaveScenario(bootstrap: string, protocol: GroupProtocol, produceBatch: Producer, label: string, gone: () => string | undefined = () => undefined): Promise<void> {
  const seen: string[] = [];
  const first = await produceBatch(0, 20);
  const members = ['m1', 'm2', 'm3'].map((name) => startMember(bootstrap, protocol, `wire-${protocol}`, name, seen));
  const detail = (): string => members.map((m, i) => `m${i + 1} ${m.consumer.state} ${JSON.stringify(m.consumer.assignment())} errors ${m.errors.join('; ')}`).join('\n') + `\nseen ${seen.length}`;
  const owners = (): number[] => members.map((m) => m.consumer.assignment().length);
  // A member's error fails the run anyway: stop waiting at the first, so a broken peer costs seconds.
  const broken = (): string | undefined => gone() ?? (members.some((m) => m.errors.length > 0) ? 'a member failed' : undefined);
  await until('every record of the first batch', () => seen.length >= first.length, 20_000, detail, broken);
  await until('three members sharing the partitions', () => owners().every((n) => n === 2), 20_000, detail, broken);

  // m3 leaves: its partitions go to the other two, which read on from m3's committed offsets.
  await stopMember(members[2]!, 500);
  await until('two members owning everything', () => owners()[0]! + owners()[1]! === PARTITIONS, 20_000, detail, broken);
  const second = await produceBatch(20, 20);
  await until('every record of the second batch', () => seen.length >= first.length + second.length, 20_000, detail, broken);
  await sleep(300);

  expect(members.flatMap((m) => m.errors)).toEqual([]);
  expect(values(seen)).toEqual([...first, ...second].sort());
  console.log(`KafkaConsumer over TCP against ${label} (${protocol}): ${seen.length} records, owners after the leave ${owners().slice(0, 2).join('+')}`);
}

describe.each(['consumer', 'classic'] as const)('the project\'s KafkaConsumer over TCP (group.protocol=%s) against kgspec serve', (protocol) => {
  it(`[SRV-19] [SRV-20] three ${protocol} members over TcpTransport consume every record exactly once while one leaves`, async () => {
    const server = await startKafka({ brokers: 3, config: { ...KIP848_CONFIG, 'group.initial.rebalance.delay.ms': 0 } });
    cleanups.push(() => server.close());
    expect(await server.command(`create-topic ${TOPIC} ${PARTITIONS} 3`)).toMatch(/^ok /);
    await leaveScenario(server.bootstrap, protocol, producerOf(server), 'kgspec serve');
  }, 60_000);
});

const MOCK = fileURLToPath(new URL('../../tools/mock-cluster/mock_cluster', import.meta.url));
const MOCK_BUILD = `cd tools/mock-cluster && D=/opt/kgspec-clients/node_modules/node-rdkafka/build/deps && make RDK_CFLAGS=-I$D/include RDK_LIBS="-L$D -l:librdkafka.so.1 -Wl,-rpath,$D"`;
const mockBuilt = existsSync(MOCK);
if (!mockBuilt) console.warn(`librdkafka's 2.12 mock cluster is not built, skipping the KafkaConsumer-over-TCP tests against it: ${MOCK_BUILD}`);

/** A running mock cluster: its bootstrap, and how it ended (a signal when it crashed). */
interface Mock {
  readonly bootstrap: string;
  readonly stderr: () => string;
  readonly exited: () => { code: number | null; signal: string | null } | undefined;
}

/**
 * The ranges the mock advertises but parses wrongly, narrowed with its own `api=KEY:MIN:MAX`
 * option to the versions its handlers read (librdkafka 2.12 `rdkafka_mock_handlers.c`; its own
 * client sends JoinGroup 5, SyncGroup 3): JoinGroup v6 and SyncGroup v4 are flexible, but the
 * handlers read the protocol and assignment counts as int32 (JoinGroup v6 then finds
 * "ProtocolCnt 50754145 > max allowed 1000" and closes the connection; SyncGroup v4 underflows);
 * the LeaveGroup handler reads only the v0-2 layout (one member id), whatever the version.
 */
const MOCK_CLASSIC_RANGES = ['api=11:0:5', 'api=14:0:3', 'api=13:0:2'];

/** Starts the mock with `orders` created up front, KIP-848 timers lowered; stopped by pid at cleanup. */
async function startMock(extra: readonly string[] = []): Promise<Mock> {
  const child = spawn(MOCK, ['3', '120', `${TOPIC}:${PARTITIONS}`, ...extra], {
    // MOCK_DEBUG logs every request the mock receives, with its version (read by the negotiation test).
    env: { ...process.env, MOCK_DEBUG: '1', MOCK_CONSUMER_SESSION_TIMEOUT_MS: '3000', MOCK_CONSUMER_HEARTBEAT_INTERVAL_MS: '300' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let exit: { code: number | null; signal: string | null } | undefined;
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  child.on('exit', (code, signal) => (exit = { code, signal }));
  cleanups.push(async () => {
    if (exit === undefined && child.pid !== undefined) process.kill(child.pid, 'SIGTERM');
    await until('the mock to stop', () => exit !== undefined, 10_000, () => err);
  });
  await until('the mock to be ready', () => /READY/.test(out) || exit !== undefined, 10_000, () => err);
  const bootstrap = /BOOTSTRAP (\S+)/.exec(out)?.[1];
  if (bootstrap === undefined) throw new Error(`the mock did not start: ${err}`);
  return { bootstrap, stderr: () => err, exited: () => exit };
}

/** Produces over TCP with the project's transport: Metadata for the leaders, then one Produce per partition. */
function tcpProducer(bootstrap: string): Producer {
  const t = new TcpTransport();
  cleanups.push(() => t.close());
  const call = (node: NodeAddress, request: KafkaRequest): Promise<KafkaResponse> =>
    new Promise((resolve, reject) => t.send('producer', node, request, (r) => (r.type === 'response' ? resolve(r.response) : reject(new Error(JSON.stringify(r)))), { timeoutMs: 10_000 }));
  return async (from, count) => {
    const meta = await call(parseBootstrapServers(bootstrap)[0]!, metadataRequest([TOPIC]));
    if (meta.api !== 'Metadata') throw new Error(`unexpected ${meta.api}`);
    const values: string[] = [];
    for (const part of meta.topics.find((x) => x.name === TOPIC)?.partitions ?? []) {
      const broker = meta.brokers.find((b) => b.nodeId === part.leaderId)!;
      const batch = Array.from({ length: count }, (_, i) => `p${part.partitionIndex}-${from + i}`);
      const answer = await call(broker, produceRequest([[TOPIC, part.partitionIndex, recordBatch(batch.map((v) => textRecord(v)))]]));
      if (answer.api !== 'Produce' || answer.responses[0]?.partitionResponses[0]?.errorCode !== 0) throw new Error(`produce failed: ${JSON.stringify(answer)}`);
      values.push(...batch);
    }
    expect(values).toHaveLength(PARTITIONS * count);
    return values;
  };
}

describe.each(['consumer', 'classic'] as const)('the project\'s KafkaConsumer over TCP (group.protocol=%s) against librdkafka 2.12\'s mock cluster', (protocol) => {
  it.skipIf(!mockBuilt)(`[SRV-19] [SRV-22] [SRV-23] [SRV-24] three ${protocol} members consume every record exactly once while one leaves`, async (ctx) => {
    const mock = await startMock(protocol === 'classic' ? MOCK_CLASSIC_RANGES : []);
    try {
      await leaveScenario(mock.bootstrap, protocol, tcpProducer(mock.bootstrap), 'librdkafka 2.12 mock', () => (mock.exited() === undefined ? undefined : 'the mock exited'));
    } catch (e) {
      // The mock aborts on a subscription with topic names and a null regex (the Java client's
      // form, which Kafka takes): reported, not bent around (docs/conformance/librdkafka-mock-2.12-kip848.md).
      const exit = mock.exited();
      if (protocol === 'consumer' && exit?.signal === 'SIGABRT' && /validate_subscription/.test(mock.stderr())) {
        const why = `the mock aborted on the consumer's subscription (names, null regex): ${mock.stderr().trim().split('\n').at(-1)}`;
        console.warn(why);
        ctx.skip(why);
      }
      // The mock moves a classic group to Up as soon as the leader's SyncGroup carries every
      // assignment (rd_kafka_mock_cgrp_classic_sync_check) and then refuses a follower's SyncGroup
      // with INVALID_REQUEST and a null assignment (rd_kafka_mock_cgrp_classic_check_state allows
      // no SyncGroup in Up), so a follower whose SyncGroup comes after the leader's fails, fatally
      // as in the Java client. Kafka parks a follower's SyncGroup until the leader's and answers
      // every member its assignment; one arriving in Stable gets the stored one (spec/sync-group.md SG-07, SG-10). Reported, not bent around.
      if (protocol === 'classic' && /SyncGroup failed: INVALID_REQUEST/.test(String(e))) {
        const why = "the mock refused a follower's SyncGroup (INVALID_REQUEST, null assignment) after the leader's had moved the group to Up";
        console.warn(why);
        ctx.skip(why);
      }
      throw e;
    }
  }, 90_000);
});

describe('the project\'s KafkaConsumer negotiating its versions with librdkafka 2.12\'s mock cluster', () => {
  it.skipIf(!mockBuilt)('[SRV-22] [SRV-23] [SRV-24] one classic member reads every record at the versions the mock speaks, and leaves with LeaveGroup v2', async () => {
    const mock = await startMock(MOCK_CLASSIC_RANGES);
    const written = await tcpProducer(mock.bootstrap)(0, 5);
    const seen: string[] = [];
    const member = startMember(mock.bootstrap, 'classic', 'wire-negotiation', 'solo', seen);
    const detail = (): string => `${member.consumer.state} errors ${member.errors.join('; ')} seen ${seen.length}`;
    const broken = (): string | undefined => (mock.exited() !== undefined ? 'the mock exited' : member.errors.length > 0 ? 'the member failed' : undefined);
    await until('every record', () => seen.length >= written.length, 20_000, detail, broken);
    await sleep(1_000); // a few heartbeats and auto-commits
    await stopMember(member, 500);
    expect(values(seen)).toEqual([...written].sort());
    // What the mock received, by API and version (its debug log): every connection asked
    // ApiVersions v3, was refused (the mock stops at 2 and answers in a layout of its own) and
    // asked v0; every request then went at the newest version both speak.
    const received = new Set([...mock.stderr().matchAll(/Received (\w+)RequestV(\d+)/g)].map((m) => `${m[1]} v${m[2]}`));
    const groupApis = [...received].filter((r) => !/^(Metadata|ListOffsets|Fetch|Produce) /.test(r)).sort();
    expect(groupApis).toEqual(['ApiVersion v0', 'ApiVersion v3', 'FindCoordinator v3', 'Heartbeat v4', 'JoinGroup v5', 'LeaveGroup v2', 'OffsetCommit v9', 'OffsetFetch v6', 'SyncGroup v3']);
    console.log(`KafkaConsumer over TCP against librdkafka 2.12 mock (classic, one member): ${seen.length} records; the mock received ${[...received].sort().join(', ')}`);
  }, 60_000);
});
