/**
 * Scenarios that check the shared setups themselves reach the states they promise.
 */
import type { Scenario } from '../../src/conformance/scenario.js';
import { expectGroup, expectPending } from '../../src/conformance/scenario.js';
import { completingRebalance, emptiedGroup, SHORT_DELAY, preparingRebalance, stableGroup } from './setup.js';

export const setupChecks: Scenario[] = [
  { name: 'setup: stableGroup(3) is Stable at generation 1 led by m1', rules: [], config: SHORT_DELAY, steps: [...stableGroup(3), expectGroup('g', { state: 'Stable', generationId: 1, leader: '$m1', members: ['$m1', '$m2', '$m3'] })] },
  { name: 'setup: preparingRebalance parks the leader', rules: [], config: SHORT_DELAY, steps: [...preparingRebalance(), expectPending('rejoin1'), expectGroup('g', { state: 'PreparingRebalance', generationId: 1 })] },
  { name: 'setup: completingRebalance is at generation 2', rules: [], config: SHORT_DELAY, steps: [...completingRebalance(), expectGroup('g', { state: 'CompletingRebalance', generationId: 2, leader: '$m1' })] },
  { name: 'setup: emptiedGroup is Empty at generation 2', rules: [], config: SHORT_DELAY, steps: [...emptiedGroup(), expectGroup('g', { state: 'Empty', generationId: 2, members: [] })] },
];
