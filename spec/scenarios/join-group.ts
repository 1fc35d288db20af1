/**
 * Normative scenarios: join-group.
 */
import type { Scenario } from '../../src/conformance/scenario.js';

export const joinGroupScenarios: Scenario[] = [];
