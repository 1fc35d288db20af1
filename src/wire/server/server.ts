/**
 * The wire server: one TCP listener per broker of an in-memory cluster, each connection
 * handed to a {@link Connection}, the cluster's clock driven by a {@link RealTimeDriver}.
 *
 * @remarks
 * The listeners are bound first (port 0 picks free ports) and the cluster is built after, so
 * each broker advertises the real `host:port` of its listener: Metadata and FindCoordinator
 * answers send clients to the right socket (SRV-01).
 * @see spec/server.md
 */
import { createServer, type Server, type Socket } from 'node:net';
import { InMemoryKafka } from '../../broker/in-memory-kafka.js';
import type { BrokerSpec } from '../../broker/cluster/types.js';
import type { GroupCoordinatorConfig } from '../../protocol/config.js';
import { ManualClock, SystemClock } from '../../time/clock.js';
import type { WireCodec, WireRequest } from './codec-port.js';
import { API_VERSION_RANGES, type KafkaRequest } from '../../protocol/messages/index.js';
import { Connection, type Exchange } from './connection.js';
import { DEFAULT_SOCKET_REQUEST_MAX_BYTES } from './framing.js';
import { describeEvent, enabled, type LogLevel } from './log.js';
import { RealTimeDriver } from './real-time-driver.js';

/** Options of {@link KafkaWireServer.start}. */
export interface WireServerOptions {
  /** The wire codec. */
  readonly codec: WireCodec;
  /** Interface to listen on and to advertise (`127.0.0.1`). */
  readonly host?: string;
  /** Port of broker 0; broker i listens on port + i. 0 (the default) picks free ports. */
  readonly port?: number;
  /** Number of brokers (1). */
  readonly brokers?: number;
  /** Group coordinator configs over Kafka's defaults. */
  readonly config?: Partial<GroupCoordinatorConfig>;
  /** `auto.create.topics.enable` (true, Kafka's default). */
  readonly autoCreateTopics?: boolean;
  /** `num.partitions` for auto-created topics (1). */
  readonly numPartitions?: number;
  /** `default.replication.factor` for auto-created topics (1). */
  readonly defaultReplicationFactor?: number;
  /** `offsets.topic.num.partitions` (50). */
  readonly offsetsTopicPartitions?: number;
  /** `offsets.topic.replication.factor` (3, capped at the broker count). */
  readonly offsetsTopicReplicationFactor?: number;
  /** `socket.request.max.bytes` (104857600). */
  readonly socketRequestMaxBytes?: number;
  /** `connections.max.idle.ms` (600000): a connection with nothing in flight and no traffic for this long is closed. */
  readonly connectionsMaxIdleMs?: number;
  /** Log threshold (`info`). */
  readonly logLevel?: LogLevel;
  /** Where log lines go (nowhere by default). */
  readonly log?: (level: LogLevel, line: string) => void;
  /** Sees every decoded request and its answer, when the answer is written. */
  readonly tap?: (exchange: Exchange) => void;
  /** Sees every decoded request as it reaches its broker (no answer yet); with `tap`, the client-obligation monitor's feed. */
  readonly tapArrival?: (exchange: Exchange) => void;
}

/** A broker's listener as clients reach it. */
export interface ListenerAddress {
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
}

/** A running wire server. */
export class KafkaWireServer {
  /** Open connections, each with the broker it reached. */
  private readonly connections = new Map<Connection, number>();
  private nextConnectionId = 1;
  private closing: Promise<void> | undefined;
  /** FLT-07: brokers whose answers are held, with the cluster time the pause ends. */
  private readonly pausedUntilMs = new Map<number, number>();
  /** Real timers of answers held by a pause, cleared on close. */
  private readonly held = new Set<ReturnType<typeof setTimeout>>();

  private constructor(
    /** The in-memory cluster behind the listeners. */
    readonly kafka: InMemoryKafka,
    /** The listeners, by broker id. */
    readonly listeners: readonly ListenerAddress[],
    /** Each broker's listening socket; undefined while the broker is crashed (FLT-02). */
    private readonly servers: (Server | undefined)[],
    private readonly driver: RealTimeDriver,
    private readonly options: WireServerOptions,
    /** Writes a line to the server's log when its level passes the threshold (`logLevel`). */
    readonly log: (level: LogLevel, line: string) => void,
  ) {}

  /** `host:port,...` of every broker: what clients take as `bootstrap.servers`. */
  get bootstrap(): string {
    return this.listeners.map((l) => `${l.host}:${l.port}`).join(',');
  }

  /** Binds the listeners, builds the cluster and starts serving. */
  static async start(options: WireServerOptions): Promise<KafkaWireServer> {
    const host = options.host ?? '127.0.0.1';
    const count = options.brokers ?? 1;
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`brokers must be a positive integer, got ${count}`);
    const threshold = options.logLevel ?? 'info';
    const log = (level: LogLevel, line: string): void => {
      if (enabled(level, threshold)) options.log?.(level, line);
    };
    const servers: Server[] = [];
    let self: KafkaWireServer | undefined;
    try {
      for (let i = 0; i < count; i++) {
        const nodeId = i;
        const server = createServer((socket) => {
          if (self === undefined) socket.destroy();
          else self.accept(nodeId, socket);
        });
        servers.push(server);
        await listen(server, host, options.port ? options.port + i : 0);
      }
    } catch (e) {
      await Promise.all(servers.map((s) => closeServer(s)));
      throw e;
    }
    const listeners = servers.map((s, nodeId) => ({ nodeId, host, port: (s.address() as { port: number }).port }));
    const kafka = buildCluster(options, listeners, log);
    const driver = new RealTimeDriver(kafka.loop, new SystemClock(), (e) => log('error', `a broker task failed: ${(e as Error)?.stack ?? String(e)}`));
    self = new KafkaWireServer(kafka, listeners, servers, driver, options, log);
    driver.sync();
    return self;
  }

  /** A connection arrived at broker `nodeId`'s listener. */
  private accept(nodeId: number, socket: Socket): void {
    const { options, log } = this;
    // FLT-02: a crashed broker accepts nothing (a connection that raced its listener's close).
    if (this.closing || !this.kafka.cluster.isUp(nodeId)) {
      socket.destroy();
      return;
    }
    const connectionId = this.nextConnectionId++;
    log('debug', `connection ${connectionId} from ${socket.remoteAddress}:${socket.remotePort} to broker ${nodeId}`);
    const broker = this.kafka.brokers.get(nodeId)!;
    let requestSeq = 0;
    const connection: Connection = new Connection(socket, {
      nodeId,
      connectionId,
      codec: options.codec,
      maxRequestBytes: options.socketRequestMaxBytes ?? DEFAULT_SOCKET_REQUEST_MAX_BYTES,
      maxIdleMs: options.connectionsMaxIdleMs ?? 600_000,
      log,
      ...(options.tap ? { tap: options.tap } : {}),
      ...(options.tapArrival ? { tapArrival: options.tapArrival } : {}),
      now: () => this.kafka.loop.nowMs(),
      handle: (request, reply, arrived) => {
        // The clock catches up before the broker sees the request, and once more after it, so
        // tasks the request armed for "now" (replication, delay 0) run before we wait.
        this.driver.sync();
        if (!isBrokerRequest(request)) throw new Error(`${request.api} is not answered by this server`);
        arrived?.();
        // FLT-07: a pause holds an answer written while it lasts, even one parked before it began.
        broker.handle(`c${connectionId}-${++requestSeq}`, request, (response) => (this.pausedUntilMs.size === 0 ? reply(response) : this.answerAfterPause(nodeId, response, reply)));
        this.driver.sync();
      },
      onClose: () => {
        this.connections.delete(connection);
        log('debug', `connection ${connectionId} closed`);
      },
    });
    this.connections.set(connection, nodeId);
  }

  /** FLT-07: writes an answer of broker `nodeId` now, or when its pause ends. */
  private answerAfterPause<R>(nodeId: number, response: R, reply: (response: R) => void): void {
    const untilMs = this.pausedUntilMs.get(nodeId);
    const nowMs = this.kafka.loop.nowMs();
    if (untilMs === undefined || untilMs <= nowMs) return reply(response);
    const timer = setTimeout(() => {
      this.held.delete(timer);
      reply(response);
    }, untilMs - nowMs);
    this.held.add(timer);
  }

  /** Moves the cluster's clock to the wall clock, running what is due (SRV-04), before a fault is applied. */
  sync(): void {
    this.driver.sync();
  }

  /**
   * FLT-02: broker `nodeId` crashes: the cluster crashes it (its coordinators fail over, FO
   * rules), its listener stops accepting and every open connection to it is destroyed. False
   * if it was already down. @throws RangeError for an unknown broker.
   */
  async crashBroker(nodeId: number): Promise<boolean> {
    this.requireBroker(nodeId);
    this.driver.sync();
    if (!this.kafka.cluster.isUp(nodeId)) return false;
    this.kafka.crash(nodeId);
    this.pausedUntilMs.delete(nodeId);
    const server = this.servers[nodeId];
    this.servers[nodeId] = undefined;
    const closed = server === undefined ? Promise.resolve() : closeServer(server);
    for (const [c, n] of [...this.connections]) if (n === nodeId) c.close();
    this.driver.sync();
    await closed;
    return true;
  }

  /**
   * FLT-02: broker `nodeId` restarts: its listener opens again on the same port, then the cluster
   * restarts it (RP-12). False if it was up. @throws Error when the port cannot be bound.
   */
  async restartBroker(nodeId: number): Promise<boolean> {
    const listener = this.requireBroker(nodeId);
    if (this.kafka.cluster.isUp(nodeId) || this.closing) return false;
    const server = createServer((socket) => this.accept(nodeId, socket));
    await listen(server, listener.host, listener.port);
    this.servers[nodeId] = server;
    this.driver.sync();
    this.kafka.restart(nodeId);
    this.driver.sync();
    return true;
  }

  /** FLT-07: holds broker `nodeId`'s answers for `ms` from now (a new pause replaces the last). */
  pauseAnswers(nodeId: number, ms: number): void {
    this.requireBroker(nodeId);
    this.driver.sync();
    if (ms === 0) this.pausedUntilMs.delete(nodeId);
    else this.pausedUntilMs.set(nodeId, this.kafka.loop.nowMs() + ms);
  }

  /** The cluster time until which broker `nodeId`'s answers are held, if a pause is on. */
  pausedUntil(nodeId: number): number | undefined {
    const untilMs = this.pausedUntilMs.get(nodeId);
    return untilMs !== undefined && untilMs > this.kafka.loop.nowMs() ? untilMs : undefined;
  }

  /** Open connections to broker `nodeId`. */
  connectionCount(nodeId: number): number {
    let n = 0;
    for (const b of this.connections.values()) if (b === nodeId) n++;
    return n;
  }

  private requireBroker(nodeId: number): ListenerAddress {
    const listener = this.listeners[nodeId];
    if (listener === undefined) throw new RangeError(`no broker ${nodeId} (brokers are 0 to ${this.listeners.length - 1})`);
    return listener;
  }

  /** SRV-11: stops listening, closes every connection and the timer. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const closed = Promise.all(this.servers.map((s) => (s === undefined ? undefined : closeServer(s))));
      for (const c of [...this.connections.keys()]) c.close();
      for (const t of this.held) clearTimeout(t);
      this.held.clear();
      this.driver.close();
      await closed;
    })();
    return this.closing;
  }
}

/** The in-memory cluster whose brokers advertise `listeners`, logging its group events. */
function buildCluster(options: WireServerOptions, listeners: readonly ListenerAddress[], log: (level: LogLevel, line: string) => void): InMemoryKafka {
  const brokers: BrokerSpec[] = listeners.map((l) => ({ nodeId: l.nodeId, host: l.host, port: l.port }));
  return new InMemoryKafka({
    brokers,
    clock: new ManualClock(new SystemClock().nowMs()),
    ...(options.config ? { config: options.config } : {}),
    ...(options.offsetsTopicPartitions !== undefined ? { offsetsTopicPartitions: options.offsetsTopicPartitions } : {}),
    ...(options.offsetsTopicReplicationFactor !== undefined ? { offsetsTopicReplicationFactor: options.offsetsTopicReplicationFactor } : {}),
    ...(options.autoCreateTopics === false
      ? {}
      : { autoCreateTopics: { numPartitions: options.numPartitions ?? 1, replicationFactor: options.defaultReplicationFactor ?? 1 } }),
    observe: (event) => {
      const described = describeEvent(event);
      for (const line of described?.lines ?? []) log(described!.level, line);
    },
  });
}

/** Whether the brokers answer `request` (every API with a typed message; ApiVersions is the connection's). */
function isBrokerRequest(request: WireRequest): request is KafkaRequest {
  return request.api !== 'ApiVersions' && request.api in API_VERSION_RANGES;
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
  });
}
