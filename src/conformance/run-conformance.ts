/**
 * The conformance suite as a library call: `runConformance(target, options)` runs the
 * normative scenarios against any {@link Target}, so a JavaScript or TypeScript implementation
 * can run the suite in its own tests (or see `kafka-group-spec/vitest` for one test per
 * scenario).
 */
import { allScenarios } from '../../spec/scenarios/index.js';
import { summarize } from './report.js';
import type { Summary } from './report.js';
import type { RunOptions, ScenarioResult } from './runner.js';
import { runScenarios } from './runner.js';
import type { BrokerConfigs, Scenario } from './scenario.js';
import { selectScenarios } from './select.js';
import type { Target } from './target.js';

/** How many scenarios run at once by default: one in process (it is CPU-bound and instant). */
export const DEFAULT_PARALLEL_IN_PROCESS = 1;
/**
 * How many scenarios run at once by default against a real-time target: most of a scenario's
 * time is spent waiting for timers, and each uses a few connections and its own group, so 16
 * at once keep a broker busy without crowding it.
 */
export const DEFAULT_PARALLEL_REAL_TIME = 16;

/** A target, or a function making one (called once per run, before the first scenario). */
export type TargetOrFactory = Target | (() => Target | Promise<Target>);

/** Options of {@link runConformance}. */
export interface ConformanceOptions {
  /**
   * Rule IDs or globs selecting the scenarios that cite a matching rule: `'JG-07'`,
   * `'jg-0*,HB-03'`, `['SG-*', 'HB-03']` (comma lists, any case). Absent: every scenario.
   */
  readonly only?: string | readonly string[];
  /** The scenarios to choose from (default: the whole suite, {@link allScenarios}). */
  readonly scenarios?: readonly Scenario[];
  /**
   * Broker configs (Kafka names) for targets that start a broker per scenario: the baseline
   * under each scenario's own configs (default: Kafka's defaults). A target with
   * {@link Target.fixedConfigs} ignores them.
   */
  readonly configs?: BrokerConfigs;
  /**
   * How many scenarios run at once (default {@link DEFAULT_PARALLEL_IN_PROCESS}, or
   * {@link DEFAULT_PARALLEL_REAL_TIME} for a real-time target).
   */
  readonly parallel?: number;
  /** Called after each scenario, in completion order. */
  readonly onResult?: RunOptions['onResult'];
  /** Prefix of group ids and topic names (see {@link RunOptions.runId}). */
  readonly runId?: string;
  /** Real-time targets: the longest one scenario may take (default 60 s). */
  readonly timeLimitMs?: number;
}

/** What {@link runConformance} returns. */
export interface ConformanceRun {
  /** The target's name, for reports. */
  readonly target: string;
  /** One result per selected scenario, in suite order. */
  readonly results: readonly ScenarioResult[];
  readonly summary: Summary;
}

/** Resolves a target or a factory of one. */
export async function resolveTarget(target: TargetOrFactory): Promise<Target> {
  return typeof target === 'function' ? await target() : target;
}

/** The run options of a target and the library's options. */
export function runOptionsFor(target: Target, options: ConformanceOptions): RunOptions {
  const parallel = options.parallel ?? (target.realTime ? DEFAULT_PARALLEL_REAL_TIME : DEFAULT_PARALLEL_IN_PROCESS);
  if (!Number.isInteger(parallel) || parallel < 1) throw new RangeError(`parallel must be a positive integer, got ${parallel}`);
  return {
    parallel,
    ...(options.configs !== undefined ? { baseline: options.configs } : {}),
    ...(options.onResult !== undefined ? { onResult: options.onResult } : {}),
    ...(options.runId !== undefined ? { runId: options.runId } : {}),
    ...(options.timeLimitMs !== undefined ? { timeLimitMs: options.timeLimitMs } : {}),
  };
}

/**
 * Runs the conformance suite (or the scenarios `options.only` selects) against a target.
 *
 * @remarks
 * Every scenario gets a fresh session from `target.start`. A scenario the target cannot run
 * (a config it lacks, an optional {@link TargetSession} capability it does not implement) is
 * skipped with the reason in its result; a target that throws while starting fails that
 * scenario with the message, and the run goes on.
 *
 * @example
 * ```ts
 * const { summary } = await runConformance(myTarget, { only: 'JG-*' });
 * ```
 * @throws SelectionError when `only` matches no scenario or is not a rule pattern.
 * @see spec/README.md TRC-04
 */
export async function runConformance(target: TargetOrFactory, options: ConformanceOptions = {}): Promise<ConformanceRun> {
  const scenarios = selectScenarios(options.scenarios ?? allScenarios, options.only);
  const resolved = await resolveTarget(target);
  const results = await runScenarios(scenarios, resolved, runOptionsFor(resolved, options));
  return { target: resolved.name, results, summary: summarize(results) };
}
