/**
 * Kafka error codes used by the group APIs, with Kafka's numeric codes and whether a
 * client may retry the same request.
 *
 * @remarks
 * One table, `{ code, name, retriable }`, as STYLE.md rule 7 asks. Protocol outcomes are
 * data: a handler puts the code in its response and never throws for it.
 * @see spec/errors.md
 */
export const ERRORS = {
  UNKNOWN_SERVER_ERROR: { code: -1, retriable: false },
  NONE: { code: 0, retriable: false },
  UNKNOWN_TOPIC_OR_PARTITION: { code: 3, retriable: true },
  NOT_LEADER_OR_FOLLOWER: { code: 6, retriable: true },
  REQUEST_TIMED_OUT: { code: 7, retriable: true },
  OFFSET_METADATA_TOO_LARGE: { code: 12, retriable: false },
  COORDINATOR_LOAD_IN_PROGRESS: { code: 14, retriable: true },
  COORDINATOR_NOT_AVAILABLE: { code: 15, retriable: true },
  NOT_COORDINATOR: { code: 16, retriable: true },
  NOT_ENOUGH_REPLICAS: { code: 19, retriable: true },
  ILLEGAL_GENERATION: { code: 22, retriable: false },
  INCONSISTENT_GROUP_PROTOCOL: { code: 23, retriable: false },
  INVALID_GROUP_ID: { code: 24, retriable: false },
  UNKNOWN_MEMBER_ID: { code: 25, retriable: false },
  INVALID_SESSION_TIMEOUT: { code: 26, retriable: false },
  REBALANCE_IN_PROGRESS: { code: 27, retriable: false },
  GROUP_AUTHORIZATION_FAILED: { code: 30, retriable: false },
  UNSUPPORTED_VERSION: { code: 35, retriable: false },
  INVALID_REQUEST: { code: 42, retriable: false },
  NON_EMPTY_GROUP: { code: 68, retriable: false },
  GROUP_ID_NOT_FOUND: { code: 69, retriable: false },
  MEMBER_ID_REQUIRED: { code: 79, retriable: false },
  GROUP_MAX_SIZE_REACHED: { code: 81, retriable: false },
  FENCED_INSTANCE_ID: { code: 82, retriable: false },
  GROUP_SUBSCRIBED_TO_TOPIC: { code: 86, retriable: false },
  UNSTABLE_OFFSET_COMMIT: { code: 88, retriable: true },
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
