/**
 * `kgspec serve` as a CLI command: its options for the help and the parser, then
 * {@link runServe} with them.
 */
import { brokerConfigTable } from './broker-options.js';
import type { CliCommand, CliValues } from './command.js';
import { UsageError } from './command.js';

/** The flags of `serve` back as an argument list, in the order given to `parseServeArgs`. */
function serveArgs(values: CliValues): string[] {
  const args: string[] = [];
  for (const name of ['port', 'brokers', 'host', 'config-file', 'log-level', 'control-port']) {
    const v = values[name];
    if (typeof v === 'string') args.push(`--${name}`, v);
  }
  if (values['check-clients'] === true) args.push('--check-clients');
  const configs = values['config'];
  for (const c of Array.isArray(configs) ? configs : []) args.push('--config', c as string);
  return args;
}

/** The `serve` command. */
export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'a Kafka-compatible broker on localhost for real clients (kafkajs, kcat, Python, librdkafka)',
  description:
    'A Kafka-compatible broker for real clients (kafkajs, kcat, Python, ...): the in-memory cluster,\n' +
    'one listener per broker on consecutive ports (--port 0: free ports), following the system\n' +
    'clock. Prints BOOTSTRAP host:port,... and READY; stops on SIGINT/SIGTERM. Takes fault commands\n' +
    "(type 'help') on standard input and on --control-port, one per line, each answered ok/error. Broker configs\n" +
    'this server does not have (broker.id, log.dirs, ...) are accepted with one warning.',
  options: {
    port: { type: 'string', value: '9092', description: 'the first listener port (0: free ports)' },
    brokers: { type: 'string', value: '1', description: 'how many brokers (listeners)' },
    host: { type: 'string', value: '127.0.0.1', description: 'the address to listen on' },
    config: { type: 'string', multiple: true, value: 'key=value', description: 'a broker config (repeatable)' },
    'config-file': { type: 'string', value: 'server.properties', description: 'broker configs in a properties file' },
    'log-level': { type: 'string', value: 'info', choices: ['error', 'warn', 'info', 'debug'], description: 'how much to log on stderr' },
    'control-port': { type: 'string', value: 'N', description: 'also take commands (crash, restart, move-coordinator, add-partitions, offline, online, expel, pause, status, help) on this 127.0.0.1 TCP port, one per line; standard input always takes them' },
    'check-clients': { type: 'boolean', description: "check every consumer-group member's obligations (spec/client-obligations.md): each violation as it happens, a summary per member on exit" },
  },
  epilog: brokerConfigTable,
  async run(values, io) {
    const { parseServeArgs, runServe } = await import('./serve.js');
    const args = serveArgs(values);
    try {
      parseServeArgs(args);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    return runServe(args, io);
  },
};
