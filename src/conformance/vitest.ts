/**
 * `kafka-group-spec/vitest`: the conformance suite as vitest tests, one per scenario, for an
 * implementation's own test files.
 *
 * @example
 * ```ts
 * // my-broker.conformance.test.ts
 * import { describeConformance } from 'kafka-group-spec/vitest';
 * describeConformance(() => new MyTarget(), { only: 'JG-*,SG-*' });
 * ```
 *
 * @remarks
 * A separate entry point, so the package root never loads vitest (an optional peer
 * dependency). A scenario the target cannot run is skipped with its reason, which vitest shows
 * beside the test and which is also written to stderr, so it is printed whatever the reporter.
 * @packageDocumentation
 */
import { beforeAll, describe, it } from 'vitest';
import { allScenarios } from '../../spec/scenarios/index.js';
import { show } from './match.js';
import { resolveTarget, runOptionsFor } from './run-conformance.js';
import type { ConformanceOptions, TargetOrFactory } from './run-conformance.js';
import { runIdFor, runScenario } from './runner.js';
import type { RunOptions, ScenarioResult } from './runner.js';
import { selectScenarios } from './select.js';
import type { Target } from './target.js';

/** Options of {@link describeConformance}. */
export interface VitestConformanceOptions extends Omit<ConformanceOptions, 'onResult'> {
  /** The name of the describe block (default `kafka-group-spec conformance`). */
  readonly name?: string;
}

/** The message of a failed scenario's test: the step, expected and actual, the rules and the exchange so far. */
export function failureMessage(r: ScenarioResult & { status: 'failed' }): string {
  const lines = [`${r.name} [${r.rules.join(', ')}]`, `step ${r.stepIndex}: ${r.step}`, `expected ${r.expected}`, `actual   ${r.actual}`];
  if (r.transcript.length > 0) lines.push('exchange:');
  for (const x of r.transcript) {
    lines.push(`  ${x.label} ${x.request.api} v${x.request.version} -> ${x.response === undefined ? 'no answer' : show(x.response)}`);
    if (x.expected !== undefined) lines.push(`    expected ${x.expected}`);
  }
  return lines.join('\n');
}

/**
 * Registers one vitest test per selected scenario (titled with its name and rule IDs) in a
 * describe block. A failed scenario fails its test with {@link failureMessage}; a skipped one
 * is skipped with the reason.
 *
 * @remarks
 * `options.parallel` above 1 runs the tests concurrently (within vitest's `maxConcurrency`).
 * The target (or its factory, called once) is resolved before the first test.
 * @see spec/README.md TRC-04
 */
export function describeConformance(target: TargetOrFactory, options: VitestConformanceOptions = {}): void {
  const scenarios = selectScenarios(options.scenarios ?? allScenarios, options.only);
  const block = (options.parallel ?? 1) > 1 ? describe.concurrent : describe;
  // Real-time scenarios may take up to their time limit; leave the runner's own limit room to report first.
  const timeout = (options.timeLimitMs ?? 60_000) + 10_000;
  block(options.name ?? 'kafka-group-spec conformance', () => {
    let resolved: Target;
    let run: RunOptions;
    beforeAll(async () => {
      resolved = await resolveTarget(target);
      const base = runOptionsFor(resolved, options);
      const runId = runIdFor(resolved, base);
      run = runId === undefined ? base : { ...base, runId };
    });
    scenarios.forEach((scenario, index) => {
      it(`${scenario.name} [${scenario.rules.join(', ')}]`, async (ctx) => {
        const r = await runScenario(scenario, resolved, run, index);
        if (r.status === 'skipped') {
          process.stderr.write(`skipped: ${scenario.name}: ${r.reason}\n`);
          ctx.skip(r.reason);
        }
        if (r.status === 'failed') throw new Error(failureMessage(r));
      }, timeout);
    });
  });
}
