/**
 * Normative scenarios: leave-group.
 */
import type { Scenario } from '../../src/conformance/scenario.js';

export const leaveGroupScenarios: Scenario[] = [];
