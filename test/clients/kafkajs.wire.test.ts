/** kafkajs 2.2.4 (the must-have client) runs a consumer group against `kgspec serve`. */
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { runGroupScenario } from './group-harness.js';

const MEMBER = fileURLToPath(new URL('./members/kafkajs-member.mjs', import.meta.url));

describe('kafkajs 2.2.4 against the wire server', () => {
  it('[SRV-14] [SRV-01] [SRV-07] three members split the partitions, consume exactly once, survive a leave and a kill', async () => {
    await runGroupScenario({ client: 'kafkajs', member: (bootstrap, group, topic, name) => ({ command: process.execPath, args: [MEMBER, bootstrap, group, topic, name] }) });
  }, 90_000);
});
