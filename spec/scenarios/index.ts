/**
 * Every normative scenario, in suite order.
 */
import type { Scenario } from '../../src/conformance/scenario.js';
import { basics } from './basics.js';
import { heartbeatScenarios } from './heartbeat.js';
import { joinGroupScenarios } from './join-group.js';
import { leaveGroupScenarios } from './leave-group.js';
import { regressionScenarios } from './regressions.js';
import { setupChecks } from './setup-check.js';
import { syncGroupScenarios } from './sync-group.js';
import { syncGroupOutcomeScenarios } from './sync-group-2.js';
import { timersScenarios } from './timers.js';

/** The whole conformance suite. */
export const allScenarios: readonly Scenario[] = [
  ...basics,
  ...setupChecks,
  ...joinGroupScenarios,
  ...syncGroupScenarios,
  ...syncGroupOutcomeScenarios,
  ...heartbeatScenarios,
  ...leaveGroupScenarios,
  ...timersScenarios,
  ...regressionScenarios,
];
