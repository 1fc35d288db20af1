/**
 * node-rdkafka 3.6.1 (librdkafka 2.12.0, classic protocol) runs a consumer group against the
 * wire server. It compiles librdkafka (about 3 minutes), so it is built outside the project's
 * dependencies, in KGSPEC_CLIENTS_DIR (`/opt/kgspec-clients` by default; `.ci/run` builds it).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { runGroupScenario } from './group-harness.js';

const MEMBER = fileURLToPath(new URL('./members/node-rdkafka-member.cjs', import.meta.url));
const CLIENTS = process.env['KGSPEC_CLIENTS_DIR'] ?? '/opt/kgspec-clients';
const MODULE = join(CLIENTS, 'node_modules', 'node-rdkafka');
const installed = existsSync(join(MODULE, 'build', 'Release', 'node-librdkafka.node'));
if (!installed) {
  console.warn(`node-rdkafka is not built, skipping its test: mkdir -p ${CLIENTS} && cd ${CLIENTS} && npm init -y && npm install node-rdkafka@3.6.1 (about 3 minutes)`);
}

describe('node-rdkafka against the wire server', () => {
  it.skipIf(!installed)('[SRV-14] three members split the partitions, consume exactly once, survive a leave and a kill', async () => {
    await runGroupScenario({
      client: 'node-rdkafka',
      member: (bootstrap, group, topic, name) => ({ command: process.execPath, args: [MEMBER, bootstrap, group, topic, name], env: { NODE_RDKAFKA: MODULE } }),
      phaseTimeoutMs: 30_000,
    });
  }, 120_000);
});
