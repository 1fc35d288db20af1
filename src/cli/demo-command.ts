/**
 * `kgspec demo`: the story of four consumers on the in-memory cluster, as a timeline.
 */
import { writeFileSync } from 'node:fs';
import { BROKER_OPTIONS, brokerConfigFromValues, brokerConfigTable } from './broker-options.js';
import type { CliCommand } from './command.js';

/** The `demo` command. */
export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'four KafkaConsumers on a 3-broker in-memory cluster: joins, an expulsion, a coordinator failover',
  description:
    'Four KafkaConsumers on the 3-broker in-memory cluster (virtual time): joins, a late member,\n' +
    'a crash expelled after its session timeout, a coordinator failover. Prints the timeline;\n' +
    '--protocol consumer tells the same story with a KIP-848 consumer group;\n' +
    '--sequence also writes a Mermaid sequence diagram of the exchange.',
  options: {
    sequence: { type: 'string', value: 'out.mmd', outputPath: true, description: 'also write a Mermaid sequence diagram of the run' },
    protocol: { type: 'string', choices: ['classic', 'consumer'], description: 'the group protocol: classic (default) or consumer (KIP-848)' },
    ...BROKER_OPTIONS,
  },
  epilog: brokerConfigTable,
  async run(values, io) {
    const config = brokerConfigFromValues(values);
    // The cluster and the consumers load only when the command runs, so `kgspec --help` stays fast.
    const [{ runDemoEntries, timelineLines }, { sequenceDiagram }] = await Promise.all([import('./demo.js'), import('./sequence.js')]);
    const protocol = values['protocol'] === 'consumer' ? 'consumer' : 'classic';
    const entries = runDemoEntries(config, { protocol });
    for (const line of timelineLines(entries)) io.out(line);
    const sequencePath = values['sequence'];
    if (typeof sequencePath === 'string') {
      writeFileSync(sequencePath, sequenceDiagram(entries));
      io.err(`sequence diagram written to ${sequencePath}`);
    }
    return 0;
  },
};
