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
import { runGroupScenario } from './group-harness.js';
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
