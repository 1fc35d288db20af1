/**
 * The Python clients (Debian's python3-confluent-kafka 1.7.0 on librdkafka 2.0.2, and
 * python3-kafka, kafka-python 2.0.2) run consumer groups against the wire server.
 */
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { runGroupScenario, runs } from './group-harness.js';

const PYTHON = '/usr/bin/python3';
const MEMBER = fileURLToPath(new URL('./members/python-member.py', import.meta.url));
const flavours = [
  { flavour: 'confluent', module: 'confluent_kafka', apt: 'python3-confluent-kafka' },
  { flavour: 'kafka-python', module: 'kafka', apt: 'python3-kafka' },
] as const;

describe('Python clients against the wire server', () => {
  for (const { flavour, module, apt } of flavours) {
    const installed = runs(PYTHON, ['-c', `import ${module}`]);
    if (!installed) console.warn(`${module} is not installed, skipping its test: apt-get install -y ${apt} (run with ${PYTHON})`);
    it.skipIf(!installed)(`[SRV-14] ${flavour}: three members split the partitions, consume exactly once, survive a leave and a kill`, async () => {
      await runGroupScenario({
        client: flavour,
        member: (bootstrap, group, topic, name) => ({ command: PYTHON, args: [MEMBER, flavour, bootstrap, group, topic, name], env: { PYTHONUNBUFFERED: '1' } }),
        phaseTimeoutMs: 30_000,
      });
    }, 120_000);
  }
});
