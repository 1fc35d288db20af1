/**
 * FindCoordinator (API key 10), versions 0-6: request and response as plain data.
 *
 * @remarks
 * Follows Kafka's `clients/src/main/resources/common/message/FindCoordinatorRequest.json` and
 * `FindCoordinatorResponse.json` (field names are the camelCase of the JSON names). Layout by version:
 *
 * | version | request | response |
 * | --- | --- | --- |
 * | 0 | `Key` | `ErrorCode NodeId Host Port` |
 * | 1-2 | `Key KeyType` | `ThrottleTimeMs ErrorCode ErrorMessage NodeId Host Port` |
 * | 3 | same, first flexible version | same |
 * | 4-6 | `KeyType CoordinatorKeys[]` (KIP-699) | `ThrottleTimeMs Coordinators[Key NodeId Host Port ErrorCode ErrorMessage]` |
 *
 * v5 only allows TRANSACTION_ABORTABLE (KIP-890) and v6 the share key type (KIP-932). As for
 * every message, each carries every field; a field a version lacks holds its schema default
 * and the codec leaves it out. The broker's answer is `handleFindCoordinator` in
 * `src/broker/find-coordinator.ts`.
 * @see spec/cluster.md FC-02..FC-07
 */

/** FindCoordinator's API key and the versions this project supports. */
export const FIND_COORDINATOR_VERSIONS = { apiKey: 10, min: 0, max: 6 } as const;

/** FindCoordinator's key types (Kafka's `CoordinatorType`). */
export const COORDINATOR_KEY_TYPE = { GROUP: 0, TRANSACTION: 1, SHARE: 2 } as const;

/** The first version that batches keys (Kafka's `MIN_BATCHED_VERSION`). */
export const MIN_BATCHED_VERSION = 4;

/** FindCoordinator request, versions 0-6. */
export interface FindCoordinatorRequest {
  readonly api: 'FindCoordinator';
  readonly version: number;
  /** v0-3: the key; `""` from v4. */
  readonly key: string;
  /** v1+: 0 group, 1 transaction, 2 share. v0 has no such field and means a group. */
  readonly keyType: number;
  /** v4+: the keys, answered one by one; `[]` before v4. */
  readonly coordinatorKeys: readonly string[];
}

/** One result of a batched (v4+) FindCoordinator response. */
export interface FindCoordinatorCoordinator {
  readonly key: string;
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
  readonly errorCode: number;
  readonly errorMessage: string | null;
}

/** FindCoordinator response, versions 0-6. */
export interface FindCoordinatorResponse {
  readonly api: 'FindCoordinator';
  /** v1+. */
  readonly throttleTimeMs: number;
  /** v0-3 (0 from v4). */
  readonly errorCode: number;
  /** v1-3: `"NONE"` on success (Kafka's `Errors.NONE.message()`), the error's text otherwise; null in v0 and v4+. */
  readonly errorMessage: string | null;
  /** v0-3 (0 from v4): the coordinator, or -1 on errors. */
  readonly nodeId: number;
  /** v0-3 (`""` from v4). */
  readonly host: string;
  /** v0-3 (0 from v4); -1 on errors. */
  readonly port: number;
  /** v4+: one entry per requested key, in request order; `[]` before v4. */
  readonly coordinators: readonly FindCoordinatorCoordinator[];
}

/** A FindCoordinator request for `keys` (one key before v4) of `keyType`. */
export function findCoordinatorRequest(version: number, keys: readonly string[], keyType = 0): FindCoordinatorRequest {
  if (version < MIN_BATCHED_VERSION) {
    if (keys.length !== 1) throw new RangeError(`FindCoordinator v${version} carries exactly one key`);
    return { api: 'FindCoordinator', version, key: keys[0] ?? '', keyType: version === 0 ? 0 : keyType, coordinatorKeys: [] };
  }
  return { api: 'FindCoordinator', version, key: '', keyType, coordinatorKeys: [...keys] };
}

/**
 * The coordinators an answer names, whatever its version: the `coordinators` list from v4, and
 * before v4 the one coordinator of the top-level fields, under `key` (Kafka's
 * `FindCoordinatorResponse.coordinators()` reads old answers the same way).
 */
export function coordinatorsOf(response: FindCoordinatorResponse, key: string): readonly FindCoordinatorCoordinator[] {
  if (response.coordinators.length > 0) return response.coordinators;
  const { nodeId, host, port, errorCode, errorMessage } = response;
  return [{ key, nodeId, host, port, errorCode, errorMessage }];
}
