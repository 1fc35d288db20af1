/**
 * Every normative scenario, in suite order.
 */
import type { Scenario } from '../../src/conformance/scenario.js';
import { basics } from './basics.js';
import { failoverScenarios } from './failover.js';
import { offsetScenarios } from './offsets.js';
import { offsetScenarios2 } from './offsets-2.js';
import { groupMaxSizeScenarios } from './group-max-size.js';
import { staticMembershipScenarios } from './static-membership.js';
import { staticMembershipScenarios2 } from './static-membership-2.js';
import { describeListScenarios } from './describe-list.js';
import { heartbeatScenarios } from './heartbeat.js';
import { joinGroupScenarios } from './join-group.js';
import { joinGroupNewMemberScenarios } from './join-group-new-members.js';
import { joinGroupVersionScenarios } from './join-group-versions.js';
import { joinGroupRejoinScenarios } from './join-group-rejoin.js';
import { leaveGroupScenarios } from './leave-group.js';
import { leaveGroupScenarios2 } from './leave-group-2.js';
import { regressionScenarios } from './regressions.js';
import { setupChecks } from './setup-check.js';
import { syncGroupScenarios } from './sync-group.js';
import { syncGroupOutcomeScenarios } from './sync-group-outcomes.js';
import { timersScenarios } from './timers.js';
import { timersScenarios2 } from './timers-2.js';

/** The whole conformance suite. */
export const allScenarios: readonly Scenario[] = [
  ...basics,
  ...setupChecks,
  ...joinGroupScenarios,
  ...joinGroupNewMemberScenarios,
  ...joinGroupVersionScenarios,
  ...joinGroupRejoinScenarios,
  ...syncGroupScenarios,
  ...syncGroupOutcomeScenarios,
  ...heartbeatScenarios,
  ...leaveGroupScenarios,
  ...leaveGroupScenarios2,
  ...timersScenarios,
  ...timersScenarios2,
  ...staticMembershipScenarios,
  ...staticMembershipScenarios2,
  ...groupMaxSizeScenarios,
  ...describeListScenarios,
  ...offsetScenarios,
  ...offsetScenarios2,
  ...failoverScenarios,
  ...regressionScenarios,
];
