/**
 * `kgspec check-client`: a server with small timers, the user's consumer app run against it
 * (N copies, `KAFKA_BOOTSTRAP` in their environment), and a report of every obligation its
 * members broke.
 *
 * @see spec/client-obligations.md CO-26
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { defaultCodec } from '../wire/server/default-codec.js';
import { serverOptionsFromProperties } from '../wire/server/properties.js';
import { KafkaWireServer } from '../wire/server/server.js';
import { clientCheck, jsonReport, junitReport, textReport } from './client-check.js';
import type { CliIo } from './command.js';

/** What `check-client` runs with. */
export interface CheckClientArgs {
  /** The command line to run, N times. */
  readonly command: readonly string[];
  readonly members: number;
  readonly format: 'text' | 'json' | 'junit';
  /** Where the report goes (stdout when absent). */
  readonly output?: string;
  /** How long the copies may run before they are stopped. */
  readonly timeoutMs: number;
  /** Broker configs by Kafka's names, over the small timers. */
  readonly properties: Readonly<Record<string, string>>;
  /** CO-23's grace period. */
  readonly graceMs?: number;
}

/** The small timers a check runs with: no initial rebalance delay. */
export const CHECK_CLIENT_PROPERTIES: Readonly<Record<string, string>> = { 'group.initial.rebalance.delay.ms': '0' };

/** How one copy of the command ended. */
interface Outcome {
  readonly member: number;
  readonly code: number | null;
  readonly signal: string | null;
  readonly timedOut: boolean;
}

/** Runs copy `member` of the command; resolves when it exits (stopped after `timeoutMs`). */
function runCopy(args: CheckClientArgs, member: number, bootstrap: string, io: CliIo): Promise<Outcome> {
  const [file, ...rest] = args.command;
  return new Promise((resolve) => {
    let timedOut = false;
    const child = spawn(file!, rest, { env: { ...process.env, KAFKA_BOOTSTRAP: bootstrap, KGSPEC_MEMBER: String(member) }, stdio: ['ignore', 'pipe', 'pipe'] });
    const relay = (chunk: Buffer): void => {
      for (const line of chunk.toString().split('\n')) if (line !== '') io.err(`[member ${member}] ${line}`);
    };
    child.stdout.on('data', relay);
    child.stderr.on('data', relay);
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
    }, args.timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      io.err(`[member ${member}] cannot run ${file}: ${e.message}`);
      resolve({ member, code: null, signal: null, timedOut: false });
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ member, code, signal, timedOut });
    });
  });
}

/**
 * Runs the check; returns the exit code: 1 when a MUST was broken, 3 when a copy of the command
 * failed or timed out and no MUST was broken, 0 otherwise.
 */
export async function runCheckClient(args: CheckClientArgs, io: CliIo): Promise<number> {
  const { options } = serverOptionsFromProperties({ ...CHECK_CLIENT_PROPERTIES, ...args.properties });
  const check = clientCheck(args.graceMs === undefined ? {} : { graceMs: args.graceMs });
  const server = await KafkaWireServer.start({ ...options, codec: defaultCodec, port: 0, tap: check.tap, tapArrival: check.tapArrival });
  const originMs = server.kafka.loop.nowMs();
  io.err(`kgspec check-client: KAFKA_BOOTSTRAP=${server.bootstrap}; running ${args.members} x ${args.command.join(' ')}`);
  let outcomes: Outcome[];
  try {
    outcomes = await Promise.all(Array.from({ length: args.members }, (_, i) => runCopy(args, i + 1, server.bootstrap, io)));
  } finally {
    await server.close();
  }
  const report = args.format === 'json' ? JSON.stringify({ ...jsonReport(check.monitor), runs: outcomes }, null, 2) : args.format === 'junit' ? junitReport(check.monitor) : textReport(check.monitor, originMs).join('\n');
  if (args.output === undefined) io.out(report);
  else writeFileSync(args.output, report.endsWith('\n') ? report : `${report}\n`);
  const failed = outcomes.filter((o) => o.timedOut || o.code !== 0);
  for (const o of failed) io.err(`kgspec check-client: member ${o.member} ${o.timedOut ? `timed out after ${args.timeoutMs} ms` : `exited with ${o.code ?? o.signal}`}`);
  if (check.monitor.mustViolated) return 1;
  return failed.length > 0 ? 3 : 0;
}
