/**
 * The suite is parametric in the broker's configs: every scenario runs in process against a
 * broker whose configs are fixed up front (as a broker over the wire is), with Kafka's
 * defaults and with small timers, in virtual time and with the margins of real time; none
 * fails, and at most 5% are skipped (those that truly need another value say why).
 */
import { describe, expect, it } from 'vitest';
import { allScenarios } from '../../spec/scenarios/index.js';
import { ClusterTarget } from '../../src/conformance/cluster-target.js';
import { runScenarios } from '../../src/conformance/runner.js';
import type { BrokerConfigs, ClusterSettings, Target, TopicSpec } from '../../src/conformance/index.js';

/** The in-memory cluster with fixed configs, as an operator's broker would have. */
function fixedTarget(fixedConfigs: BrokerConfigs, realTime: boolean): Target {
  const cluster = new ClusterTarget();
  return {
    name: `cluster with fixed configs${realTime ? ', real-time margins' : ''}`,
    fixedConfigs,
    realTime,
    start: (_configs: BrokerConfigs, topics: readonly TopicSpec[], settings?: ClusterSettings) => cluster.start(fixedConfigs, topics, settings),
  };
}

const SMALL_TIMERS = { 'group.initial.rebalance.delay.ms': 0, 'group.min.session.timeout.ms': 1000 };

const ENVIRONMENTS: { name: string; configs: BrokerConfigs; realTime: boolean }[] = [
  { name: "Kafka's defaults", configs: {}, realTime: false },
  { name: 'small timers (initial delay 0, sessions from 1 s)', configs: SMALL_TIMERS, realTime: false },
  { name: "Kafka's defaults with real-time margins", configs: {}, realTime: true },
  { name: 'small timers with real-time margins', configs: SMALL_TIMERS, realTime: true },
];

/** `KGSPEC_SCENARIOS=regex` narrows the run to matching scenario names (while working on some). */
const only = process.env['KGSPEC_SCENARIOS'] === undefined ? undefined : new RegExp(process.env['KGSPEC_SCENARIOS']);
const scenarios = allScenarios.filter((s) => only === undefined || only.test(s.name));

describe('the suite against brokers with fixed configs', () => {
  for (const e of ENVIRONMENTS) {
    it(`[TRC-01] ${e.name}: 0 failed, at most 5% skipped`, async () => {
      const results = await runScenarios(scenarios, fixedTarget(e.configs, e.realTime), { timeLimitMs: 120_000 });
      const failed = results.filter((r) => r.status === 'failed');
      const skipped = results.filter((r) => r.status === 'skipped');
      expect(failed.map((r) => (r.status === 'failed' ? `${r.name}: step ${r.stepIndex} (${r.step}) expected ${r.expected}, actual ${r.actual}` : ''))).toEqual([]);
      const why = skipped.map((r) => (r.status === 'skipped' ? `${r.name}: ${r.reason}` : ''));
      expect(skipped.length, why.join('\n')).toBeLessThanOrEqual(Math.floor(scenarios.length * 0.05));
    }, 300_000);
  }
});
