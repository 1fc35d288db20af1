/**
 * Normative scenarios: sync-group.
 */
import type { Scenario } from '../../src/conformance/scenario.js';

export const syncGroupScenarios: Scenario[] = [];
