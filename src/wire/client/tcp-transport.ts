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
 * phase then never holds a Fetch behind it. The socket layer only frames.
 *
 * Versions are negotiated per connection, as Kafka's `NetworkClient` does (SRV-22..SRV-24): a new
 * connection first sends ApiVersions v3 with the client software name and version (KIP-511),
 * asking again at an older version when the broker refuses that one, and no other request goes
 * before the answer. Each request then goes at the newest version both the broker and the codec
 * speak, no newer than the one the consumer built it at (`chooseVersion`), restated at that
 * version as Kafka's request builders do (`requestAtVersion`). A request the broker can take at
 * no such version is never sent: its result is `unsupportedVersion`, naming the API and ranges.
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
import { apiVersionsOutcome, chooseVersion, requestAtVersion, UnsupportedVersionError, type ApiVersionsResponse, type BrokerVersions, type KafkaRequest, type KafkaResponse } from '../../protocol/messages/index.js';
import type { ClientTransport, NodeAddress, SendOptions, SendResult } from '../../transport/client-transport.js';
import { packageVersion } from '../package-version.js';
import { API_BY_NAME, SUPPORTED_VERSIONS } from '../registry.js';
import { ConnectionLost, KafkaConnection } from './connection.js';

/** The APIs that go to a group coordinator, on the group connection (see the module's remarks). */
const GROUP_APIS: ReadonlySet<string> = new Set([
  'JoinGroup', 'SyncGroup', 'Heartbeat', 'LeaveGroup', 'OffsetCommit', 'OffsetFetch', 'ConsumerGroupHeartbeat',
]);

/** The ApiVersions version a new connection asks first (KIP-511's, with the client software fields). */
export const FIRST_API_VERSIONS_VERSION = 3;

/** Options of a {@link TcpTransport}. */
export interface TcpTransportOptions {
  /** How long opening a connection may take before the request fails with `BROKER_DOWN` (default 10 000 ms). */
  readonly connectTimeoutMs?: number;
  /** ApiVersions v3+ `ClientSoftwareName` (default `kafka-group-spec`). */
  readonly clientSoftwareName?: string;
  /** ApiVersions v3+ `ClientSoftwareVersion` (default the package's version). */
  readonly clientSoftwareVersion?: string;
}

/** A connection whose ApiVersions exchange is done: the broker's table beside it. */
interface Negotiated {
  readonly conn: KafkaConnection;
  readonly versions: BrokerVersions;
}

/** One connection, being opened and negotiated, or ready; `connection()` once it is open (so a drop can close it mid-negotiation). */
type Lane = { readonly opening: Promise<Negotiated>; readonly connection: () => KafkaConnection | undefined };

/** The connection opened but its ApiVersions exchange failed: a disconnection, not a broker down. */
class NegotiationFailed extends Error {}

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
  private readonly software: { readonly name: string; readonly version: string };

  constructor(options: TcpTransportOptions = {}) {
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.software = { name: options.clientSoftwareName ?? 'kafka-group-spec', version: options.clientSoftwareVersion ?? packageVersion() };
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
    this.connection(key, destination, clientId).then(
      ({ conn, versions }) => {
        if (done) return;
        let wire: KafkaRequest;
        try {
          wire = atNegotiatedVersion(request, versions);
        } catch (e) {
          if (!(e instanceof UnsupportedVersionError)) throw e;
          return finish({ type: 'unsupportedVersion', correlationId, message: e.message });
        }
        conn.send({ ...wire, clientId } as KafkaRequest).answer.then(
          (response) => finish({ type: 'response', correlationId, response: response as KafkaResponse }),
          () => {
            this.forget(key, conn);
            finish({ type: 'networkError', correlationId, reason: 'DISCONNECTED' });
          },
        );
      },
      (e) => finish({ type: 'networkError', correlationId, reason: e instanceof NegotiationFailed ? 'DISCONNECTED' : 'BROKER_DOWN' }),
    );
    return correlationId;
  }

  /** Closes every connection; requests still waiting fail with `DISCONNECTED`, later sends too. */
  close(): void {
    this.closed = true;
    for (const key of [...this.lanes.keys()]) this.drop(key);
  }

  /**
   * The negotiated (or opening) connection of `key`; a lane whose connection was lost is
   * reopened. Rejects with a `ConnectionLost` when the broker cannot be reached, and with a
   * `NegotiationFailed` when it was but its ApiVersions exchange failed.
   */
  private connection(key: string, destination: NodeAddress, clientId: string): Promise<Negotiated> {
    const existing = this.lanes.get(key);
    if (existing !== undefined) return existing.opening;
    const open: { conn?: KafkaConnection } = {};
    // Answers are read as the consumer's peers' clients read them (WIRE-15).
    const opening = KafkaConnection.open(`${hostPart(destination.host)}:${destination.port}`, this.connectTimeoutMs, { nullAsEmpty: true }).then((conn) => {
      open.conn = conn;
      return negotiate(conn, clientId, this.software).then(
        (versions) => ({ conn, versions }),
        (e: Error) => {
          conn.close();
          throw new NegotiationFailed(e.message);
        },
      );
    });
    this.lanes.set(key, { opening, connection: () => open.conn });
    // A failed connect is not kept: the next request tries again, as Kafka's reconnect backoff lets it.
    opening.then(
      ({ conn }) => {
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
    lane.opening.then(({ conn: c }) => {
      if (c === conn && this.lanes.get(key) === lane) this.lanes.delete(key);
    }, () => {});
  }

  /** Closes the lane's connection, failing what waits on it. */
  private drop(key: string): void {
    const lane = this.lanes.get(key);
    if (lane === undefined) return;
    this.lanes.delete(key);
    // Closing fails whatever waits on the connection, its ApiVersions exchange included.
    lane.connection()?.close();
    lane.opening.then(({ conn }) => conn.close(), () => {});
  }
}

/**
 * SRV-22: the ApiVersions exchange of a new connection. Each retry asks an older version than the
 * one refused, so the loop ends.
 * @throws Error when the broker refuses ApiVersions outright or the connection fails.
 */
async function negotiate(conn: KafkaConnection, clientId: string, software: { readonly name: string; readonly version: string }): Promise<BrokerVersions> {
  for (let version = FIRST_API_VERSIONS_VERSION; ; ) {
    const flexible = version >= 3;
    const answer = await conn.request({
      api: 'ApiVersions',
      version,
      clientId,
      clientSoftwareName: flexible ? software.name : '',
      clientSoftwareVersion: flexible ? software.version : '',
    } as Parameters<KafkaConnection['request']>[0]);
    if (answer.api !== 'ApiVersions') throw new ConnectionLost(conn.address, `ApiVersions was answered with ${answer.api}`);
    const outcome = apiVersionsOutcome(answer as ApiVersionsResponse, version);
    if (outcome.type === 'ready') return outcome.versions;
    if (outcome.type === 'fail') throw new ConnectionLost(conn.address, outcome.message);
    version = outcome.version;
  }
}

/**
 * SRV-23, SRV-24: `request` at the newest version the broker and the codec both speak, no newer
 * than the consumer built it at.
 * @throws {@link UnsupportedVersionError} naming the API and the ranges.
 */
export function atNegotiatedVersion(request: KafkaRequest, broker: BrokerVersions): KafkaRequest {
  const api = API_BY_NAME.get(request.api);
  const codec = api === undefined ? undefined : SUPPORTED_VERSIONS.get(api.apiKey);
  if (api === undefined || codec === undefined) throw new UnsupportedVersionError(`The client has no codec for ${request.api}`);
  const version = chooseVersion(request.api, api.apiKey, { min: codec.min, max: Math.min(codec.max, request.version) }, broker);
  return requestAtVersion(request, version);
}

/** A lane's name: the node as the client named it, its address, and the purpose. */
function laneKey(node: NodeAddress, purpose: 'group' | 'data'): string {
  return `${node.nodeId}@${node.host}:${node.port}/${purpose}`;
}

/** An IPv6 host goes in brackets so that `host:port` parses back. */
function hostPart(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
