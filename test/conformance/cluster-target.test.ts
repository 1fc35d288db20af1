/**
 * Every normative scenario also runs on the in-memory cluster: three brokers, a replicated
 * `__consumer_offsets`, each group served by the coordinator shard on its partition leader.
 */
import { describe, expect, it } from 'vitest';
import { allScenarios } from '../../spec/scenarios/index.js';
import { ClusterTarget } from '../../src/conformance/cluster-target.js';
import { runScenarios } from '../../src/conformance/runner.js';

describe('conformance scenarios on the 3-broker in-memory cluster', () => {
  it('[FO-01] every scenario passes on the cluster target', async () => {
    const results = await runScenarios(allScenarios, new ClusterTarget());
    const failed = results.filter((r) => r.status === 'failed');
    expect(failed.map((f) => (f.status === 'failed' ? `${f.name}: step ${f.stepIndex} (${f.step}) expected ${f.expected} actual ${f.actual}` : ''))).toEqual([]);
    expect(results.filter((r) => r.status === 'passed').length).toBeGreaterThan(allScenarios.length * 0.95);
  });
});
