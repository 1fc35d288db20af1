/**
 * A {@link ClientTransport} over TCP: the project's `KafkaConsumer` (or any client written
 * against the transport contract) talks to a real broker, `kgspec serve` or any Kafka.
 *
 * @remarks
 * Connections are Kafka's: one per broker, requests pipelined on it and answered in order
 * (the broker answers a connection's requests one at a time, SRV-02), opened on first use and
 * named by node id and address. Group requests take a second connection to the same broker,
 * as the Java client's coordinator talks to `Integer.MAX_VALUE - coordinatorId` (a node of its
 * own, `AbstractCoordinator`/`CoordinatorRequestManager`): a JoinGroup parked for a whole join
 * phase then never holds a Fetch behind it. The socket layer only frames; the typed request the
 * consumer built goes out at the version it names (SRV-19).
 *
 * Network outcomes map onto the transport's results (SRV-20): a broker that refuses the
 * connection or cannot be reached is `BROKER_DOWN`; a connection that closes while requests
 * wait fails each with `DISCONNECTED`; an address the client never learned (an empty host or
 * port) is `UNKNOWN_NODE`; a request unanswered within its `timeoutMs` is `timeout`, and its
 * connection is closed (Kafka's `NetworkClient.handleTimedOutRequests` disconnects the node),
 * which fails the requests behind it with `DISCONNECTED`. Every result arrives from a later
 * task, never inside `send`.
 * @see spec/server.md SRV-19, SRV-20
 * @packageDocumentation
 */
import type { KafkaRequest, KafkaResponse } from '../../protocol/messages/index.js';
import type { ClientTransport, NodeAddress, SendOptions, SendResult } from '../../transport/client-transport.js';
import { KafkaConnection } from './connection.js';

/** The APIs that go to a group coordinator, on the group connection (see the module's remarks). */
const GROUP_APIS: ReadonlySet<string> = new Set([
  'JoinGroup', 'SyncGroup', 'Heartbeat', 'LeaveGroup', 'OffsetCommit', 'OffsetFetch', 'ConsumerGroupHeartbeat',
]);

/** Options of a {@link TcpTransport}. */
export interface TcpTransportOptions {
  /** How long opening a connection may take before the request fails with `BROKER_DOWN` (default 10 000 ms). */
  readonly connectTimeoutMs?: number;
}

/** One connection, being opened or open. */
type Lane = { readonly opening: Promise<KafkaConnection> };

/**
 * Kafka's network client for {@link KafkaRequest}s: connections per node, results as
 * {@link SendResult}s. Close it when done; requests still waiting fail with `DISCONNECTED`.
 *
 * @example
 * ```ts
 * const transport = new TcpTransport();
 * const scheduler = new RealTimeScheduler();
 * const consumer = new KafkaConsumer({ 'bootstrap.servers': 'localhost:9092', 'group.id': 'g' }, { transport, scheduler });
 * ```
 */
export class TcpTransport implements ClientTransport<KafkaRequest, KafkaResponse> {
  private readonly lanes = new Map<string, Lane>();
  private nextCorrelationId = 1;
  private closed = false;
  private readonly connectTimeoutMs: number;

  constructor(options: TcpTransportOptions = {}) {
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  }

  /** Connections opened or opening now. */
  get connections(): number {
    return this.lanes.size;
  }

  /** Sends `request` to `destination` (see the module's remarks for the results); returns the transport's correlation id. */
  send(clientId: string, destination: NodeAddress, request: KafkaRequest, onResult: (result: SendResult<KafkaResponse>) => void, options: SendOptions = {}): number {
    const correlationId = this.nextCorrelationId++;
    let done = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (result: SendResult<KafkaResponse>): void => {
      if (done) return;
      done = true;
      if (timer !== undefined) clearTimeout(timer);
      onResult(result);
    };
    if (this.closed || destination.host === '' || !(destination.port > 0)) {
      const reason = this.closed ? 'DISCONNECTED' : 'UNKNOWN_NODE';
      setImmediate(() => finish({ type: 'networkError', correlationId, reason }));
      return correlationId;
    }
    const key = laneKey(destination, GROUP_APIS.has(request.api) ? 'group' : 'data');
    if (options.timeoutMs !== undefined) {
      timer = setTimeout(() => {
        finish({ type: 'timeout', correlationId });
        this.drop(key);
      }, options.timeoutMs);
    }
    this.connection(key, destination).then(
      (conn) => {
        if (done) return;
        conn.send({ ...request, clientId } as KafkaRequest).answer.then(
          (response) => finish({ type: 'response', correlationId, response: response as KafkaResponse }),
          () => {
            this.forget(key, conn);
            finish({ type: 'networkError', correlationId, reason: 'DISCONNECTED' });
          },
        );
      },
      () => finish({ type: 'networkError', correlationId, reason: 'BROKER_DOWN' }),
    );
    return correlationId;
  }

  /** Closes every connection; requests still waiting fail with `DISCONNECTED`, later sends too. */
  close(): void {
    this.closed = true;
    for (const key of [...this.lanes.keys()]) this.drop(key);
  }

  /** The open (or opening) connection of `key`; a lane whose connection was lost is reopened. */
  private connection(key: string, destination: NodeAddress): Promise<KafkaConnection> {
    const lane = this.lanes.get(key);
    if (lane !== undefined) return lane.opening;
    const opening = KafkaConnection.open(`${hostPart(destination.host)}:${destination.port}`, this.connectTimeoutMs);
    this.lanes.set(key, { opening });
    // A failed connect is not kept: the next request tries again, as Kafka's reconnect backoff lets it.
    opening.then(
      (conn) => {
        if (this.closed) conn.close();
      },
      () => {
        if (this.lanes.get(key)?.opening === opening) this.lanes.delete(key);
      },
    );
    return opening;
  }

  /** Forgets `conn` if it is still the lane's connection (it was lost). */
  private forget(key: string, conn: KafkaConnection): void {
    const lane = this.lanes.get(key);
    if (lane === undefined) return;
    lane.opening.then((c) => {
      if (c === conn && this.lanes.get(key) === lane) this.lanes.delete(key);
    }, () => {});
  }

  /** Closes the lane's connection, failing what waits on it. */
  private drop(key: string): void {
    const lane = this.lanes.get(key);
    if (lane === undefined) return;
    this.lanes.delete(key);
    lane.opening.then((c) => c.close(), () => {});
  }
}

/** A lane's name: the node as the client named it, its address, and the purpose. */
function laneKey(node: NodeAddress, purpose: 'group' | 'data'): string {
  return `${node.nodeId}@${node.host}:${node.port}/${purpose}`;
}

/** An IPv6 host goes in brackets so that `host:port` parses back. */
function hostPart(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
