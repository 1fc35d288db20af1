/**
 * Normative scenarios: heartbeat.
 */
import type { Scenario } from '../../src/conformance/scenario.js';

export const heartbeatScenarios: Scenario[] = [];
