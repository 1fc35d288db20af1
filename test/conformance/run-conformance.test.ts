/**
 * The library entry point: `runConformance(targetOrFactory, options)` from the package root.
 */
import { describe, expect, it } from 'vitest';
import { allScenarios } from '../../spec/scenarios/index.js';
import { ClusterTarget } from '../../src/conformance/cluster-target.js';
import { InProcessTarget } from '../../src/conformance/in-process-target.js';
import type { Target } from '../../src/conformance/target.js';
import { KAFKA_DEFAULTS, runConformance, SelectionError, selectScenarios } from '../../src/index.js';

describe('runConformance', () => {
  it('[TRC-04] runs the scenarios `only` selects (comma lists, any case) and returns results and summary', async () => {
    const run = await runConformance(new ClusterTarget(), { only: ['hb-01, SG-0?', 'jg-07'] });
    const expected = allScenarios.filter((s) => s.rules.some((id) => /^(HB-01|SG-0.|JG-07)$/.test(id)));
    expect(expected.length).toBeGreaterThan(3);
    expect(run.results.map((r) => r.name)).toEqual(expected.map((s) => s.name));
    expect(run.summary).toEqual({ passed: expected.length, failed: 0, skipped: 0 });
    expect(run.target).toBe('in-memory-cluster');
  });

  it('[TRC-04] takes a factory, called once per run; refuses a selection of nothing', async () => {
    let made = 0;
    const run = await runConformance(() => (made++, new ClusterTarget()), { only: 'HB-01' });
    expect(made).toBe(1);
    expect(run.summary.failed).toBe(0);
    await expect(runConformance(new ClusterTarget(), { only: 'NOPE-*' })).rejects.toThrow(SelectionError);
    expect(() => selectScenarios(allScenarios, 'JG 07')).toThrow(/not a rule ID or glob/);
  });

  it('[TRC-04] a target that throws while starting fails that scenario with the message; the run goes on', async () => {
    const inner = new ClusterTarget();
    let starts = 0;
    const flaky: Target = {
      name: 'flaky',
      start: (configs, topics, cluster) => (++starts === 2 ? Promise.reject(new Error('broker refused the config')) : inner.start(configs, topics, cluster)),
    };
    const run = await runConformance(flaky, { only: 'HB-*' });
    const failed = run.results.filter((r) => r.status === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ step: 'start', expected: 'the target to start', actual: 'exception: broker refused the config' });
    expect(run.summary.passed).toBe(run.results.length - 1);
  });

  it('[TRC-04] a target that validates its configs gets only Kafka configs: cluster settings travel apart, so the whole suite passes', async () => {
    const inner = new ClusterTarget();
    const seen = new Set<string>();
    const strict: Target = {
      name: 'strict',
      async start(configs, topics, cluster) {
        for (const key of Object.keys(configs)) {
          seen.add(key);
          if (!(key in KAFKA_DEFAULTS)) throw new Error(`unknown broker config ${key}`);
        }
        return inner.start(configs, topics, cluster);
      },
    };
    const run = await runConformance(strict);
    expect(run.results.filter((r) => r.status === 'failed').map((r) => r.name)).toEqual([]);
    expect(run.summary).toEqual({ passed: allScenarios.length, failed: 0, skipped: 0 });
    expect(seen.size).toBeGreaterThan(0);
  }, 120_000);

  it('[TRC-04] a scenario needing a capability the session lacks is skipped with the reason, before its first step', async () => {
    const run = await runConformance(new InProcessTarget(), { only: 'FO-*' });
    const skipped = run.results.filter((r) => r.status === 'skipped');
    expect(skipped.length).toBeGreaterThan(0);
    for (const r of skipped) expect(r.status === 'skipped' && r.reason).toMatch(/^(the target cannot |needs the in-memory cluster)/);
    expect(run.summary.failed).toBe(0);
  });
});
