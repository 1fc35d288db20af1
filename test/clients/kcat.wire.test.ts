/** kcat 1.7.1 (librdkafka 2.0.2, Debian) runs a balanced consumer group against the wire server. */
import { describe, it } from 'vitest';
import { runGroupScenario, runs } from './group-harness.js';

const installed = runs('kcat', ['-V']);
if (!installed) console.warn('kcat is not installed, skipping its tests: apt-get install -y kcat');

describe('kcat against the wire server', () => {
  it.skipIf(!installed)('[SRV-14] [SRV-05] three kcat -G members split the partitions, consume exactly once, survive a leave and a kill', async () => {
    await runGroupScenario({
      client: 'kcat',
      member: (bootstrap, group, topic, name) => ({
        command: 'kcat',
        args: ['-b', bootstrap, '-G', group, topic, '-u', '-f', 'CONSUMED %p %o %s\\n', '-X', `client.id=${name}`, '-X', 'auto.offset.reset=earliest',
          '-X', 'session.timeout.ms=3000', '-X', 'heartbeat.interval.ms=300', '-X', 'fetch.wait.max.ms=100', '-X', 'topic.metadata.refresh.interval.ms=1000'],
      }),
    });
  }, 90_000);
});
