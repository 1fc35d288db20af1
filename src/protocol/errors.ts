/**
 * Every Kafka error code this project answers with (the group APIs and the in-memory
 * cluster's replication, produce/fetch, Metadata, ListOffsets, topic admin and
 * FindCoordinator), with Kafka's numeric codes and whether a client may retry the same request.
 *
 * @remarks
 * One table, `{ code, name, retriable }`, as CONTRIBUTING.md rule 7 asks; names, codes and the
 * retriable flags are Kafka's (`clients/.../common/protocol/Errors.java`: an exception that
 * extends `RetriableException` is retriable). Protocol outcomes are data: a handler puts the
 * code in its response and never throws for it. Cluster methods return errors by name
 * (`{ error: 'NOT_LEADER_OR_FOLLOWER' }`); the typed request handlers put the number in the response.
 * @see spec/errors.md
 * @see spec/cluster.md
 */
export const ERRORS = {
  UNKNOWN_SERVER_ERROR: { code: -1, retriable: false },
  NONE: { code: 0, retriable: false },
  OFFSET_OUT_OF_RANGE: { code: 1, retriable: false },
  CORRUPT_MESSAGE: { code: 2, retriable: true },
  UNKNOWN_TOPIC_OR_PARTITION: { code: 3, retriable: true },
  LEADER_NOT_AVAILABLE: { code: 5, retriable: true },
  NOT_LEADER_OR_FOLLOWER: { code: 6, retriable: true },
  REQUEST_TIMED_OUT: { code: 7, retriable: true },
  OFFSET_METADATA_TOO_LARGE: { code: 12, retriable: false },
  COORDINATOR_LOAD_IN_PROGRESS: { code: 14, retriable: true },
  COORDINATOR_NOT_AVAILABLE: { code: 15, retriable: true },
  NOT_COORDINATOR: { code: 16, retriable: true },
  INVALID_TOPIC_EXCEPTION: { code: 17, retriable: false },
  NOT_ENOUGH_REPLICAS: { code: 19, retriable: true },
  NOT_ENOUGH_REPLICAS_AFTER_APPEND: { code: 20, retriable: true },
  ILLEGAL_GENERATION: { code: 22, retriable: false },
  INCONSISTENT_GROUP_PROTOCOL: { code: 23, retriable: false },
  INVALID_GROUP_ID: { code: 24, retriable: false },
  UNKNOWN_MEMBER_ID: { code: 25, retriable: false },
  INVALID_SESSION_TIMEOUT: { code: 26, retriable: false },
  REBALANCE_IN_PROGRESS: { code: 27, retriable: false },
  GROUP_AUTHORIZATION_FAILED: { code: 30, retriable: false },
  UNSUPPORTED_VERSION: { code: 35, retriable: false },
  TOPIC_ALREADY_EXISTS: { code: 36, retriable: false },
  INVALID_PARTITIONS: { code: 37, retriable: false },
  INVALID_REPLICATION_FACTOR: { code: 38, retriable: false },
  INVALID_REQUEST: { code: 42, retriable: false },
  NON_EMPTY_GROUP: { code: 68, retriable: false },
  GROUP_ID_NOT_FOUND: { code: 69, retriable: false },
  FENCED_LEADER_EPOCH: { code: 74, retriable: true },
  UNKNOWN_LEADER_EPOCH: { code: 75, retriable: true },
  UNSUPPORTED_COMPRESSION_TYPE: { code: 76, retriable: false },
  OFFSET_NOT_AVAILABLE: { code: 78, retriable: true },
  MEMBER_ID_REQUIRED: { code: 79, retriable: false },
  PREFERRED_LEADER_NOT_AVAILABLE: { code: 80, retriable: true },
  GROUP_MAX_SIZE_REACHED: { code: 81, retriable: false },
  FENCED_INSTANCE_ID: { code: 82, retriable: false },
  ELECTION_NOT_NEEDED: { code: 84, retriable: true },
  GROUP_SUBSCRIBED_TO_TOPIC: { code: 86, retriable: false },
  INVALID_RECORD: { code: 87, retriable: false },
  UNSTABLE_OFFSET_COMMIT: { code: 88, retriable: true },
  UNKNOWN_TOPIC_ID: { code: 100, retriable: true },
  FENCED_MEMBER_EPOCH: { code: 110, retriable: false },
  UNRELEASED_INSTANCE_ID: { code: 111, retriable: false },
  UNSUPPORTED_ASSIGNOR: { code: 112, retriable: false },
  STALE_MEMBER_EPOCH: { code: 113, retriable: false },
  INVALID_REGULAR_EXPRESSION: { code: 128, retriable: false },
} as const;

/** The name of a Kafka error, e.g. `UNKNOWN_MEMBER_ID`. */
export type ErrorName = keyof typeof ERRORS;

/** A numeric Kafka error code, e.g. `25`. */
export type ErrorCode = (typeof ERRORS)[ErrorName]['code'];

/** Error codes by name: `ErrorCodes.UNKNOWN_MEMBER_ID === 25`. */
export const ErrorCodes: { readonly [K in ErrorName]: (typeof ERRORS)[K]['code'] } = Object.fromEntries(
  Object.entries(ERRORS).map(([name, e]) => [name, e.code]),
) as { readonly [K in ErrorName]: (typeof ERRORS)[K]['code'] };

const NAMES_BY_CODE = new Map<number, ErrorName>(
  (Object.keys(ERRORS) as ErrorName[]).map((name) => [ERRORS[name].code, name]),
);

/** The Kafka name of a numeric error code, or `UNKNOWN(<code>)` for a code outside the table. */
export function errorName(code: number): string {
  return NAMES_BY_CODE.get(code) ?? `UNKNOWN(${code})`;
}

/** Whether Kafka marks the error as retriable (the same request may succeed later). */
export function isRetriable(code: number): boolean {
  const name = NAMES_BY_CODE.get(code);
  return name === undefined ? false : ERRORS[name].retriable;
}
