/**
 * Normative scenarios: timers.
 */
import type { Scenario } from '../../src/conformance/scenario.js';

export const timersScenarios: Scenario[] = [];
