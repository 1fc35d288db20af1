/**
 * The broker config options every command that runs a broker takes (`--config key=value`,
 * `--config-file server.properties`), and the help table of the configs, read from the same
 * {@link BROKER_CONFIGS} table the validation reads.
 */
import { readFileSync } from 'node:fs';
import { BROKER_CONFIGS, DEFAULT_CONFIG, configFromKafkaProperties, configRange } from '../protocol/config.js';
import type { GroupCoordinatorConfig } from '../protocol/config.js';
import type { CliOption, CliValues } from './command.js';
import { UsageError } from './command.js';

/** `--config` and `--config-file`, for a command's option table. */
export const BROKER_OPTIONS: Readonly<Record<string, CliOption>> = {
  config: { type: 'string', multiple: true, value: 'key=value', description: 'a broker config, with Kafka\'s name (table below)' },
  'config-file': { type: 'string', value: 'server.properties', description: 'broker configs from a Java properties file' },
};

function readPropertiesFile(file: string, props: Record<string, string>): void {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`--config-file '${file}' cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  for (const line of text.split(/\r?\n/)) {
    const t = line.trim();
    if (t === '' || t.startsWith('#') || t.startsWith('!')) continue;
    const eq = t.search(/[=:]/);
    if (eq <= 0) throw new UsageError(`--config-file '${file}': cannot read line '${t}' (expected key=value)`);
    props[t.slice(0, eq).trim()] = t.slice(eq + 1).trim();
  }
}

/**
 * The broker config given by `--config-file` then `--config` (later wins), over Kafka's defaults.
 *
 * @throws UsageError naming the key and its range for a bad key or value.
 */
export function brokerConfigFromValues(values: CliValues): GroupCoordinatorConfig {
  const props: Record<string, string> = {};
  const file = values['config-file'];
  if (typeof file === 'string') readPropertiesFile(file, props);
  const pairs = values['config'];
  for (const pair of Array.isArray(pairs) ? pairs : []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--config takes key=value, got '${pair}'`);
    props[pair.slice(0, eq).trim()] = pair.slice(eq + 1);
  }
  try {
    return configFromKafkaProperties(props);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** The broker config table of the help: Kafka name, our field, Kafka's default, range. */
export function brokerConfigTable(): string {
  const rows = [['Kafka name', 'field', 'default', 'range (Kafka validator)']];
  for (const c of BROKER_CONFIGS) {
    rows.push([c.name, c.field, String(DEFAULT_CONFIG[c.field]), `${configRange(c)} (${c.kafkaValidator})`]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const lines = rows.map((r) => '  ' + r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  '));
  return ['Broker configs (--config key=value or --config-file; validator "none": Kafka has none, negatives are refused here):', ...lines].join('\n');
}
