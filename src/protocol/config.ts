/**
 * Broker configuration of the group coordinator, with Kafka's defaults.
 *
 * @remarks
 * Field names are camelCase in code; {@link KAFKA_CONFIG_NAMES} maps each to Kafka's own
 * property name, which the CLI accepts.
 */
export interface GroupCoordinatorConfig {
  /** `group.initial.rebalance.delay.ms`: delay of the first rebalance of an Empty group (KIP-134). */
  readonly initialRebalanceDelayMs: number;
  /** `group.min.session.timeout.ms`: smallest session timeout a JoinGroup may ask for. */
  readonly minSessionTimeoutMs: number;
  /** `group.max.session.timeout.ms`: largest session timeout a JoinGroup may ask for. */
  readonly maxSessionTimeoutMs: number;
  /** `group.max.size`: most members a group may have. */
  readonly maxSize: number;
  /**
   * How long a newly added member may wait for its first join phase before it is removed
   * (Kafka's constant `NEW_MEMBER_JOIN_TIMEOUT_MS`, KAFKA-7610). Not a Kafka config.
   */
  readonly newMemberJoinTimeoutMs: number;
  /**
   * `offsets.retention.minutes`: how long a committed offset is kept once its expiration
   * clock runs (KIP-211). At least 1.
   * @see spec/offsets.md EXP-03
   */
  readonly offsetsRetentionMinutes: number;
  /**
   * `offsets.retention.check.interval.ms`: the period of the offsets and group cleanup. At least 1.
   * @see spec/offsets.md EXP-01
   */
  readonly offsetsRetentionCheckIntervalMs: number;
  /**
   * `offset.metadata.max.bytes`: the longest commit metadata accepted, counted in UTF-16 code
   * units as Kafka's `String.length()` counts.
   * @see spec/offsets.md OC-10
   */
  readonly offsetMetadataMaxBytes: number;
  /** `group.consumer.session.timeout.ms`: a consumer-group member heard from within this stays (KIP-848). */
  readonly consumerSessionTimeoutMs: number;
  /** `group.consumer.min.session.timeout.ms`. */
  readonly consumerMinSessionTimeoutMs: number;
  /** `group.consumer.max.session.timeout.ms`. */
  readonly consumerMaxSessionTimeoutMs: number;
  /** `group.consumer.heartbeat.interval.ms`: the interval every heartbeat answer tells the member. */
  readonly consumerHeartbeatIntervalMs: number;
  /** `group.consumer.min.heartbeat.interval.ms`. */
  readonly consumerMinHeartbeatIntervalMs: number;
  /** `group.consumer.max.heartbeat.interval.ms`. */
  readonly consumerMaxHeartbeatIntervalMs: number;
  /** `group.consumer.max.size`: most members a consumer group may have. */
  readonly consumerMaxSize: number;
  /**
   * `group.consumer.assignors`: the server assignors, by name; the first is the default.
   * Kafka takes class names or the short names `uniform` and `range`; only those two exist here.
   */
  readonly consumerAssignors: readonly string[];
}

/** Kafka's defaults. */
export const DEFAULT_CONFIG: GroupCoordinatorConfig = Object.freeze({
  initialRebalanceDelayMs: 3000,
  minSessionTimeoutMs: 6000,
  maxSessionTimeoutMs: 1_800_000,
  maxSize: 2_147_483_647,
  newMemberJoinTimeoutMs: 300_000,
  offsetsRetentionMinutes: 10_080,
  offsetsRetentionCheckIntervalMs: 600_000,
  offsetMetadataMaxBytes: 4096,
  consumerSessionTimeoutMs: 45_000,
  consumerMinSessionTimeoutMs: 45_000,
  consumerMaxSessionTimeoutMs: 60_000,
  consumerHeartbeatIntervalMs: 5_000,
  consumerMinHeartbeatIntervalMs: 5_000,
  consumerMaxHeartbeatIntervalMs: 15_000,
  consumerMaxSize: 2_147_483_647,
  consumerAssignors: Object.freeze(['uniform', 'range']),
});

/** `offsets.retention.minutes` in milliseconds, as Kafka's `offsetsRetentionMs()` computes it. */
export function offsetsRetentionMs(config: GroupCoordinatorConfig): number {
  return config.offsetsRetentionMinutes * 60_000;
}

/**
 * One broker config the CLI and the targets accept: Kafka's name, our field, and the range of
 * values accepted.
 *
 * @remarks
 * The range follows the validator of Kafka's `ConfigDef` (`GroupCoordinatorConfig.java`):
 * `atLeast(1)` gives a minimum of 1. Where Kafka declares no validator, negative values are
 * refused here (Kafka would take them and misbehave). Every value is an int32 here.
 */
export interface BrokerConfigDef {
  /** Kafka's property name, e.g. `group.max.size`. */
  readonly name: string;
  /** The field of {@link GroupCoordinatorConfig} it sets. */
  readonly field: NumericConfigField;
  /** Smallest value accepted. */
  readonly min: number;
  /** Largest value accepted. */
  readonly max: number;
  /** The validator in Kafka's `ConfigDef`, as written there (`atLeast(1)`), or `none`. */
  readonly kafkaValidator: string;
}

const INT32_MAX = 2_147_483_647;

/** The fields of {@link GroupCoordinatorConfig} that hold a number. */
export type NumericConfigField = { [K in keyof GroupCoordinatorConfig]: GroupCoordinatorConfig[K] extends number ? K : never }[keyof GroupCoordinatorConfig];

/**
 * The broker configs, in one table that the CLI's help, {@link configFromKafkaProperties} and
 * {@link KAFKA_CONFIG_NAMES} all read, so they cannot drift apart. Defaults are
 * {@link DEFAULT_CONFIG}'s.
 *
 * @see https://github.com/apache/kafka/blob/trunk/group-coordinator/src/main/java/org/apache/kafka/coordinator/group/GroupCoordinatorConfig.java
 */
export const BROKER_CONFIGS: readonly BrokerConfigDef[] = Object.freeze([
  { name: 'group.initial.rebalance.delay.ms', field: 'initialRebalanceDelayMs', min: 0, max: INT32_MAX, kafkaValidator: 'none' },
  { name: 'group.min.session.timeout.ms', field: 'minSessionTimeoutMs', min: 0, max: INT32_MAX, kafkaValidator: 'none' },
  { name: 'group.max.session.timeout.ms', field: 'maxSessionTimeoutMs', min: 0, max: INT32_MAX, kafkaValidator: 'none' },
  { name: 'group.max.size', field: 'maxSize', min: 1, max: INT32_MAX, kafkaValidator: 'atLeast(1)' },
  { name: 'offsets.retention.minutes', field: 'offsetsRetentionMinutes', min: 1, max: INT32_MAX, kafkaValidator: 'atLeast(1)' },
  { name: 'offsets.retention.check.interval.ms', field: 'offsetsRetentionCheckIntervalMs', min: 1, max: INT32_MAX, kafkaValidator: 'atLeast(1)' },
  { name: 'offset.metadata.max.bytes', field: 'offsetMetadataMaxBytes', min: 0, max: INT32_MAX, kafkaValidator: 'none' },
  { name: 'group.consumer.session.timeout.ms', field: 'consumerSessionTimeoutMs', min: 1, max: INT32_MAX, kafkaValidator: 'atLeast(1)' },
  { name: 'group.consumer.min.session.timeout.ms', field: 'consumerMinSessionTimeoutMs', min: 1, max: INT32_MAX, kafkaValidator: 'atLeast(1)' },
  { name: 'group.consumer.max.session.timeout.ms', field: 'consumerMaxSessionTimeoutMs', min: 1, max: INT32_MAX, kafkaValidator: 'atLeast(1)' },
  { name: 'group.consumer.heartbeat.interval.ms', field: 'consumerHeartbeatIntervalMs', min: 1, max: INT32_MAX, kafkaValidator: 'atLeast(1)' },
  { name: 'group.consumer.min.heartbeat.interval.ms', field: 'consumerMinHeartbeatIntervalMs', min: 1, max: INT32_MAX, kafkaValidator: 'atLeast(1)' },
  { name: 'group.consumer.max.heartbeat.interval.ms', field: 'consumerMaxHeartbeatIntervalMs', min: 1, max: INT32_MAX, kafkaValidator: 'atLeast(1)' },
  { name: 'group.consumer.max.size', field: 'consumerMaxSize', min: 1, max: INT32_MAX, kafkaValidator: 'atLeast(1)' },
] as const satisfies readonly BrokerConfigDef[]);

/** Kafka property names of the configurable fields (derived from {@link BROKER_CONFIGS}). */
export const KAFKA_CONFIG_NAMES: Readonly<Record<string, NumericConfigField>> = Object.freeze(
  Object.fromEntries(BROKER_CONFIGS.map((c) => [c.name, c.field])),
);

/** The accepted range of a broker config, as the error messages and the help show it. */
export function configRange(def: BrokerConfigDef): string {
  return `${def.min}..${def.max}`;
}

/**
 * Builds a config from Kafka-named properties over the defaults.
 *
 * @throws Error naming the key for an unknown key or a value that is not an integer within
 * the key's range in {@link BROKER_CONFIGS} (the message names the range).
 */
export function configFromKafkaProperties(props: Readonly<Record<string, string | number>>): GroupCoordinatorConfig {
  const out: Record<string, unknown> = { ...DEFAULT_CONFIG };
  for (const [key, raw] of Object.entries(props)) {
    if (key === 'group.consumer.assignors') {
      out['consumerAssignors'] = Object.freeze(parseAssignorList(String(raw)));
      continue;
    }
    const def = BROKER_CONFIGS.find((c) => c.name === key);
    if (def === undefined) {
      throw new Error(`unknown broker config '${key}' (known: ${BROKER_CONFIGS.map((c) => c.name).join(', ')})`);
    }
    const value = typeof raw === 'number' ? raw : Number(raw.trim());
    if (!Number.isInteger(value) || value < def.min || value > def.max || (typeof raw === 'string' && raw.trim() === '')) {
      const why = def.kafkaValidator === 'none' ? '' : ` (Kafka: ${def.kafkaValidator})`;
      throw new Error(`broker config '${key}' must be an integer in ${configRange(def)}${why}, got '${raw}'`);
    }
    out[def.field] = value;
  }
  if ((out['minSessionTimeoutMs'] as number) > (out['maxSessionTimeoutMs'] as number)) {
    throw new Error(`broker config 'group.min.session.timeout.ms' must not exceed 'group.max.session.timeout.ms'`);
  }
  return Object.freeze(out as unknown as GroupCoordinatorConfig);
}

/** The server assignors this project has (`group.consumer.assignors` may name only these). */
export const SERVER_ASSIGNOR_NAMES: readonly string[] = Object.freeze(['uniform', 'range']);

/**
 * `group.consumer.assignors` as Kafka reads a list config: comma-separated, trimmed, empty items
 * dropped; Kafka's class names of the two built-in assignors map to their short names.
 * @throws Error naming the assignor that does not exist, or for an empty list.
 */
export function parseAssignorList(raw: string): string[] {
  const classNames: Record<string, string> = {
    'org.apache.kafka.coordinator.group.assignor.UniformAssignor': 'uniform',
    'org.apache.kafka.coordinator.group.assignor.RangeAssignor': 'range',
  };
  const names = raw.split(',').map((s) => s.trim()).filter((s) => s !== '').map((s) => classNames[s] ?? s);
  if (names.length === 0) throw new Error(`broker config 'group.consumer.assignors' must name at least one assignor (known: ${SERVER_ASSIGNOR_NAMES.join(', ')})`);
  for (const n of names) {
    if (!SERVER_ASSIGNOR_NAMES.includes(n)) throw new Error(`broker config 'group.consumer.assignors': unknown assignor '${n}' (known: ${SERVER_ASSIGNOR_NAMES.join(', ')})`);
  }
  return names;
}
