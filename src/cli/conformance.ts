/**
 * `kgspec conformance`: runs the normative scenarios (in process for now) and reports per
 * spec area; exit code 1 when anything failed.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { allScenarios } from '../../spec/scenarios/index.js';
import type { GroupCoordinatorConfig } from '../protocol/config.js';
import { KAFKA_CONFIG_NAMES } from '../protocol/config.js';
import { InProcessTarget } from '../conformance/in-process-target.js';
import { ClusterTarget } from '../conformance/cluster-target.js';
import { jsonReport, junitReport, summarize, summaryLine, textReport } from '../conformance/report.js';
import { loadSpecRules } from '../conformance/rules.js';
import type { SpecRule } from '../conformance/rules.js';
import { runScenarios } from '../conformance/runner.js';
import type { ScenarioResult } from '../conformance/runner.js';
import type { Scenario } from '../conformance/scenario.js';
import type { Target } from '../conformance/target.js';
import { BROKER_OPTIONS, brokerConfigFromValues, brokerConfigTable } from './broker-options.js';
import { parseCommandArgs, UsageError } from './command.js';
import type { CliCommand, CliIo, CliValues } from './command.js';

/** Options of the command. */
export interface ConformanceOptions {
  only?: RegExp;
  /** `cluster` (default): the 3-broker in-memory cluster; `coordinator`: one coordinator alone. */
  target: 'cluster' | 'coordinator';
  report: 'text' | 'json' | 'junit';
  out?: string;
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

/** The `conformance` command; {@link runConformanceCommand} does the work. */
export const conformanceCommand: CliCommand = {
  name: 'conformance',
  summary: 'every normative scenario against the built-in broker, with a report per spec area',
  description:
    'Runs every normative scenario against the built-in broker (a 3-broker in-memory cluster;\n' +
    '--target coordinator: one coordinator alone, which skips the failover scenarios); prints\n' +
    "a table by spec area and every failure with the rule's text; exit 1 when anything failed.",
  options: {
    only: { type: 'string', value: 'RULE-or-glob', description: "run the scenarios citing a matching rule ID, e.g. 'JG-*'" },
    report: { type: 'string', choices: ['text', 'json', 'junit'], description: 'report format (default text)' },
    out: { type: 'string', value: 'file', outputPath: true, description: 'write the report to a file (default: stdout)' },
    target: { type: 'string', choices: ['cluster', 'coordinator'], description: 'the built-in broker to test (default cluster)' },
    ...BROKER_OPTIONS,
  },
  epilog: brokerConfigTable,
  run: (values, io) => runConformance(brokerConfigFromValues(values), conformanceOptions(values), io),
};

function conformanceOptions(values: CliValues): ConformanceOptions {
  const str = (k: string): string | undefined => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const only = str('only');
  const out = str('out');
  return {
    report: (str('report') ?? 'text') as ConformanceOptions['report'],
    target: (str('target') ?? 'cluster') as ConformanceOptions['target'],
    ...(only !== undefined ? { only: globToRegExp(only) } : {}),
    ...(out !== undefined ? { out } : {}),
  };
}

/** Parses the command's own arguments (broker configs aside). */
export function parseConformanceArgs(args: readonly string[]): ConformanceOptions {
  return conformanceOptions(parseCommandArgs(conformanceCommand, args));
}

/** The rules of spec/*.md: beside src/ in a checkout, beside dist/ in the package (dist/spec holds only compiled scenarios). */
function specRules(): Map<string, SpecRule> {
  for (const rel of ['../../spec', '../../../spec']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    const rules = existsSync(dir) ? loadSpecRules(dir) : new Map<string, SpecRule>();
    if (rules.size > 0) return rules;
  }
  return new Map();
}

/** The scenarios selected by `--only`, with the command line's configs as their baseline. */
export function selectScenarios(config: GroupCoordinatorConfig, only: RegExp | undefined): Scenario[] {
  const baseline: Record<string, number> = {};
  for (const [kafkaName, field] of Object.entries(KAFKA_CONFIG_NAMES)) baseline[kafkaName] = config[field];
  return allScenarios
    .filter((s) => only === undefined || s.rules.some((r) => only.test(r)))
    .map((s) => ({ ...s, config: { ...baseline, ...s.config } }));
}

/** Runs the suite against a target; returns the exit code (1 when anything failed). */
export async function runConformanceCommand(
  config: GroupCoordinatorConfig,
  args: readonly string[],
  io: CliIo,
  given?: Target,
): Promise<number> {
  return runConformance(config, parseConformanceArgs(args), io, given);
}

async function runConformance(config: GroupCoordinatorConfig, opts: ConformanceOptions, io: CliIo, given?: Target): Promise<number> {
  const target = given ?? (opts.target === 'cluster' ? new ClusterTarget() : new InProcessTarget());
  const scenarios = selectScenarios(config, opts.only);
  if (scenarios.length === 0) throw new UsageError(`--only matched no scenario (no rule ID matches ${String(opts.only)})`);
  const soFar: ScenarioResult[] = [];
  const results = await runScenarios(scenarios, target, (r, done, total) => {
    soFar.push(r);
    // A progress line on stderr: every 25 scenarios, at each failure, and at the end.
    if (done % 25 === 0 || done === total || r.status === 'failed') {
      io.err(`[${done}/${total}] ${summaryLine(summarize(soFar))}${r.status === 'failed' ? ` (failed: ${r.name})` : ''}`);
    }
  });
  const report =
    opts.report === 'json' ? jsonReport(results, target.name) : opts.report === 'junit' ? junitReport(results, target.name) : textReport(results, specRules(), target.name);
  if (opts.out !== undefined) {
    writeFileSync(opts.out, report);
    io.out(`report written to ${opts.out}`);
    io.out(summaryLine(summarize(results)));
  } else {
    io.out(report);
    if (opts.report !== 'text') io.err(summaryLine(summarize(results)));
  }
  return summarize(results).failed > 0 ? 1 : 0;
}
