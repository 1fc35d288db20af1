/**
 * FindCoordinator (API key 10), versions 0-6, as typed data, and how a broker answers it
 * from the in-memory cluster.
 *
 * @remarks
 * Layout by version (FindCoordinatorRequest.json / FindCoordinatorResponse.json):
 *
 * | version | request | response |
 * | --- | --- | --- |
 * | 0 | `Key` | `ErrorCode NodeId Host Port` |
 * | 1-2 | `Key KeyType` | `ThrottleTimeMs ErrorCode ErrorMessage NodeId Host Port` |
 * | 3 | same, first flexible version | same |
 * | 4-6 | `KeyType CoordinatorKeys[]` (KIP-699) | `ThrottleTimeMs Coordinators[Key NodeId Host Port ErrorCode ErrorMessage]` |
 *
 * v5 only allows TRANSACTION_ABORTABLE (KIP-890) and v6 the share key type (KIP-932); neither
 * changes an answer here. As in `src/protocol/messages.ts`, every message carries every field;
 * a field a version lacks holds its schema default and the codec leaves it out.
 * Authorization is not modelled (every key is authorized).
 * @see spec/cluster.md FC-02..FC-07
 */
import type { Cluster } from './cluster/cluster.js';
import { CLUSTER_ERROR_CODES } from './cluster/errors.js';
import { CONSUMER_OFFSETS_TOPIC, leaderOfKey, TRANSACTION_STATE_TOPIC } from './coordinator-placement.js';

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

/** Options of {@link handleFindCoordinator}. */
export interface FindCoordinatorOptions {
  /**
   * Called with the internal topic's name when it does not exist, as Kafka asks for its
   * auto-creation; the answer is COORDINATOR_NOT_AVAILABLE either way (FC-03).
   */
  readonly onMissingTopic?: (topic: string) => void;
}

/** Kafka's default messages for the errors FindCoordinator returns here (`Errors.java`). */
const MESSAGES = {
  NONE: 'NONE',
  COORDINATOR_NOT_AVAILABLE: 'The coordinator is not available.',
  INVALID_REQUEST:
    'This most likely occurs because of a request being malformed by the client library or the message was sent to an incompatible broker. See the broker logs for more details.',
} as const;

type Outcome =
  | { readonly error: 'NONE'; readonly nodeId: number; readonly host: string; readonly port: number }
  | { readonly error: 'COORDINATOR_NOT_AVAILABLE' | 'INVALID_REQUEST' };

/** Kafka's `Node.noNode()`. */
const NO_NODE = { nodeId: -1, host: '', port: -1 } as const;

/** A FindCoordinator request for `keys` (one key before v4) of `keyType`. */
export function findCoordinatorRequest(version: number, keys: readonly string[], keyType = 0): FindCoordinatorRequest {
  if (version < MIN_BATCHED_VERSION) {
    if (keys.length !== 1) throw new RangeError(`FindCoordinator v${version} carries exactly one key`);
    return { api: 'FindCoordinator', version, key: keys[0] ?? '', keyType: version === 0 ? 0 : keyType, coordinatorKeys: [] };
  }
  return { api: 'FindCoordinator', version, key: '', keyType, coordinatorKeys: [...keys] };
}

/**
 * FC-02..FC-07: answers a FindCoordinator request from the cluster's current state.
 *
 * @throws RangeError for a version outside 0-6 (the wire layer answers UNSUPPORTED_VERSION first).
 */
export function handleFindCoordinator(
  cluster: Cluster<unknown>,
  request: FindCoordinatorRequest,
  options: FindCoordinatorOptions = {},
): FindCoordinatorResponse {
  const v = request.version;
  if (!Number.isInteger(v) || v < 0 || v > 6) throw new RangeError(`FindCoordinator version must be 0-6, got ${v}`);
  const keyType = v === 0 ? COORDINATOR_KEY_TYPE.GROUP : request.keyType;
  const known = keyType === 0 || keyType === 1 || keyType === 2;
  if (v < MIN_BATCHED_VERSION) {
    // FC-06: an unknown key type makes Kafka's CoordinatorType.forId throw: an error response.
    const outcome = known ? resolve(cluster, keyType, request.key, options) : ({ error: 'INVALID_REQUEST' } as const);
    return singleKeyResponse(v, outcome);
  }
  const coordinators = request.coordinatorKeys.map((key): FindCoordinatorCoordinator => {
    if (!known) {
      // The exception aborts the whole request: every key gets the error, with its message.
      return { key, ...NO_NODE, errorCode: CLUSTER_ERROR_CODES.INVALID_REQUEST, errorMessage: MESSAGES.INVALID_REQUEST };
    }
    const outcome = resolve(cluster, keyType, key, options);
    const node = outcome.error === 'NONE' ? outcome : NO_NODE;
    // KafkaApis' v4+ path sets no ErrorMessage on per-key results: null even for errors.
    return { key, nodeId: node.nodeId, host: node.host, port: node.port, errorCode: CLUSTER_ERROR_CODES[outcome.error], errorMessage: null };
  });
  return { api: 'FindCoordinator', throttleTimeMs: 0, errorCode: 0, errorMessage: null, nodeId: 0, host: '', port: 0, coordinators };
}

/** FC-04: the v0-3 shape; an error is Kafka's error response with `Node.noNode()`. */
function singleKeyResponse(version: number, outcome: Outcome): FindCoordinatorResponse {
  const node = outcome.error === 'NONE' ? outcome : NO_NODE;
  return {
    api: 'FindCoordinator',
    throttleTimeMs: 0,
    errorCode: CLUSTER_ERROR_CODES[outcome.error],
    errorMessage: version === 0 ? null : MESSAGES[outcome.error],
    nodeId: node.nodeId,
    host: node.host,
    port: node.port,
    coordinators: [],
  };
}

/** FC-02, FC-03, FC-06: the coordinator of one key, as KafkaApis.getCoordinator finds it. */
function resolve(cluster: Cluster<unknown>, keyType: number, key: string, options: FindCoordinatorOptions): Outcome {
  if (keyType === COORDINATOR_KEY_TYPE.SHARE) {
    // Before v6 the share type is invalid; from v6 Kafka needs a share coordinator, which
    // this project does not have (share groups are off, as by default in Kafka 4.0).
    return { error: 'INVALID_REQUEST' };
  }
  const topic = keyType === COORDINATOR_KEY_TYPE.GROUP ? CONSUMER_OFFSETS_TOPIC : TRANSACTION_STATE_TOPIC;
  if (cluster.partitionCount(topic) === undefined) {
    options.onMissingTopic?.(topic);
    return { error: 'COORDINATOR_NOT_AVAILABLE' };
  }
  const leader = leaderOfKey(cluster, topic, key);
  const broker = leader === null ? undefined : cluster.broker(leader);
  if (broker === undefined || !broker.up) return { error: 'COORDINATOR_NOT_AVAILABLE' };
  return { error: 'NONE', nodeId: broker.nodeId, host: broker.host, port: broker.port };
}
