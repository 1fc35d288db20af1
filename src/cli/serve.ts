/**
 * `kgspec serve`: the in-memory cluster behind real TCP listeners, for real Kafka clients.
 *
 * @remarks
 * Prints `BOOTSTRAP host:port,...` and `READY` (each alone on a line, for scripts), then how to
 * connect; logs group events to stderr; stops cleanly on SIGINT or SIGTERM.
 * @see spec/server.md
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { startControlPort, type ControlPort } from '../wire/server/control-port.js';
import { ServerControl } from '../wire/server/server-control.js';
import { defaultCodec } from '../wire/server/default-codec.js';
import { enabled, LOG_LEVELS, type LogLevel } from '../wire/server/log.js';
import { parseProperties, serverOptionsFromProperties } from '../wire/server/properties.js';
import { KafkaWireServer } from '../wire/server/server.js';
import { clientCheck, formatViolation, memberLines } from './client-check.js';

/** Where `serve` writes. */
export interface ServeIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** FLT-01: where control commands come from, one per line (the CLI passes standard input). */
  readonly input?: NodeJS.ReadableStream;
}

/** Parsed `serve` arguments. */
export interface ServeArgs {
  readonly host: string;
  readonly port: number;
  readonly brokers: number;
  readonly logLevel: LogLevel;
  readonly properties: Record<string, string>;
  /** Watch every member's obligations (spec/client-obligations.md): print violations, then a summary per member on exit. */
  readonly checkClients: boolean;
  /** FLT-01: the control port on 127.0.0.1 (0: a free port), if asked for. */
  readonly controlPort?: number;
}

/** Parses `serve`'s arguments. @throws Error naming the bad argument. */
export function parseServeArgs(args: readonly string[]): ServeArgs {
  let host = '127.0.0.1';
  let port = 9092;
  let brokers = 1;
  let logLevel: LogLevel = 'info';
  const fileProps: Record<string, string> = {};
  const flagProps: Record<string, string> = {};
  let checkClients = false;
  let controlPort: number | undefined;
  const int = (flag: string, v: string, min: number, max: number): number => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isInteger(n) || n < min || n > max) throw new Error(`${flag} must be an integer from ${min} to ${max}, got '${v}'`);
    return n;
  };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i]!;
    const value = args[i + 1];
    if (flag === '--check-clients') {
      checkClients = true;
      continue;
    }
    if (!['--port', '--brokers', '--host', '--config', '--config-file', '--log-level', '--control-port'].includes(flag)) throw new Error(`unknown argument '${flag}' for serve`);
    if (value === undefined) throw new Error(`${flag} needs a value`);
    i++;
    if (flag === '--port') port = int(flag, value, 0, 65535);
    else if (flag === '--brokers') brokers = int(flag, value, 1, 64);
    else if (flag === '--control-port') controlPort = int(flag, value, 0, 65535);
    else if (flag === '--host') host = value;
    else if (flag === '--config-file') Object.assign(fileProps, parseProperties(readFileSync(value, 'utf8'), value));
    else if (flag === '--log-level') {
      if (!(LOG_LEVELS as readonly string[]).includes(value)) throw new Error(`--log-level must be one of ${LOG_LEVELS.join(', ')}, got '${value}'`);
      logLevel = value as LogLevel;
    } else {
      const eq = value.indexOf('=');
      if (eq <= 0) throw new Error(`--config takes key=value, got '${value}'`);
      flagProps[value.slice(0, eq).trim()] = value.slice(eq + 1);
    }
  }
  if (port > 0 && port + brokers - 1 > 65535) throw new Error(`--port ${port} leaves no room for ${brokers} brokers`);
  // --config overrides the file, as a later definition overrides an earlier one in Kafka.
  return { host, port, brokers, logLevel, properties: { ...fileProps, ...flagProps }, checkClients, ...(controlPort === undefined ? {} : { controlPort }) };
}

/**
 * Runs `kgspec serve` until `stop` resolves (by default: SIGINT or SIGTERM); returns the exit
 * code. `onReady` receives the running server (tests).
 */
export async function runServe(args: readonly string[], io: ServeIo, stop: Promise<unknown> = signalled(), onReady?: (server: KafkaWireServer) => void): Promise<number> {
  const parsed = parseServeArgs(args);
  const { options, unknown } = serverOptionsFromProperties(parsed.properties);
  if (unknown.length > 0) io.err(`kgspec serve: warning: ignoring broker configs this server does not have: ${unknown.join(', ')}`);
  // CO-24: each violation is printed as it is found; the per-member summary comes on exit.
  let originMs = 0;
  const check = parsed.checkClients ? clientCheck({ onViolation: (v) => formatViolation(v, originMs).forEach((l) => io.out(l)), onUnchecked: (u) => io.out(`NOT CHECKED ${u.rules.join(',')}: ${u.message}`) }) : undefined;
  const server = await KafkaWireServer.start({
    ...options,
    ...(check ? { tap: check.tap, tapArrival: check.tapArrival } : {}),
    codec: defaultCodec,
    host: parsed.host,
    port: parsed.port,
    brokers: parsed.brokers,
    logLevel: parsed.logLevel,
    log: (level, line) => io.err(`[${level}] ${line}`),
  });
  originMs = server.kafka.loop.nowMs();
  io.out(`BOOTSTRAP ${server.bootstrap}`);
  io.out('READY');
  const brokers = server.listeners.map((l) => `'${l.host}:${l.port}'`).join(', ');
  io.out(`Connect: kcat -b ${server.bootstrap} -L   |   kafkajs: new Kafka({ brokers: [${brokers}] })   |   Ctrl-C stops`);
  const commands = await openControl(server, parsed, io);
  onReady?.(server);
  await stop;
  io.err('[info] shutting down');
  await commands.close();
  await server.close();
  if (check !== undefined) for (const line of [...memberLines(check.monitor), `MUST violations: ${check.monitor.violations.filter((v) => v.severity === 'MUST').length}`]) io.out(line);
  return 0;
}

/**
 * FLT-01: commands from `io.input` (answers on standard output) and from the control port
 * (answers on its connection), one at a time through one {@link ServerControl}. The end of the
 * input stops the commands from it, not the server.
 */
async function openControl(server: KafkaWireServer, parsed: ServeArgs, io: ServeIo): Promise<{ close(): Promise<void> }> {
  const control = new ServerControl(server, (level, line) => {
    if (enabled(level, parsed.logLevel)) io.err(`[${level}] ${line}`);
  });
  let port: ControlPort | undefined;
  if (parsed.controlPort !== undefined) {
    port = await startControlPort(control, parsed.controlPort);
    io.out(`CONTROL ${port.host}:${port.port}`);
  }
  const lines = io.input === undefined ? undefined : createInterface({ input: io.input, crlfDelay: Number.POSITIVE_INFINITY, terminal: false });
  lines?.on('line', (line) => {
    void control.run(line, 'stdin').then((answer) => {
      if (answer !== undefined) io.out(answer);
    });
  });
  return {
    close: async () => {
      lines?.close();
      await port?.close();
    },
  };
}

/** Resolves on the first SIGINT or SIGTERM. */
function signalled(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}
