/**
 * `kgspec conformance`: runs the normative scenarios against the built-in broker (in process)
 * or a broker over the wire, and reports per spec area; exit code 1 when anything failed.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { allScenarios } from '../../spec/scenarios/index.js';
import type { GroupCoordinatorConfig } from '../protocol/config.js';
import { KAFKA_CONFIG_NAMES } from '../protocol/config.js';
import { InProcessTarget } from '../conformance/in-process-target.js';
import { ClusterTarget } from '../conformance/cluster-target.js';
import { htmlReport } from '../conformance/html-report.js';
import { jsonReport, junitReport, notCheckedLines, summarize, summaryLine, textReport } from '../conformance/report.js';
import { loadSpecRules } from '../conformance/rules.js';
import type { SpecRule } from '../conformance/rules.js';
import { runOptionsFor } from '../conformance/run-conformance.js';
import { runScenarios } from '../conformance/runner.js';
import type { ScenarioResult } from '../conformance/runner.js';
import type { BrokerConfigs } from '../conformance/scenario.js';
import { selectScenarios, SelectionError } from '../conformance/select.js';
import type { Target } from '../conformance/target.js';
import { WireTarget } from '../conformance/wire-target.js';
import { UsageError } from './command.js';
import type { CliIo } from './command.js';
import { parseConformanceArgs } from './conformance-command.js';
import type { ConformanceCommandOptions } from './conformance-command.js';
import { runProgress } from './progress.js';

export { parseConformanceArgs } from './conformance-command.js';
export type { ConformanceCommandOptions } from './conformance-command.js';

/** The rules of spec/*.md: beside src/ in a checkout, beside dist/ in the package (dist/spec holds only compiled scenarios). */
export function specRules(): Map<string, SpecRule> {
  for (const rel of ['../../spec', '../../../spec']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    const rules = existsSync(dir) ? loadSpecRules(dir) : new Map<string, SpecRule>();
    if (rules.size > 0) return rules;
  }
  return new Map();
}

/** The command line's configs by Kafka name: the baseline of every scenario, or what a broker over the wire declares. */
function configsOf(config: GroupCoordinatorConfig): BrokerConfigs {
  const out: Record<string, number> = {};
  for (const [kafkaName, field] of Object.entries(KAFKA_CONFIG_NAMES)) out[kafkaName] = config[field];
  return out;
}

/** The target the options name: the built-in cluster or coordinator, or a broker over the wire declaring the command line's configs. */
export function conformanceTarget(config: GroupCoordinatorConfig, opts: ConformanceCommandOptions): Target {
  if (opts.target === 'wire') return new WireTarget({ bootstrap: opts.bootstrap ?? [], configs: configsOf(config) });
  return opts.target === 'cluster' ? new ClusterTarget() : new InProcessTarget();
}

/** Runs the suite against a target given as arguments (tests pass a target of their own); returns the exit code. */
export async function runConformanceCommand(config: GroupCoordinatorConfig, args: readonly string[], io: CliIo, given?: Target): Promise<number> {
  return runConformanceCli(config, parseConformanceArgs(args), io, given);
}

/** The report in the format the options ask for. */
function render(results: readonly ScenarioResult[], opts: ConformanceCommandOptions, target: string): string {
  switch (opts.report) {
    case 'json':
      return jsonReport(results, target);
    case 'junit':
      return junitReport(results, target);
    case 'html':
      return htmlReport(results, { target, rules: specRules(), suiteRules: new Set(allScenarios.flatMap((s) => s.rules)) });
    default:
      return textReport(results, specRules(), target);
  }
}

/** Every skip reason and unchecked step on stderr, grouped, for reports that do not print them on stdout themselves. */
function printSkips(results: readonly ScenarioResult[], io: CliIo): void {
  const byReason = new Map<string, string[]>();
  for (const r of results) if (r.status === 'skipped') byReason.set(r.reason, [...(byReason.get(r.reason) ?? []), r.name]);
  for (const [reason, names] of byReason) {
    io.err(`skipped ${names.length}: ${reason}`);
    for (const name of names) io.err(`  - ${name}`);
  }
  for (const line of notCheckedLines(results)) io.err(line);
}

/** Runs the suite with parsed options against a target (by default the one the options name); returns the exit code. */
export async function runConformanceCli(config: GroupCoordinatorConfig, opts: ConformanceCommandOptions, io: CliIo, given?: Target): Promise<number> {
  const target = given ?? conformanceTarget(config, opts);
  let scenarios;
  try {
    scenarios = selectScenarios(allScenarios, opts.only);
  } catch (e) {
    if (e instanceof SelectionError) throw new UsageError(`--only matched nothing: ${e.message}`);
    throw e;
  }
  const progress = runProgress(io, scenarios.length);
  const run = runOptionsFor(target, { configs: configsOf(config), ...(opts.parallel !== undefined ? { parallel: opts.parallel } : {}) });
  let results: ScenarioResult[];
  try {
    results = await runScenarios(scenarios, target, { ...run, onResult: (r, done, total) => progress.result(r, done, total) });
  } finally {
    progress.stop();
  }
  const report = render(results, opts, target.name);
  const summary = summaryLine(summarize(results));
  if (opts.out !== undefined) {
    writeFileSync(opts.out, report);
    io.out(`report written to ${opts.out}`);
    io.out(summary);
  } else io.out(report);
  if (opts.report !== 'text' || opts.out !== undefined) {
    printSkips(results, io);
    if (opts.out === undefined) io.err(summary);
  }
  return summarize(results).failed > 0 ? 1 : 0;
}
