/**
 * @platformatic/kafka 1.35 with `groupProtocol: 'consumer'` runs a KIP-848 consumer group against
 * the wire server: three members, one leaving, one killed and fenced by its session timeout.
 * Skipped, saying why, while the coordinator answers ConsumerGroupHeartbeat with
 * UNSUPPORTED_VERSION.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runGroupScenario } from './group-harness.js';
import { consumerGroupStable, heartbeatLog, KIP848_CONFIG, kip848Unavailable } from './kip848-harness.js';

const MEMBER = fileURLToPath(new URL('./members/platformatic-kip848-member.mjs', import.meta.url));
let installed = true;
try {
  createRequire(import.meta.url).resolve('@platformatic/kafka');
} catch {
  installed = false;
  console.warn('@platformatic/kafka is not installed, skipping its KIP-848 test: npm install --save-exact --save-dev @platformatic/kafka@1.35.0');
}

describe('@platformatic/kafka (groupProtocol consumer) against the wire server', () => {
  it.skipIf(!installed)('[SRV-17] [WIRE-11] three KIP-848 members split the partitions, consume exactly once, survive a leave and a kill', async (ctx) => {
    const unavailable = await kip848Unavailable();
    if (unavailable !== undefined) {
      console.warn(`skipping the @platformatic/kafka KIP-848 test: ${unavailable}`);
      ctx.skip(unavailable);
    }
    const log = heartbeatLog();
    const summary = await runGroupScenario({
      client: 'platformatic-kip848',
      member: (bootstrap, group, topic, name) => ({ command: process.execPath, args: [MEMBER, bootstrap, group, topic, name] }),
      config: KIP848_CONFIG,
      settled: consumerGroupStable,
      tap: log.tap,
      settleMs: 1500,
    });
    // Only ConsumerGroupHeartbeat: no classic group request, and the SIGTERMed member left with epoch -1.
    expect(log.classicRequests(), log.summary().join('\n')).toBe(0);
    expect(log.leaves(), log.summary().join('\n')).toBeGreaterThanOrEqual(1);
    console.log(`@platformatic/kafka KIP-848: ${JSON.stringify(summary)}\n  ${log.summary().join('\n  ')}`);
  }, 120_000);
});
