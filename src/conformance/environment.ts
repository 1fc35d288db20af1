/**
 * The environment a scenario runs in on a target (CONF-01, CONF-02): the configs a per-scenario
 * target starts with, or the fixed configs of a running broker, and whether the scenario can
 * run there at all.
 */
import type { RunOptions } from './runner.js';
import type { BrokerConfigs, Scenario, ScenarioEnv } from './scenario.js';
import { elapsedMs, scenarioEnv, stepsOf } from './scenario.js';
import type { Target } from './target.js';

/**
 * Why a scenario that watches an Empty group cannot run on a broker whose cleanup may run
 * during it (every `offsets.retention.check.interval.ms`, at a phase the scenario cannot know),
 * or undefined. Real time adds ten margins for the round trips the advances do not count.
 */
function cleanupInterferes(scenario: Scenario, env: ScenarioEnv): string | undefined {
  if (scenario.watchesEmpty !== true) return undefined;
  const lasts = elapsedMs(stepsOf(scenario, env)) + (env.realTime ? 10 * env.marginMs : 0);
  const interval = env.configs['offsets.retention.check.interval.ms']!;
  if (interval > lasts) return undefined;
  return `watches an Empty group for up to ${lasts} ms; the target's cleanup every ${interval} ms (offsets.retention.check.interval.ms) may delete it first (EXP-01)`;
}

/** The environment of a scenario on a target, or why the scenario cannot run there. */
export function environmentFor(scenario: Scenario, target: Target, options: Pick<RunOptions, 'baseline' | 'marginMs'> = {}): { env: ScenarioEnv; configs: BrokerConfigs } | { skip: string } {
  const realTime = target.realTime === true;
  if (target.fixedConfigs === undefined) {
    const configs = { ...options.baseline, ...scenario.config };
    return { env: scenarioEnv(configs, realTime, options.marginMs), configs };
  }
  const env = scenarioEnv(target.fixedConfigs, realTime, options.marginMs);
  const cleanup = cleanupInterferes(scenario, env);
  if (cleanup !== undefined) return { skip: cleanup };
  if (scenario.needs !== undefined) {
    const why = scenario.needs(env);
    return why === undefined ? { env, configs: env.configs } : { skip: why };
  }
  for (const [key, value] of Object.entries(scenario.config ?? {})) {
    if (env.configs[key] !== value) return { skip: `needs ${key}=${value}; the target has ${env.configs[key] ?? 'no such config'}` };
  }
  return { env, configs: env.configs };
}
