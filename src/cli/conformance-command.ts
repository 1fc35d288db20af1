/**
 * `kgspec conformance`: its options and help. The suite itself (conformance.ts) is imported
 * only when the command runs, so `kgspec --help` stays fast.
 */
import { rulePatterns, SelectionError } from '../conformance/select.js';
import { BROKER_OPTIONS, brokerConfigFromValues, brokerConfigTable } from './broker-options.js';
import { parseCommandArgs, UsageError } from './command.js';
import type { CliCommand, CliValues } from './command.js';

/** The report formats. */
export const REPORT_FORMATS = ['text', 'json', 'junit', 'html'] as const;

/** The most scenarios `--parallel` runs at once: beyond it a broker spends its time on connections. */
export const MAX_PARALLEL = 256;

/** Options of the command. */
export interface ConformanceCommandOptions {
  /** Rule IDs or globs (comma lists already split); empty: every scenario. */
  only: string[];
  /** `cluster` (default): the 3-broker in-memory cluster; `coordinator`: one coordinator alone; `wire`: `bootstrap`. */
  target: 'cluster' | 'coordinator' | 'wire';
  /** `host:port` of the brokers of a `wire` target. */
  bootstrap?: string[];
  /** Scenarios at once (absent: the library's default for the target). */
  parallel?: number;
  report: (typeof REPORT_FORMATS)[number];
  out?: string;
}

/** The `conformance` command; conformance.ts does the work. */
export const conformanceCommand: CliCommand = {
  name: 'conformance',
  summary: 'every normative scenario against the built-in broker or a broker over the wire, with a report per spec area',
  description:
    'Runs every normative scenario against the built-in broker (a 3-broker in-memory cluster;\n' +
    '--target coordinator: one coordinator alone, which skips the failover scenarios), or with\n' +
    "--bootstrap against a running broker, whose configs --config/--config-file then declare;\n" +
    "prints a table by spec area, every failure with the rule's text and every skip with why;\n" +
    'exit 1 when anything failed. A progress bar on a terminal, plain lines otherwise.',
  options: {
    only: { type: 'string', multiple: true, value: 'RULES', description: "rule IDs or globs citing the scenarios to run, comma-separated, any case: 'jg-0*,HB-03'" },
    parallel: { type: 'string', value: 'N', description: `scenarios at once, 1-${MAX_PARALLEL} (default 1 in process, 16 over the wire)` },
    report: { type: 'string', choices: REPORT_FORMATS, description: 'report format (default text; html: one self-contained page)' },
    out: { type: 'string', value: 'file', outputPath: true, description: 'write the report to a file (default: stdout)' },
    target: { type: 'string', choices: ['cluster', 'coordinator'], description: 'the built-in broker to test (default cluster)' },
    bootstrap: { type: 'string', multiple: true, value: 'host:port', description: 'test the broker at host:port (comma list) over the wire instead' },
    ...BROKER_OPTIONS,
  },
  epilog: brokerConfigTable,
  async run(values, io) {
    const config = brokerConfigFromValues(values);
    const options = conformanceOptions(values);
    const { runConformanceCli } = await import('./conformance.js'); // the suite loads only when it runs
    return runConformanceCli(config, options, io);
  },
};

const str = (values: CliValues, k: string): string | undefined => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
const list = (values: CliValues, k: string): string[] => (Array.isArray(values[k]) ? [...(values[k] as string[])] : []);

/** `host:port` or `[v6]:port` with a port in 1-65535, else a usage error naming --bootstrap. */
function parseBootstrap(entries: readonly string[]): string[] {
  const all = entries.flatMap((e) => e.split(',')).map((e) => e.trim()).filter((e) => e !== '');
  if (all.length === 0) throw new UsageError('--bootstrap takes host:port, got nothing');
  for (const hp of all) {
    const m = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+):(\d{1,5})$/.exec(hp);
    if (m === null || Number(m[2]) < 1 || Number(m[2]) > 65535) throw new UsageError(`--bootstrap takes host:port (port 1-65535), got '${hp}'`);
  }
  return all;
}

function parseParallel(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(n >= 1 && n <= MAX_PARALLEL)) throw new UsageError(`--parallel takes a whole number from 1 to ${MAX_PARALLEL}, got '${text}'`);
  return n;
}

function parseOnly(entries: readonly string[]): string[] {
  try {
    return rulePatterns(entries).map((p) => p.text);
  } catch (e) {
    if (e instanceof SelectionError) throw new UsageError(`--only: ${e.message}`);
    throw e;
  }
}

function conformanceOptions(values: CliValues): ConformanceCommandOptions {
  const out = str(values, 'out');
  const parallel = parseParallel(str(values, 'parallel'));
  const hasBootstrap = values['bootstrap'] !== undefined;
  if (hasBootstrap && str(values, 'target') !== undefined) throw new UsageError('--target picks a built-in broker; --bootstrap tests another: give one of them');
  return {
    only: parseOnly(list(values, 'only')),
    report: (str(values, 'report') ?? 'text') as ConformanceCommandOptions['report'],
    target: hasBootstrap ? 'wire' : ((str(values, 'target') ?? 'cluster') as 'cluster' | 'coordinator'),
    ...(hasBootstrap ? { bootstrap: parseBootstrap(list(values, 'bootstrap')) } : {}),
    ...(parallel !== undefined ? { parallel } : {}),
    ...(out !== undefined ? { out } : {}),
  };
}

/** Parses the command's own arguments (broker configs aside). */
export function parseConformanceArgs(args: readonly string[]): ConformanceCommandOptions {
  return conformanceOptions(parseCommandArgs(conformanceCommand, args));
}
