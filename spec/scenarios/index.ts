/**
 * Every normative scenario, in suite order.
 */
import type { Scenario } from '../../src/conformance/scenario.js';
import { basics } from './basics.js';
import { setupChecks } from './setup-check.js';

/** The whole conformance suite. */
export const allScenarios: readonly Scenario[] = [...basics, ...setupChecks];
