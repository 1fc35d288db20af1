/**
 * `kgspec check-client` as a CLI command: its options for the help and the parser, then
 * {@link runCheckClient} with them.
 */
import { brokerConfigTable } from './broker-options.js';
import type { CliCommand, CliValues } from './command.js';
import { UsageError } from './command.js';
import type { CheckClientArgs } from './check-client.js';

/** A whole number from `min` to `max` given to `--name`. @throws UsageError */
function int(values: CliValues, name: string, fallback: number, min: number, max: number): number {
  const v = values[name];
  if (v === undefined) return fallback;
  const n = Number(v);
  if (typeof v !== 'string' || v.trim() === '' || !Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got '${String(v)}'`);
  return n;
}

/** The checked arguments of `check-client`. @throws UsageError naming what is wrong */
export function checkClientArgs(values: CliValues): CheckClientArgs {
  const command = values['--'];
  if (!Array.isArray(command) || command.length === 0) throw new UsageError('the command to run goes after --, e.g. kgspec check-client -- node examples/my-consumer.js');
  const properties: Record<string, string> = {};
  for (const c of (values['config'] as readonly string[] | undefined) ?? []) {
    const eq = c.indexOf('=');
    if (eq <= 0) throw new UsageError(`--config takes key=value, got '${c}'`);
    properties[c.slice(0, eq).trim()] = c.slice(eq + 1);
  }
  const output = values['output'];
  const grace = values['grace-ms'];
  return {
    command: command as readonly string[],
    members: int(values, 'members', 1, 1, 64),
    format: (values['format'] as CheckClientArgs['format'] | undefined) ?? 'text',
    ...(typeof output === 'string' ? { output } : {}),
    timeoutMs: int(values, 'timeout-ms', 120_000, 1, 86_400_000),
    properties,
    ...(grace !== undefined ? { graceMs: int(values, 'grace-ms', 100, 0, 60_000) } : {}),
  };
}

/** The `check-client` command. */
export const checkClientCommand: CliCommand = {
  name: 'check-client',
  summary: "run your consumer app against a server that checks each member's obligations",
  description:
    'Starts a server on free ports with small timers (group.initial.rebalance.delay.ms=0), runs\n' +
    'N copies of the command with KAFKA_BOOTSTRAP (host:port,...) and KGSPEC_MEMBER (1..N) in\n' +
    'their environment, and reports every obligation of spec/client-obligations.md the members\n' +
    'broke (MUST: protocol violations; SHOULD: at-least-once advice), with the exchanges\n' +
    'involved. Exit code: 1 when a MUST was broken, 3 when the command failed or timed out,\n' +
    '0 otherwise.',
  options: {
    members: { type: 'string', value: 'N', description: 'how many copies of the command to run at once (1)' },
    format: { type: 'string', choices: ['text', 'json', 'junit'], description: 'the report format (text)' },
    output: { type: 'string', value: 'file', outputPath: true, description: 'write the report to a file instead of stdout' },
    'timeout-ms': { type: 'string', value: 'ms', description: 'stop the copies still running after this long (120000)' },
    'grace-ms': { type: 'string', value: 'ms', description: 'how long after an answer a request is not held against it (100, CO-23)' },
    config: { type: 'string', multiple: true, value: 'key=value', description: 'a broker config (repeatable)' },
  },
  rest: { value: '<command...>', description: 'the consumer app to run (e.g. node examples/my-consumer.js)' },
  epilog: brokerConfigTable,
  async run(values, io) {
    const args = checkClientArgs(values);
    const { serverOptionsFromProperties } = await import('../wire/server/properties.js');
    try {
      serverOptionsFromProperties(args.properties);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const { runCheckClient } = await import('./check-client.js');
    return runCheckClient(args, io);
  },
};
