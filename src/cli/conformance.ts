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
import type { CliIo } from './cli.js';

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

/** Parses the command's own arguments. */
export function parseConformanceArgs(args: readonly string[]): ConformanceOptions {
  const opts: ConformanceOptions = { report: 'text', target: 'cluster' };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = (): string => {
      const v = args[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--only') opts.only = globToRegExp(value());
    else if (a === '--target') {
      const t = value();
      if (t !== 'cluster' && t !== 'coordinator') throw new Error(`--target takes cluster or coordinator, got '${t}'`);
      opts.target = t;
    }
    else if (a === '--out') opts.out = value();
    else if (a === '--report') {
      const r = value();
      if (r !== 'text' && r !== 'json' && r !== 'junit') throw new Error(`--report takes text, json or junit, got '${r}'`);
      opts.report = r;
    } else throw new Error(`unknown argument '${a}' for conformance`);
  }
  return opts;
}

function specRules(): Map<string, SpecRule> {
  for (const rel of ['../../spec', '../../../spec']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(dir)) return loadSpecRules(dir);
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
  const opts = parseConformanceArgs(args);
  const target = given ?? (opts.target === 'cluster' ? new ClusterTarget() : new InProcessTarget());
  const scenarios = selectScenarios(config, opts.only);
  if (scenarios.length === 0) throw new Error('--only matched no scenario');
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
