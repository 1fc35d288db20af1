/**
 * A programming error: the implementation reached a state the spec rules out.
 *
 * @remarks
 * Protocol outcomes are never thrown; only broken invariants are (CONTRIBUTING.md rule 7). The
 * message always starts with the rule or invariant ID from `spec/`.
 */
export class InvariantViolation extends Error {
  /** The spec rule or invariant that was broken, e.g. `GS-02`. */
  readonly ruleId: string;

  constructor(ruleId: string, message: string) {
    super(`[${ruleId}] ${message}`);
    this.name = 'InvariantViolation';
    this.ruleId = ruleId;
  }
}

/** Throws an {@link InvariantViolation} naming `ruleId` unless `condition` holds. */
export function invariant(condition: unknown, ruleId: string, message: () => string): asserts condition {
  if (!condition) throw new InvariantViolation(ruleId, message());
}

/**
 * Bad input from a library caller: a value that no protocol version can carry. The
 * message names the field; nothing changes.
 */
export class InvalidRequestError extends Error {
  /** The offending field, as a path such as `protocols[1].name`. */
  readonly field: string;

  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'InvalidRequestError';
    this.field = field;
  }
}
