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

/**
 * The configs the README recommends for a broker under test: every timer short, yet the initial
 * delay long enough (three real-time margins) for the scenarios about it, groups small enough to
 * fill, offsets that expire within a minute and a half.
 */
const TEST_PROFILE: BrokerConfigs = {
  'group.initial.rebalance.delay.ms': 1200,
  'group.min.session.timeout.ms': 1000,
  'group.max.size': 10,
  'offsets.retention.minutes': 1,
  'offsets.retention.check.interval.ms': 15_000,
  'group.consumer.session.timeout.ms': 3000,
  'group.consumer.min.session.timeout.ms': 1000,
  'group.consumer.heartbeat.interval.ms': 1000,
  'group.consumer.min.heartbeat.interval.ms': 500,
  'group.consumer.max.size': 10,
};
const DELAY_ZERO: BrokerConfigs = { 'group.initial.rebalance.delay.ms': 0, 'group.min.session.timeout.ms': 1000 };

/**
 * The environments, each with the most scenarios it may skip: 5% of the suite where every
 * scenario can run; more where a config makes some untestable, each kind named.
 */
const FIVE_PERCENT = Math.floor(allScenarios.length * 0.05);
const ENVIRONMENTS: { name: string; configs: BrokerConfigs; realTime: boolean; maxSkipped: number }[] = [
  { name: "Kafka's defaults", configs: {}, realTime: false, maxSkipped: FIVE_PERCENT },
  { name: 'the test profile', configs: TEST_PROFILE, realTime: false, maxSkipped: FIVE_PERCENT },
  { name: 'the test profile with real-time margins', configs: TEST_PROFILE, realTime: true, maxSkipped: FIVE_PERCENT },
  // A delay of 0 leaves nothing to observe of the initial delay (TM-11, TM-04, LG and ST
  // scenarios that act during it): about 11 scenarios more than elsewhere.
  { name: 'initial delay 0, sessions from 1 s', configs: DELAY_ZERO, realTime: false, maxSkipped: FIVE_PERCENT + 11 },
  { name: 'initial delay 0 with real-time margins', configs: DELAY_ZERO, realTime: true, maxSkipped: FIVE_PERCENT + 20 },
  // Kafka's defaults in real time: a 7-day retention and a 10-minute cleanup cannot be waited
  // for, nor a group of 2147483647 filled, nor the fixed 300 s new-member timeout.
  { name: "Kafka's defaults with real-time margins", configs: {}, realTime: true, maxSkipped: FIVE_PERCENT + 8 },
];

/** `KGSPEC_SCENARIOS=regex` narrows the run to matching scenario names (while working on some). */
const only = process.env['KGSPEC_SCENARIOS'] === undefined ? undefined : new RegExp(process.env['KGSPEC_SCENARIOS']);
const scenarios = allScenarios.filter((s) => only === undefined || only.test(s.name));

describe('the suite against brokers with fixed configs', () => {
  for (const e of ENVIRONMENTS) {
    it(`[CONF-01] [CONF-02] ${e.name}: 0 failed, at most ${e.maxSkipped} skipped`, async () => {
      const results = await runScenarios(scenarios, fixedTarget(e.configs, e.realTime), { timeLimitMs: 120_000 });
      const failed = results.filter((r) => r.status === 'failed');
      const skipped = results.filter((r) => r.status === 'skipped');
      expect(failed.map((r) => (r.status === 'failed' ? `${r.name}: step ${r.stepIndex} (${r.step}) expected ${r.expected}, actual ${r.actual}` : ''))).toEqual([]);
      const why = skipped.map((r) => (r.status === 'skipped' ? `${r.name}: ${r.reason}` : ''));
      console.log(`${e.name}: ${results.length - failed.length - skipped.length} passed, ${failed.length} failed, ${skipped.length} skipped`);
      expect(skipped.length, why.join('\n')).toBeLessThanOrEqual(Math.round((e.maxSkipped * scenarios.length) / allScenarios.length));
    }, 300_000);
  }
});
