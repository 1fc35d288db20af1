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
});

/** `offsets.retention.minutes` in milliseconds, as Kafka's `offsetsRetentionMs()` computes it. */
export function offsetsRetentionMs(config: GroupCoordinatorConfig): number {
  return config.offsetsRetentionMinutes * 60_000;
}

/** Kafka property names of the configurable fields. */
export const KAFKA_CONFIG_NAMES = {
  'group.initial.rebalance.delay.ms': 'initialRebalanceDelayMs',
  'group.min.session.timeout.ms': 'minSessionTimeoutMs',
  'group.max.session.timeout.ms': 'maxSessionTimeoutMs',
  'group.max.size': 'maxSize',
  'offsets.retention.minutes': 'offsetsRetentionMinutes',
  'offsets.retention.check.interval.ms': 'offsetsRetentionCheckIntervalMs',
  'offset.metadata.max.bytes': 'offsetMetadataMaxBytes',
} as const satisfies Record<string, keyof GroupCoordinatorConfig>;

/** Properties whose Kafka definition requires a value of at least 1 (`atLeast(1)`). */
const AT_LEAST_ONE: ReadonlySet<string> = new Set(['offsets.retention.minutes', 'offsets.retention.check.interval.ms']);

/**
 * Builds a config from Kafka-named properties over the defaults.
 *
 * @throws Error naming the key for an unknown key or a value that is not a non-negative int32.
 */
export function configFromKafkaProperties(props: Readonly<Record<string, string | number>>): GroupCoordinatorConfig {
  const out: Record<string, number> = { ...DEFAULT_CONFIG };
  for (const [key, raw] of Object.entries(props)) {
    const field = (KAFKA_CONFIG_NAMES as Record<string, keyof GroupCoordinatorConfig>)[key];
    if (field === undefined) {
      throw new Error(`unknown broker config '${key}' (known: ${Object.keys(KAFKA_CONFIG_NAMES).join(', ')})`);
    }
    const value = typeof raw === 'number' ? raw : Number(raw.trim());
    if (!Number.isInteger(value) || value < 0 || value > 2_147_483_647 || (typeof raw === 'string' && raw.trim() === '')) {
      throw new Error(`broker config '${key}' must be an integer between 0 and 2147483647, got '${raw}'`);
    }
    if (AT_LEAST_ONE.has(key) && value < 1) throw new Error(`broker config '${key}' must be at least 1, got '${raw}'`);
    out[field] = value;
  }
  if (out['minSessionTimeoutMs']! > out['maxSessionTimeoutMs']!) {
    throw new Error(`broker config 'group.min.session.timeout.ms' must not exceed 'group.max.session.timeout.ms'`);
  }
  return Object.freeze(out as unknown as GroupCoordinatorConfig);
}
