/**
 * Scenarios that derive their values from a broker config (group sizes from `group.max.size`,
 * waits from `offsets.retention.*`, strings from `offset.metadata.max.bytes`, a long initial
 * delay) run, not skip, on brokers with fixed configs other than Kafka's defaults: with small
 * values of those configs, in virtual time and with the margins of real time.
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
    name: 'cluster with fixed configs',
    fixedConfigs,
    realTime,
    start: (_configs: BrokerConfigs, topics: readonly TopicSpec[], settings?: ClusterSettings) => cluster.start(fixedConfigs, topics, settings),
  };
}

const SHORT_RETENTION = { 'offsets.retention.minutes': 1, 'offsets.retention.check.interval.ms': 10_000 };

const SMALL = { ...SHORT_RETENTION, 'group.max.size': 3, 'offset.metadata.max.bytes': 7, 'group.initial.rebalance.delay.ms': 0, 'group.min.session.timeout.ms': 1000 };

/** The two scenarios that need an initial rebalance that lasts, which a delay of 0 cannot give. */
const NEED_DELAY = /^(MaxSize: an Empty group accepts|Static: a new member replaced during the initial rebalance)/;

const ENVIRONMENTS: { name: string; configs: BrokerConfigs; realTime: boolean; skips: number }[] = [
  { name: 'group.max.size 3, short retention, 7-byte metadata, initial delay 0', configs: SMALL, realTime: false, skips: 2 },
  { name: 'the same with real-time margins', configs: SMALL, realTime: true, skips: 2 },
  { name: 'group.max.size 2, 1-byte metadata, an initial delay of 20 s', configs: { 'group.max.size': 2, 'offset.metadata.max.bytes': 1, 'group.initial.rebalance.delay.ms': 20_000 }, realTime: false, skips: 0 },
  { name: 'group.max.size 4, short retention, an initial delay of 20 s, with real-time margins', configs: { ...SHORT_RETENTION, 'group.max.size': 4, 'group.initial.rebalance.delay.ms': 20_000 }, realTime: true, skips: 0 },
];

/** The scenarios whose values derive from these configs. */
const DERIVED = /^(MaxSize|Expiration|OffsetCommit: metadata longer|Static: a new member replaced during the initial rebalance)/;
const scenarios = allScenarios.filter((s) => DERIVED.test(s.name));

describe('scenarios derived from broker configs', () => {
  for (const e of ENVIRONMENTS) {
    it(`[CONF-01, ST-15, EXP-03, OC-10] ${e.name}: ${e.skips === 0 ? 'every one runs' : `all but the ${e.skips} needing an initial delay run`}, and passes`, async () => {
      expect(scenarios.length).toBe(15);
      const results = await runScenarios(scenarios, fixedTarget(e.configs, e.realTime), { timeLimitMs: 120_000 });
      const expectedSkip = (name: string): boolean => e.skips > 0 && NEED_DELAY.test(name);
      const wrong = results.filter((r) => (r.status === 'skipped' ? !expectedSkip(r.name) : r.status !== 'passed'));
      expect(wrong.map((r) => (r.status === 'failed' ? `${r.name}: step ${r.stepIndex} (${r.step}) expected ${r.expected}, actual ${r.actual}` : r.status === 'skipped' ? `${r.name}: skipped: ${r.reason}` : ''))).toEqual([]);
      expect(results.filter((r) => r.status === 'skipped').length).toBe(e.skips);
    }, 120_000);
  }

  it('[CONF-01, ST-15] group.max.size 2: the offset, static-membership and failover scenarios that need a larger group skip, saying so, and none fails', async () => {
    const mine = allScenarios.filter((s) => /^(OffsetCommit|OffsetFetch|OffsetDelete|DeleteGroups|Expiration|Records|Static|MaxSize|Failover)/.test(s.name));
    const results = await runScenarios(mine, fixedTarget({ 'group.max.size': 2 }, false), { timeLimitMs: 120_000 });
    const failed = results.filter((r) => r.status === 'failed');
    expect(failed.map((r) => (r.status === 'failed' ? `${r.name}: step ${r.stepIndex} (${r.step}) expected ${r.expected}, actual ${r.actual}` : ''))).toEqual([]);
    const skipped = results.filter((r) => r.status === 'skipped');
    expect(skipped.filter((r) => r.status === 'skipped' && !/group.max.size is 2/.test(r.reason)).map((r) => r.name)).toEqual([]);
    expect(skipped.length).toBeGreaterThan(0);
  }, 120_000);
});
