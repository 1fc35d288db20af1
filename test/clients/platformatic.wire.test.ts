/**
 * @platformatic/kafka 1.35 (flexible versions only, ApiVersions v3, Fetch by topic id) runs a
 * classic consumer group against the wire server.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { runGroupScenario } from './group-harness.js';

const MEMBER = fileURLToPath(new URL('./members/platformatic-member.mjs', import.meta.url));
let installed = true;
try {
  createRequire(import.meta.url).resolve('@platformatic/kafka');
} catch {
  installed = false;
  console.warn('@platformatic/kafka is not installed, skipping its test: npm install --save-exact --save-dev @platformatic/kafka@1.35.0');
}

describe('@platformatic/kafka against the wire server', () => {
  it.skipIf(!installed)('[SRV-14] [SRV-05] [RP-22] three members split the partitions, consume exactly once, survive a leave and a kill', async () => {
    await runGroupScenario({ client: 'platformatic', member: (bootstrap, group, topic, name) => ({ command: process.execPath, args: [MEMBER, bootstrap, group, topic, name] }), settleMs: 1500 });
  }, 90_000);
});
