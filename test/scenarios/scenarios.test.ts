/**
 * Runs every normative scenario against the built-in broker. Each scenario's rule IDs are
 * cited in spec/scenarios (the `rules` arrays), which spec:check reads.
 */
import { describe, expect, it } from 'vitest';
import { allScenarios } from '../../spec/scenarios/index.js';
import { InProcessTarget, runScenario } from '../../src/conformance/index.js';

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
      expect(result.status).toBe('passed');
    });
  }
});
