/**
 * `startKafka`: the `kgspec serve` server in process, for tests.
 *
 * @example
 * ```ts
 * import { startKafka } from 'kafka-group-spec/server';
 * const kafka = await startKafka({ brokers: 3, config: { 'group.initial.rebalance.delay.ms': 0 } });
 * // new Kafka({ brokers: kafka.brokers }) ...
 * await kafka.close();
 * ```
 * @see spec/server.md SRV-12
 */
import type { InMemoryKafka } from '../../broker/in-memory-kafka.js';
import { defaultCodec } from './default-codec.js';
import type { Exchange } from './connection.js';
import type { LogLevel } from './log.js';
import { serverOptionsFromProperties } from './properties.js';
import { KafkaWireServer, type ListenerAddress } from './server.js';
import { ServerControl } from './server-control.js';

/** Options of {@link startKafka}. */
export interface StartKafkaOptions {
  /** Number of brokers (1). */
  readonly brokers?: number;
  /** Interface to listen on (`127.0.0.1`). */
  readonly host?: string;
  /** Port of broker 0, then consecutive; 0 (the default) picks free ports. */
  readonly port?: number;
  /**
   * Broker configs by Kafka's names, as in `server.properties`:
   * `group.initial.rebalance.delay.ms`, `group.min.session.timeout.ms`, `num.partitions`,
   * `auto.create.topics.enable`, `socket.request.max.bytes`, ...
   */
  readonly config?: Readonly<Record<string, string | number | boolean>>;
  /** Receives log lines at `logLevel` or more severe (none by default). */
  readonly log?: (level: LogLevel, line: string) => void;
  /** Log threshold (`info`). */
  readonly logLevel?: LogLevel;
  /** Sees every decoded request and its answer. */
  readonly tap?: (exchange: Exchange) => void;
  /** Sees every decoded request as it reaches its broker, before any answer. */
  readonly tapArrival?: (exchange: Exchange) => void;
}

/** A Kafka-compatible server running in this process. */
export interface RunningKafka {
  /** `host:port,...`: kcat's `-b`, librdkafka's `bootstrap.servers`. */
  readonly bootstrap: string;
  /** `['host:port', ...]`: kafkajs's `brokers`. */
  readonly brokers: string[];
  /** Each broker's listener. */
  readonly listeners: readonly ListenerAddress[];
  /** The in-memory cluster behind the listeners (for inspection). */
  readonly kafka: InMemoryKafka;
  /**
   * Runs one fault command as `kgspec serve` takes it on standard input (`crash 1`,
   * `offline orders 0`, `pause 0 500`, ...: spec/faults.md) and resolves to its answer line,
   * `ok ...` or `error ...` (undefined for a blank or comment line).
   */
  command(line: string): Promise<string | undefined>;
  /** Closes the listeners and every connection. */
  close(): Promise<void>;
}

/**
 * Starts the same server as `kgspec serve` in this process, on free loopback ports by default.
 *
 * @throws Error naming the config key for an unknown or invalid config.
 */
export async function startKafka(options: StartKafkaOptions = {}): Promise<RunningKafka> {
  const props: Record<string, string> = {};
  for (const [k, v] of Object.entries(options.config ?? {})) props[k] = String(v);
  const { options: fromProps, unknown } = serverOptionsFromProperties(props);
  if (unknown.length > 0) throw new Error(`unknown broker config ${unknown.map((k) => `'${k}'`).join(', ')}`);
  const server = await KafkaWireServer.start({
    ...fromProps,
    codec: defaultCodec,
    brokers: options.brokers ?? 1,
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    ...(options.log ? { log: options.log } : {}),
    ...(options.logLevel ? { logLevel: options.logLevel } : {}),
    ...(options.tap ? { tap: options.tap } : {}),
    ...(options.tapArrival ? { tapArrival: options.tapArrival } : {}),
  });
  const control = new ServerControl(server, server.log);
  return {
    bootstrap: server.bootstrap,
    brokers: server.listeners.map((l) => `${l.host}:${l.port}`),
    listeners: server.listeners,
    kafka: server.kafka,
    command: (line) => control.run(line, 'command'),
    close: () => server.close(),
  };
}
