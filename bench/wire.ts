/**
 * The wire suite: `kgspec serve` over loopback TCP, against librdkafka's mock cluster in the
 * same run when it is built (see `bench/README.md`; {@link mockClusterPath}).
 *
 * Figures, per broker (`kgspec`, `mock`), each a child process on 127.0.0.1:
 * - spawn to READY (min/median of several starts; each start is stopped before the next);
 * - heartbeat round trips per second, one connection (one member, back to back) and 50
 *   connections (50 groups of one member each, one connection per member, all at once), every
 *   answer checked NONE (`wire-client.ts`, the project's own codec);
 * - a 3-member kafkajs 2.2.4 group consuming 100,000 records of 6 partitions, checked exactly
 *   once (`wire-kafkajs.ts`): from connect to the last record, and (same runs) from the first
 *   record to the last.
 *
 * Without the mock its rows are skipped with a message saying how to build it. The mock is
 * known to crash a kafkajs follower now and then (its SyncGroup race, see its README): a mock
 * kafkajs run that fails is retried, at most twice per run, and each retry is logged.
 * `--sabotage` sends heartbeats of a wrong generation: the check fails and nothing is reported.
 */
import { flag, measureAsync, runSuite, timeFigure, type Figure } from './harness.js';
import { heartbeats, joinGroupMember, type JoinedMember } from './wire-client.js';
import { consumeOnce, PARTITIONS, produceRecords, TOPIC } from './wire-kafkajs.js';
import { MOCK_BUILD_HINT, mockClusterPath, startPeer, stopAllPeers, type PeerKind } from './wire-peers.js';

/** Heartbeats per timed run on one connection. */
const HEARTBEATS_ONE = 5000;
/** Connections of the many-connection figure, and heartbeats per connection per run. */
const CONNECTIONS = 50;
const HEARTBEATS_EACH = 400;
/** Session timeout of the heartbeat members (heartbeats keep them alive). */
const SESSION_MS = 30_000;
/** Timed runs of the kafkajs group (`BENCH_KAFKAJS_RUNS`, at least 3). */
const KAFKAJS_RUNS = Math.max(3, Number(process.env.BENCH_KAFKAJS_RUNS ?? 3));

const LABEL: Record<PeerKind, string> = { kgspec: 'kgspec serve', mock: 'librdkafka mock' };

async function readyFigure(kind: PeerKind): Promise<Figure> {
  return measureAsync(`wire.ready.${kind}`, `${LABEL[kind]}: spawn to READY`, async () => {
    const peer = await startPeer(kind, { timeoutS: 30 });
    await peer.stop();
    return peer.readyMs;
  });
}

async function heartbeatFigures(kind: PeerKind, bootstrap: string): Promise<Figure[]> {
  const run = Date.now();
  const one = await joinGroupMember(bootstrap, `hb-one-${run}`, SESSION_MS);
  const many: JoinedMember[] = await Promise.all(Array.from({ length: CONNECTIONS }, (_, i) => joinGroupMember(bootstrap, `hb-many-${run}-${i}`, SESSION_MS)));
  try {
    const f1 = await measureAsync(
      `wire.heartbeat.1.${kind}`,
      `${LABEL[kind]}: heartbeats, 1 connection`,
      async () => {
        const t0 = performance.now();
        await heartbeats(one, HEARTBEATS_ONE, flag('--sabotage'));
        return performance.now() - t0;
      },
      { work: HEARTBEATS_ONE },
    );
    const f50 = await measureAsync(
      `wire.heartbeat.${CONNECTIONS}.${kind}`,
      `${LABEL[kind]}: heartbeats, ${CONNECTIONS} connections (${CONNECTIONS} groups)`,
      async () => {
        const t0 = performance.now();
        await Promise.all(many.map((m) => heartbeats(m, HEARTBEATS_EACH, flag('--sabotage'))));
        return performance.now() - t0;
      },
      { work: CONNECTIONS * HEARTBEATS_EACH },
    );
    return [f1, f50];
  } finally {
    for (const m of [one, ...many]) m.connection.close();
  }
}

async function kafkajsFigures(kind: PeerKind, bootstrap: string): Promise<Figure[]> {
  await produceRecords(bootstrap);
  let n = 0;
  const consumeMs: number[] = [];
  const wall = await measureAsync(
    `wire.kafkajs.${kind}`,
    `${LABEL[kind]}: kafkajs group of 3, 100k records`,
    async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          const times = await consumeOnce(bootstrap, `kjs-${Date.now()}-${++n}`);
          consumeMs.push(times.consumeMs);
          return times.wallMs;
        } catch (e) {
          if (kind !== 'mock' || attempt >= 3) throw e;
          console.error(`  (mock: kafkajs run failed, retrying: ${(e as Error).message})`);
        }
      }
    },
    { exactRuns: KAFKAJS_RUNS },
  );
  // The same runs, from the first record to the last (the first sample was the warm-up).
  const consume = timeFigure(`wire.kafkajs-consume.${kind}`, `${LABEL[kind]}: kafkajs group, first to last record`, consumeMs.slice(1));
  return [wall, consume];
}

async function peerFigures(kind: PeerKind): Promise<Figure[]> {
  const figures = [await readyFigure(kind)];
  const peer = await startPeer(kind, { timeoutS: 600, topics: [`${TOPIC}:${PARTITIONS}`] });
  try {
    figures.push(...(await heartbeatFigures(kind, peer.bootstrap)));
    figures.push(...(await kafkajsFigures(kind, peer.bootstrap)));
  } finally {
    await peer.stop();
  }
  return figures;
}

await runSuite('wire', async () => {
  try {
    const figures = await peerFigures('kgspec');
    if (mockClusterPath() === undefined) console.error(`  librdkafka mock cluster not found: its rows are skipped; ${MOCK_BUILD_HINT}`);
    else figures.push(...(await peerFigures('mock')));
    return figures;
  } finally {
    await stopAllPeers();
  }
});
process.exit(0);
