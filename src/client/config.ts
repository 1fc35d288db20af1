/**
 * The consumer's configuration: Kafka's `ConsumerConfig` keys and defaults (Kafka 3.x), checked
 * once at construction.
 *
 * @remarks
 * Unknown keys, values of the wrong type or range, `heartbeat.interval.ms` not below
 * `session.timeout.ms`, unknown assignor names and assignors without a common rebalance
 * protocol are refused with a {@link ConsumerError} of kind `InvalidConfig` naming the key.
 * The rebalance timeout sent in JoinGroup is `max.poll.interval.ms`, as in Kafka.
 * @see spec/consumer-member.md CL-33
 * @packageDocumentation
 */
import { cooperativeStickyAssignor } from '../protocol/assignors/cooperative-sticky.js';
import { rangeAssignor } from '../protocol/assignors/range.js';
import { selectRebalanceProtocol } from '../protocol/assignors/rebalance-protocol.js';
import { roundRobinAssignor } from '../protocol/assignors/round-robin.js';
import { stickyAssignor } from '../protocol/assignors/sticky.js';
import type { PartitionAssignor, RebalanceProtocol } from '../protocol/assignors/types.js';
import { parseBootstrapServers, type NodeAddress } from '../transport/client-transport.js';
import { ConsumerError } from './errors.js';

/** `auto.offset.reset`. */
export type OffsetResetStrategy = 'earliest' | 'latest' | 'none';

/** The configuration a `KafkaConsumer` takes (Kafka's key names). */
export interface ConsumerConfig {
  /**
   * `host:port` addresses to start from (a list, or one comma-separated string); required by
   * `KafkaConsumer`. The in-memory cluster's are `kafka.bootstrapServers`.
   */
  readonly 'bootstrap.servers'?: readonly string[] | string;
  readonly 'group.id': string;
  /** Default `consumer-<group.id>-<n>`, n counting the consumers on one scheduler from 1. */
  readonly 'client.id'?: string;
  /** Static membership (KIP-345); null or absent: a dynamic member. */
  readonly 'group.instance.id'?: string | null;
  /** 45000. */
  readonly 'session.timeout.ms'?: number;
  /** 3000; must be below `session.timeout.ms`. */
  readonly 'heartbeat.interval.ms'?: number;
  /** 300000; also the rebalance timeout sent in JoinGroup. */
  readonly 'max.poll.interval.ms'?: number;
  /**
   * `['range', 'cooperative-sticky']`; names, Java class names or assignor objects (a custom
   * assignor, as Java takes a class of its own), in preference order (a comma-separated string
   * works too).
   */
  readonly 'partition.assignment.strategy'?: readonly (string | PartitionAssignor)[] | string;
  /** true. */
  readonly 'enable.auto.commit'?: boolean;
  /** 5000. */
  readonly 'auto.commit.interval.ms'?: number;
  /** 'latest'. */
  readonly 'auto.offset.reset'?: OffsetResetStrategy;
  /** 500. */
  readonly 'max.poll.records'?: number;
  /** 500: how long a broker holds a fetch that has no record. */
  readonly 'fetch.max.wait.ms'?: number;
  /** 1: the broker answers a fetch once it has any record. */
  readonly 'fetch.min.bytes'?: number;
  /** 300000: how often metadata is refreshed (the leader's partition-count check). */
  readonly 'metadata.max.age.ms'?: number;
  /** 100. */
  readonly 'retry.backoff.ms'?: number;
  /** 30000. */
  readonly 'request.timeout.ms'?: number;
  /** 60000: the bound of `commitSync`. */
  readonly 'default.api.timeout.ms'?: number;
  /** '' (none): the rack sent in the subscription (KIP-881). */
  readonly 'client.rack'?: string;
  /** 'classic' (default): JoinGroup/SyncGroup; 'consumer': KIP-848's ConsumerGroupHeartbeat (CL-35). */
  readonly 'group.protocol'?: GroupProtocol;
  /** null (default: the coordinator's first assignor): the server assignor a KIP-848 member asks for, e.g. 'uniform' or 'range'. */
  readonly 'group.remote.assignor'?: string | null;
}

/** `group.protocol`: which group protocol the consumer speaks (KIP-848). */
export type GroupProtocol = 'classic' | 'consumer';

/** Every key with a value: what the consumer runs with. */
export interface ResolvedConsumerConfig {
  /** The bootstrap servers as nodes -1, -2, ... in the order given (empty when none was set). */
  readonly bootstrapServers: readonly NodeAddress[];
  readonly groupId: string;
  readonly clientId: string;
  readonly groupInstanceId: string | null;
  readonly sessionTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  readonly maxPollIntervalMs: number;
  /** The configured assignors, in preference order. */
  readonly assignors: readonly PartitionAssignor[];
  /** The rebalance protocol every assignor supports with the highest id (KIP-429). */
  readonly protocol: RebalanceProtocol;
  readonly enableAutoCommit: boolean;
  readonly autoCommitIntervalMs: number;
  readonly autoOffsetReset: OffsetResetStrategy;
  readonly maxPollRecords: number;
  readonly fetchMaxWaitMs: number;
  readonly fetchMinBytes: number;
  readonly metadataMaxAgeMs: number;
  readonly retryBackoffMs: number;
  readonly requestTimeoutMs: number;
  readonly defaultApiTimeoutMs: number;
  readonly clientRack: string | null;
  readonly groupProtocol: GroupProtocol;
  readonly groupRemoteAssignor: string | null;
}

/** The assignors a consumer can name, by protocol name and by Java class name. */
const ASSIGNORS: ReadonlyMap<string, PartitionAssignor> = new Map([
  ['range', rangeAssignor],
  ['roundrobin', roundRobinAssignor],
  ['sticky', stickyAssignor],
  ['cooperative-sticky', cooperativeStickyAssignor],
  ['org.apache.kafka.clients.consumer.RangeAssignor', rangeAssignor],
  ['org.apache.kafka.clients.consumer.RoundRobinAssignor', roundRobinAssignor],
  ['org.apache.kafka.clients.consumer.StickyAssignor', stickyAssignor],
  ['org.apache.kafka.clients.consumer.CooperativeStickyAssignor', cooperativeStickyAssignor],
]);

const NUMBERS = {
  'session.timeout.ms': [45_000, 1],
  'heartbeat.interval.ms': [3_000, 1],
  'max.poll.interval.ms': [300_000, 1],
  'auto.commit.interval.ms': [5_000, 0],
  'max.poll.records': [500, 1],
  'fetch.max.wait.ms': [500, 0],
  'fetch.min.bytes': [1, 0],
  'metadata.max.age.ms': [300_000, 0],
  'retry.backoff.ms': [100, 0],
  'request.timeout.ms': [30_000, 0],
  'default.api.timeout.ms': [60_000, 0],
} as const satisfies Record<string, readonly [number, number]>;

type NumberKey = keyof typeof NUMBERS;

const OTHER_KEYS = [
  'bootstrap.servers',
  'group.id',
  'client.id',
  'group.instance.id',
  'partition.assignment.strategy',
  'enable.auto.commit',
  'auto.offset.reset',
  'client.rack',
  'group.protocol',
  'group.remote.assignor',
] as const;

const KNOWN_KEYS: ReadonlySet<string> = new Set<string>([...Object.keys(NUMBERS), ...OTHER_KEYS]);

function invalid(key: string, message: string): ConsumerError {
  return new ConsumerError('InvalidConfig', `Invalid value for configuration ${key}: ${message}`, { key });
}

function numberOf(config: Readonly<Record<string, unknown>>, key: NumberKey): number {
  const [fallback, min] = NUMBERS[key];
  const value = config[key] ?? fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > 2_147_483_647) {
    throw invalid(key, `expected an integer from ${min} to 2147483647, got ${JSON.stringify(value)}`);
  }
  return value;
}

function optionalString(config: Readonly<Record<string, unknown>>, key: string): string | null {
  const value = config[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw invalid(key, `expected a string, got ${JSON.stringify(value)}`);
  return value;
}

/** The nodes of `bootstrap.servers` (none when absent), checked as Kafka's `ClientUtils` does. */
function bootstrapOf(value: unknown): NodeAddress[] {
  const key = 'bootstrap.servers';
  if (value === undefined) return [];
  if (typeof value !== 'string' && (!Array.isArray(value) || value.some((s) => typeof s !== 'string'))) {
    throw invalid(key, 'expected a list of host:port strings');
  }
  try {
    return parseBootstrapServers(value as string | readonly string[]);
  } catch (e) {
    throw invalid(key, (e as Error).message);
  }
}

/** Whether `value` is a custom assignor: a name, its rebalance protocols and an `assign` function. */
function isAssignor(value: unknown): value is PartitionAssignor {
  const a = value as Partial<PartitionAssignor> | null;
  return typeof a === 'object' && a !== null && typeof a.name === 'string' && a.name !== '' && Array.isArray(a.supportedProtocols) && typeof a.assign === 'function';
}

/** The assignors named by `partition.assignment.strategy`, checked (Kafka's ConsumerCoordinator constructor). */
function assignorsOf(value: unknown): { assignors: PartitionAssignor[]; protocol: RebalanceProtocol } {
  const key = 'partition.assignment.strategy';
  const raw = value ?? ['range', 'cooperative-sticky'];
  const names = typeof raw === 'string' ? raw.split(',').map((s) => s.trim()).filter((s) => s !== '') : raw;
  if (!Array.isArray(names) || names.some((n) => typeof n !== 'string' && !isAssignor(n))) throw invalid(key, 'expected a list of assignor names or assignors');
  if (names.length === 0) throw invalid(key, 'at least one assignor is needed to subscribe');
  const assignors: PartitionAssignor[] = [];
  for (const name of names as (string | PartitionAssignor)[]) {
    const assignor = typeof name === 'string' ? ASSIGNORS.get(name) : name;
    if (assignor === undefined) throw invalid(key, `unknown assignor ${JSON.stringify(name)} (known: range, roundrobin, sticky, cooperative-sticky)`);
    if (assignors.some((a) => a.name === assignor.name)) throw invalid(key, `assignor ${JSON.stringify(assignor.name)} is listed twice`);
    assignors.push(assignor);
  }
  try {
    const protocol = selectRebalanceProtocol(assignors);
    return { assignors, protocol: protocol ?? 'EAGER' };
  } catch (e) {
    throw invalid(key, (e as Error).message);
  }
}

/** Keys that one group protocol refuses when set (Kafka's `*_PROTOCOL_UNSUPPORTED_CONFIGS`). */
const UNSUPPORTED_KEYS: Readonly<Record<GroupProtocol, readonly string[]>> = {
  classic: ['group.remote.assignor'],
  // The coordinator owns the session, the heartbeat interval and the assignment in KIP-848.
  consumer: ['partition.assignment.strategy', 'heartbeat.interval.ms', 'session.timeout.ms'],
};

/**
 * CL-52: refuses keys the chosen group protocol does not use, as Kafka's ConsumerConfig does
 * (a set key, not blank), rather than silently ignoring them.
 */
function refuseOtherProtocolKeys(record: Readonly<Record<string, unknown>>, groupProtocol: GroupProtocol): void {
  const set = UNSUPPORTED_KEYS[groupProtocol].filter((k) => record[k] !== undefined && record[k] !== null && String(record[k]).trim() !== '');
  if (set.length > 0) {
    throw new ConsumerError('InvalidConfig', `${set.join(', ')} cannot be set when group.protocol=${groupProtocol.toUpperCase()}`, { key: set[0] as string });
  }
}

/**
 * Checks a consumer config and fills in Kafka's defaults.
 *
 * @param defaultClientId - the client id to use when `client.id` is absent.
 * @throws ConsumerError of kind `InvalidConfig`, naming the key at fault.
 */
export function resolveConsumerConfig(config: ConsumerConfig, defaultClientId: (groupId: string) => string): ResolvedConsumerConfig {
  if (typeof config !== 'object' || config === null) throw invalid('group.id', 'the config must be an object');
  const record = config as unknown as Readonly<Record<string, unknown>>;
  const unknown = Object.keys(record).filter((k) => !KNOWN_KEYS.has(k)).sort();
  if (unknown.length > 0) throw new ConsumerError('InvalidConfig', `Unknown consumer configuration ${unknown.map((k) => JSON.stringify(k)).join(', ')}`, { key: unknown[0] as string });
  const groupId = record['group.id'];
  if (typeof groupId !== 'string' || groupId.trim() === '') throw invalid('group.id', 'a non-empty group id is required to subscribe with group management');
  const groupInstanceId = optionalString(record, 'group.instance.id');
  if (groupInstanceId !== null && groupInstanceId.trim() === '') throw invalid('group.instance.id', 'must not be empty');
  const groupProtocol = record['group.protocol'] ?? 'classic';
  if (groupProtocol !== 'classic' && groupProtocol !== 'consumer') throw invalid('group.protocol', `expected classic or consumer, got ${JSON.stringify(groupProtocol)}`);
  refuseOtherProtocolKeys(record, groupProtocol);
  const sessionTimeoutMs = numberOf(record, 'session.timeout.ms');
  const heartbeatIntervalMs = numberOf(record, 'heartbeat.interval.ms');
  if (heartbeatIntervalMs >= sessionTimeoutMs) {
    throw invalid('heartbeat.interval.ms', `${heartbeatIntervalMs} must be lower than session.timeout.ms (${sessionTimeoutMs})`);
  }
  const autoCommit = record['enable.auto.commit'] ?? true;
  if (typeof autoCommit !== 'boolean') throw invalid('enable.auto.commit', `expected true or false, got ${JSON.stringify(autoCommit)}`);
  const reset = record['auto.offset.reset'] ?? 'latest';
  if (reset !== 'earliest' && reset !== 'latest' && reset !== 'none') throw invalid('auto.offset.reset', `expected earliest, latest or none, got ${JSON.stringify(reset)}`);
  const { assignors, protocol } = assignorsOf(record['partition.assignment.strategy']);
  const rack = optionalString(record, 'client.rack');
  const bootstrapServers = bootstrapOf(record['bootstrap.servers']);
  const remoteAssignor = optionalString(record, 'group.remote.assignor');
  return {
    bootstrapServers,
    groupId,
    clientId: optionalString(record, 'client.id') ?? defaultClientId(groupId),
    groupInstanceId,
    sessionTimeoutMs,
    heartbeatIntervalMs,
    maxPollIntervalMs: numberOf(record, 'max.poll.interval.ms'),
    assignors,
    protocol,
    enableAutoCommit: autoCommit,
    autoCommitIntervalMs: numberOf(record, 'auto.commit.interval.ms'),
    autoOffsetReset: reset,
    maxPollRecords: numberOf(record, 'max.poll.records'),
    fetchMaxWaitMs: numberOf(record, 'fetch.max.wait.ms'),
    fetchMinBytes: numberOf(record, 'fetch.min.bytes'),
    metadataMaxAgeMs: numberOf(record, 'metadata.max.age.ms'),
    retryBackoffMs: numberOf(record, 'retry.backoff.ms'),
    requestTimeoutMs: numberOf(record, 'request.timeout.ms'),
    defaultApiTimeoutMs: numberOf(record, 'default.api.timeout.ms'),
    clientRack: rack === null || rack === '' ? null : rack,
    groupProtocol,
    groupRemoteAssignor: remoteAssignor === '' ? null : remoteAssignor,
  };
}
