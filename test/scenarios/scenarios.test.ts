/**
 * Runs every normative scenario against the built-in broker. Each scenario's rule IDs are
 * cited in spec/scenarios (the `rules` arrays), which spec:check reads.
 */
import { describe, expect, it } from 'vitest';
import { allScenarios } from '../../spec/scenarios/index.js';
import { InProcessTarget, runScenario, scenarioEnv, stepsOf } from '../../src/conformance/index.js';

describe('conformance scenarios, in process', () => {
  const names = new Set<string>();
  for (const scenario of allScenarios) {
    it(`${scenario.name} ${scenario.rules.map((r) => `{${r}}`).join('')}`, async () => {
      expect(names.has(scenario.name), `duplicate scenario name ${scenario.name}`).toBe(false);
      names.add(scenario.name);
      const result = await runScenario(scenario, new InProcessTarget());
      if (result.status === 'failed') {
        throw new Error(`step ${result.stepIndex} (${result.step}): expected ${result.expected}\n  actual ${result.actual}`);
      }
      // The single coordinator cannot crash brokers: fault scenarios skip here and run on the
      // cluster target (test/conformance/cluster-target.test.ts).
      const steps = stepsOf(scenario, scenarioEnv(scenario.config ?? {}, false));
      const usesFaults = scenario.cluster !== undefined || steps.some((st) => ['crashCoordinator', 'restartBrokers', 'moveCoordinator', 'sendToPreviousCoordinator', 'expectNetworkError'].includes(st.op));
      expect(result.status).toBe(usesFaults ? 'skipped' : 'passed');
    });
  }
});
