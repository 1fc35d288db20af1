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
import { UsageError } from './command.js';
import type { CliIo } from './command.js';
import { parseConformanceArgs } from './conformance-command.js';
import type { ConformanceOptions } from './conformance-command.js';

export { parseConformanceArgs } from './conformance-command.js';
export type { ConformanceOptions } from './conformance-command.js';


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
export function selectScenarios(only: RegExp | undefined): Scenario[] {
  return allScenarios.filter((s) => only === undefined || s.rules.some((r) => only.test(r)));
}

/** The command line's configs by Kafka name: the baseline of every scenario. */
function baselineOf(config: GroupCoordinatorConfig): Record<string, number> {
  const baseline: Record<string, number> = {};
  for (const [kafkaName, field] of Object.entries(KAFKA_CONFIG_NAMES)) baseline[kafkaName] = config[field];
  return baseline;
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

/** Runs the suite with parsed options against a target (by default the one `opts.target` names); returns the exit code. */
export async function runConformance(config: GroupCoordinatorConfig, opts: ConformanceOptions, io: CliIo, given?: Target): Promise<number> {
  const target = given ?? (opts.target === 'cluster' ? new ClusterTarget() : new InProcessTarget());
  const scenarios = selectScenarios(opts.only);
  if (scenarios.length === 0) throw new UsageError(`--only matched no scenario (no rule ID matches ${String(opts.only)})`);
  const soFar: ScenarioResult[] = [];
  const results = await runScenarios(scenarios, target, {
    baseline: baselineOf(config),
    onResult: (r, done, total) => {
      soFar.push(r);
      // A progress line on stderr: every 25 scenarios, at each failure, and at the end.
      if (done % 25 === 0 || done === total || r.status === 'failed') {
        io.err(`[${done}/${total}] ${summaryLine(summarize(soFar))}${r.status === 'failed' ? ` (failed: ${r.name})` : ''}`);
      }
    },
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
