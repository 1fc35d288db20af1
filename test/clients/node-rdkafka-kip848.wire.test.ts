/**
 * node-rdkafka 3.6.1 (librdkafka 2.12.0) with `group.protocol=consumer` runs a KIP-848 consumer
 * group against the wire server: three members, one leaving, one killed and fenced by its session
 * timeout. Built outside the project's dependencies, as for the classic test
 * (node-rdkafka.wire.test.ts). Skipped, saying why, while the coordinator answers
 * ConsumerGroupHeartbeat with UNSUPPORTED_VERSION.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startKafka } from '../../src/wire/server/index.js';
import { Member, runGroupScenario, until } from './group-harness.js';
import { consumerGroupStable, heartbeatLog, KIP848_CONFIG, kip848Unavailable } from './kip848-harness.js';

const MEMBER = fileURLToPath(new URL('./members/node-rdkafka-kip848-member.cjs', import.meta.url));
const CLIENTS = process.env['KGSPEC_CLIENTS_DIR'] ?? '/opt/kgspec-clients';
const MODULE = join(CLIENTS, 'node_modules', 'node-rdkafka');
const installed = existsSync(join(MODULE, 'build', 'Release', 'node-librdkafka.node'));
if (!installed) {
  console.warn(`node-rdkafka is not built, skipping its KIP-848 test: mkdir -p ${CLIENTS} && cd ${CLIENTS} && npm init -y && npm install node-rdkafka@3.6.1 (about 3 minutes)`);
}

describe('node-rdkafka (group.protocol=consumer) against the wire server', () => {
  it.skipIf(!installed)('[SRV-17] [WIRE-11] three KIP-848 members split the partitions, consume exactly once, survive a leave and a kill', async (ctx) => {
    const unavailable = await kip848Unavailable();
    if (unavailable !== undefined) {
      console.warn(`skipping the node-rdkafka KIP-848 test: ${unavailable}`);
      ctx.skip(unavailable);
    }
    const log = heartbeatLog();
    const summary = await runGroupScenario({
      client: 'node-rdkafka-kip848',
      member: (bootstrap, group, topic, name) => ({ command: process.execPath, args: [MEMBER, bootstrap, group, topic, name], env: { NODE_RDKAFKA: MODULE } }),
      config: KIP848_CONFIG,
      settled: consumerGroupStable,
      tap: log.tap,
      phaseTimeoutMs: 30_000,
    });
    // Only ConsumerGroupHeartbeat: no classic group request, and the SIGTERMed member left with epoch -1.
    expect(log.classicRequests(), log.summary().join('\n')).toBe(0);
    expect(log.leaves(), log.summary().join('\n')).toBeGreaterThanOrEqual(1);
    console.log(`node-rdkafka KIP-848: ${JSON.stringify(summary)}\n  ${log.summary().join('\n  ')}`);
  }, 150_000);
});

describe('node-rdkafka (group.protocol=consumer) and a deleted topic', () => {
  it.skipIf(!installed)('[SRV-18] [SRV-17] a member subscribed to a topic that is deleted is told to revoke its partitions and moves to the next epoch', async (ctx) => {
    const unavailable = await kip848Unavailable();
    if (unavailable !== undefined) ctx.skip(unavailable);
    const epochs: number[] = [];
    const server = await startKafka({
      brokers: 1,
      config: { ...KIP848_CONFIG, 'auto.create.topics.enable': false },
      tap: (e) => {
        if (e.response?.api === 'ConsumerGroupHeartbeat' && e.response.errorCode === 0) epochs.push(e.response.memberEpoch);
      },
    });
    const member = new Member('m1', { command: process.execPath, args: [MEMBER, server.bootstrap, 'deleted-topic-group', 'doomed', 'm1'], env: { NODE_RDKAFKA: MODULE } });
    try {
      expect(await server.command('create-topic doomed 2')).toMatch(/^ok /);
      await until('the member to own both partitions', () => member.assigned?.length === 2, 30_000, () => member.output);
      const before = Math.max(...epochs);
      expect(await server.command('delete-topic doomed')).toMatch(/^ok /);
      await until('the member to give the partitions up', () => member.assigned?.length === 0, 30_000, () => member.output);
      await until('the member to reach the next epoch', () => Math.max(...epochs) > before, 30_000, () => `${member.output}\nepochs ${epochs.join(',')}`);
    } finally {
      await member.stop('SIGKILL');
      await server.close();
    }
  }, 90_000);
});
