/**
 * Argument handling of the `kgspec` command, separate from process I/O so it can be tested.
 */
import { readFileSync } from 'node:fs';
import { configFromKafkaProperties } from '../protocol/config.js';
import type { GroupCoordinatorConfig } from '../protocol/config.js';
import { writeFileSync } from 'node:fs';
import { runDemoEntries, timelineLines } from './demo.js';
import { sequenceDiagram } from './sequence.js';
import { runConformanceCommand } from './conformance.js';
import { runServe, SERVE_HELP } from './serve.js';

/** Where the CLI writes. */
export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

export const HELP = `kgspec: the executable spec of Kafka's consumer group protocol

Usage:
  kgspec demo [--sequence out.mmd] [--config key=value]... [--config-file server.properties]
      Four KafkaConsumers on the 3-broker in-memory cluster (virtual time): joins, a late
      member, a crash expelled after its session timeout, a coordinator failover. Prints the
      timeline; --sequence also writes a Mermaid sequence diagram of the exchange.
  kgspec conformance [--only RULE-or-glob] [--report text|json|junit] [--out file]
                     [--target cluster|coordinator] [--config key=value]... [--config-file file]
      Runs every normative scenario against the built-in broker (a 3-broker in-memory cluster;
      --target coordinator: one coordinator alone, which skips the failover scenarios); prints
      a table by spec area and every failure with the rule's text; exit 1 when anything failed.
${SERVE_HELP}
  kgspec --help

Broker configs use Kafka's names: group.initial.rebalance.delay.ms, group.min.session.timeout.ms,
group.max.session.timeout.ms, group.max.size.`;

/** Parses `--config k=v` and `--config-file f` options; returns the config and the other arguments. */
export function parseConfigArgs(args: readonly string[]): { config: GroupCoordinatorConfig; rest: string[] } {
  const props: Record<string, string> = {};
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--config' || a === '--config-file') {
      const v = args[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      if (a === '--config') {
        const eq = v.indexOf('=');
        if (eq <= 0) throw new Error(`--config takes key=value, got '${v}'`);
        props[v.slice(0, eq).trim()] = v.slice(eq + 1);
      } else {
        for (const line of readFileSync(v, 'utf8').split(/\r?\n/)) {
          const t = line.trim();
          if (t === '' || t.startsWith('#') || t.startsWith('!')) continue;
          const eq = t.search(/[=:]/);
          if (eq <= 0) throw new Error(`${v}: cannot read line '${t}' (expected key=value)`);
          props[t.slice(0, eq).trim()] = t.slice(eq + 1).trim();
        }
      }
    } else rest.push(a);
  }
  return { config: configFromKafkaProperties(props), rest };
}

/** Runs the CLI; returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...args] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      io.out(HELP);
      return command === undefined ? 2 : 0;
    }
    if (command === 'demo') {
      const { config, rest } = parseConfigArgs(args);
      let sequencePath: string | undefined;
      for (let i = 0; i < rest.length; i++) {
        if (rest[i] === '--sequence' && rest[i + 1] !== undefined) sequencePath = rest[++i];
        else throw new Error(`unknown argument '${rest[i]}' for demo`);
      }
      const entries = runDemoEntries(config);
      for (const line of timelineLines(entries)) io.out(line);
      if (sequencePath !== undefined) {
        writeFileSync(sequencePath, sequenceDiagram(entries));
        io.err(`sequence diagram written to ${sequencePath}`);
      }
      return 0;
    }
    if (command === 'serve') return await runServe(args, io);
    if (command === 'conformance') {
      const { config, rest } = parseConfigArgs(args);
      return await runConformanceCommand(config, rest, io);
    }
    io.err(`kgspec: unknown command '${command}'\n\n${HELP}`);
    return 2;
  } catch (e) {
    io.err(`kgspec: ${(e as Error).message}`);
    return 2;
  }
}
