/**
 * Broker properties by Kafka's names (`server.properties`, `--config key=value`) to server
 * options: the group coordinator's configs plus the few server-level ones this server has.
 *
 * @remarks
 * Keys that are Kafka's but not ours (`broker.id`, `log.dirs`, `listeners`, ...) are returned
 * as `unknown`, so that `kgspec serve` can accept a real `server.properties` with one warning
 * naming them (SRV-06), while `startKafka` refuses them.
 * @see spec/server.md SRV-06
 */
import { configFromKafkaProperties, KAFKA_CONFIG_NAMES } from '../../protocol/config.js';
import type { WireServerOptions } from './server.js';

/** The server-level properties this server reads, with Kafka's defaults. */
export const SERVER_PROPERTY_DEFAULTS = {
  'auto.create.topics.enable': 'true',
  'num.partitions': '1',
  'default.replication.factor': '1',
  'offsets.topic.num.partitions': '50',
  'offsets.topic.replication.factor': '3',
  'socket.request.max.bytes': '104857600',
  'connections.max.idle.ms': '600000',
} as const;

type ServerKey = keyof typeof SERVER_PROPERTY_DEFAULTS;

/** Server options read from properties (all but the codec and the listeners). */
export type PropertyOptions = Pick<
  WireServerOptions,
  'config' | 'autoCreateTopics' | 'numPartitions' | 'defaultReplicationFactor' | 'offsetsTopicPartitions' | 'offsetsTopicReplicationFactor' | 'socketRequestMaxBytes' | 'connectionsMaxIdleMs'
>;

/**
 * Reads `props`: the options, and the keys that are not ours (sorted).
 *
 * @throws Error naming the key for a value of ours that is invalid.
 */
export function serverOptionsFromProperties(props: Readonly<Record<string, string>>): { options: PropertyOptions; unknown: string[] } {
  const group: Record<string, string> = {};
  const server: Partial<Record<ServerKey, string>> = {};
  const unknown: string[] = [];
  for (const [key, value] of Object.entries(props)) {
    if (key in KAFKA_CONFIG_NAMES) group[key] = value;
    else if (key in SERVER_PROPERTY_DEFAULTS) server[key as ServerKey] = value;
    else unknown.push(key);
  }
  const auto = server['auto.create.topics.enable']?.trim().toLowerCase() ?? 'true';
  if (auto !== 'true' && auto !== 'false') throw new Error(`broker config 'auto.create.topics.enable' must be true or false, got '${auto}'`);
  const int = (key: ServerKey, min: number): number => {
    const raw = server[key] ?? SERVER_PROPERTY_DEFAULTS[key];
    const n = Number(raw.trim());
    if (raw.trim() === '' || !Number.isInteger(n) || n < min || n > 2_147_483_647) {
      throw new Error(`broker config '${key}' must be an integer between ${min} and 2147483647, got '${raw}'`);
    }
    return n;
  };
  return {
    options: {
      config: configFromKafkaProperties(group),
      autoCreateTopics: auto === 'true',
      numPartitions: int('num.partitions', 1),
      defaultReplicationFactor: int('default.replication.factor', 1),
      offsetsTopicPartitions: int('offsets.topic.num.partitions', 1),
      offsetsTopicReplicationFactor: int('offsets.topic.replication.factor', 1),
      socketRequestMaxBytes: int('socket.request.max.bytes', 1),
      connectionsMaxIdleMs: int('connections.max.idle.ms', 1),
    },
    unknown: unknown.sort(),
  };
}

/**
 * Reads a `.properties` text (`key=value` or `key: value`, `#` and `!` comments).
 *
 * @throws Error naming the line that is not a property.
 */
export function parseProperties(text: string, source: string): Record<string, string> {
  const props: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const t = line.trim();
    if (t === '' || t.startsWith('#') || t.startsWith('!')) continue;
    const eq = t.search(/[=:]/);
    if (eq <= 0) throw new Error(`${source}: cannot read line '${t}' (expected key=value)`);
    props[t.slice(0, eq).trim()] = t.slice(eq + 1).trim();
  }
  return props;
}
