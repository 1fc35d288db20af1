/**
 * Every normative scenario, in suite order.
 */
import type { Scenario } from '../../src/conformance/scenario.js';
import { basics } from './basics.js';
import { failoverScenarios } from './failover.js';
import { offsetScenarios } from './offsets.js';
import { offsetLifecycleScenarios } from './offsets-lifecycle.js';
import { groupMaxSizeScenarios } from './group-max-size.js';
import { staticMembershipScenarios } from './static-membership.js';
import { staticValidationScenarios } from './static-membership-validation.js';
import { describeListScenarios } from './describe-list.js';
import { heartbeatScenarios } from './heartbeat.js';
import { joinGroupScenarios } from './join-group.js';
import { joinGroupNewMemberScenarios } from './join-group-new-members.js';
import { joinGroupVersionScenarios } from './join-group-versions.js';
import { joinGroupRejoinScenarios } from './join-group-rejoin.js';
import { leaveGroupScenarios } from './leave-group.js';
import { leaveGroupRebalancingScenarios } from './leave-group-rebalancing.js';
import { regressionScenarios } from './regressions.js';
import { setupChecks } from './setup-check.js';
import { syncGroupScenarios } from './sync-group.js';
import { syncGroupOutcomeScenarios } from './sync-group-outcomes.js';
import { sessionTimerScenarios } from './timers-session.js';
import { joinTimerScenarios } from './timers-join.js';
import { syncTimerScenarios } from './timers-sync.js';
import { consumerGroupScenarios } from './consumer-group.js';
import { consumerGroupErrorScenarios } from './consumer-group-errors.js';
import { consumerGroupStaticScenarios } from './consumer-group-static.js';
import { consumerGroupAdminScenarios } from './consumer-group-admin.js';

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
  ...leaveGroupRebalancingScenarios,
  ...sessionTimerScenarios,
  ...joinTimerScenarios,
  ...syncTimerScenarios,
  ...staticMembershipScenarios,
  ...staticValidationScenarios,
  ...groupMaxSizeScenarios,
  ...describeListScenarios,
  ...offsetScenarios,
  ...offsetLifecycleScenarios,
  ...failoverScenarios,
  ...regressionScenarios,
  ...consumerGroupScenarios,
  ...consumerGroupErrorScenarios,
  ...consumerGroupStaticScenarios,
  ...consumerGroupAdminScenarios,
];
