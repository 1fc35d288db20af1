/**
 * `kgspec conformance`: runs the normative scenarios in process and prints a report.
 */
import { allScenarios } from '../../spec/scenarios/index.js';
import type { GroupCoordinatorConfig } from '../protocol/config.js';
import { KAFKA_CONFIG_NAMES } from '../protocol/config.js';
import { InProcessTarget } from '../conformance/in-process-target.js';
import { runScenarios } from '../conformance/runner.js';
import type { Scenario } from '../conformance/scenario.js';
import type { CliIo } from './cli.js';

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

/** Runs the suite; returns the exit code (1 when anything failed). */
export async function runConformanceCommand(config: GroupCoordinatorConfig, args: readonly string[], io: CliIo): Promise<number> {
  let only: RegExp | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--only' && args[i + 1] !== undefined) only = globToRegExp(args[++i]!);
    else throw new Error(`unknown argument '${args[i]}' for conformance`);
  }
  // Configs given on the command line become the baseline; a scenario's own configs win.
  const baseline: Record<string, number> = {};
  for (const [kafkaName, field] of Object.entries(KAFKA_CONFIG_NAMES)) baseline[kafkaName] = config[field];
  const scenarios: Scenario[] = allScenarios
    .filter((s) => only === undefined || s.rules.some((r) => only!.test(r)))
    .map((s) => ({ ...s, config: { ...baseline, ...s.config } }));
  const results = await runScenarios(scenarios, new InProcessTarget(), (r, done, total) => {
    if (r.status !== 'passed') io.err(`[${done}/${total}] ${r.status}: ${r.name}`);
  });
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const r of results) {
    if (r.status === 'passed') passed++;
    else if (r.status === 'skipped') {
      skipped++;
      io.out(`SKIP ${r.name} [${r.rules.join(', ')}]: ${r.reason}`);
    } else {
      failed++;
      io.out(`FAIL ${r.name} [${r.rules.join(', ')}]\n  step ${r.stepIndex}: ${r.step}\n  expected ${r.expected}\n  actual   ${r.actual}`);
    }
  }
  io.out(`conformance: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  return failed > 0 ? 1 : 0;
}
