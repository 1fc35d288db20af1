/**
 * How a broker answers FindCoordinator (API key 10), versions 0-6, from the in-memory cluster.
 *
 * @remarks
 * The request and response types, with their layout by version, are in
 * `src/protocol/messages/find-coordinator.ts`. v5 (TRANSACTION_ABORTABLE, KIP-890) and v6 (the
 * share key type, KIP-932) change no answer here. Authorization is not modelled (every key is authorized).
 * @see spec/cluster.md FC-02..FC-07
 */
import { ErrorCodes } from '../protocol/errors.js';
import {
  COORDINATOR_KEY_TYPE,
  MIN_BATCHED_VERSION,
  type FindCoordinatorCoordinator,
  type FindCoordinatorRequest,
  type FindCoordinatorResponse,
} from '../protocol/messages/find-coordinator.js';
import type { Cluster } from './cluster/cluster.js';
import { CONSUMER_OFFSETS_TOPIC, leaderOfKey, TRANSACTION_STATE_TOPIC } from './coordinator-placement.js';

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
      return { key, ...NO_NODE, errorCode: ErrorCodes.INVALID_REQUEST, errorMessage: MESSAGES.INVALID_REQUEST };
    }
    const outcome = resolve(cluster, keyType, key, options);
    const node = outcome.error === 'NONE' ? outcome : NO_NODE;
    // KafkaApis' v4+ path sets no ErrorMessage on per-key results: null even for errors.
    return { key, nodeId: node.nodeId, host: node.host, port: node.port, errorCode: ErrorCodes[outcome.error], errorMessage: null };
  });
  return { api: 'FindCoordinator', throttleTimeMs: 0, errorCode: 0, errorMessage: null, nodeId: 0, host: '', port: 0, coordinators };
}

/** FC-04: the v0-3 shape; an error is Kafka's error response with `Node.noNode()`. */
function singleKeyResponse(version: number, outcome: Outcome): FindCoordinatorResponse {
  const node = outcome.error === 'NONE' ? outcome : NO_NODE;
  return {
    api: 'FindCoordinator',
    throttleTimeMs: 0,
    errorCode: ErrorCodes[outcome.error],
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
