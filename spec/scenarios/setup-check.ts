/**
 * Scenarios that check the shared setups themselves reach the states they promise, whatever
 * the broker's initial delay.
 */
import type { Scenario } from '../../src/conformance/scenario.js';
import { expectGroup, expectPending } from '../../src/conformance/scenario.js';
import { completingRebalance, emptiedGroup, preparingRebalance, stableGroup } from './setup.js';

export const setupChecks: Scenario[] = [
  {
    name: 'setup: stableGroup(3) is Stable at generation 1 led by m1',
    rules: [],
    steps: (env) => [...stableGroup(env, 3), expectGroup('g', { state: 'Stable', generationId: 1, leader: '$m1', members: ['$m1', '$m2', '$m3'] })],
  },
  {
    name: 'setup: preparingRebalance parks the leader',
    rules: [],
    steps: (env) => [...preparingRebalance(env), expectPending('rejoin1'), expectGroup('g', { state: 'PreparingRebalance', generationId: 1 })],
  },
  {
    name: 'setup: completingRebalance is at generation 2',
    rules: [],
    steps: (env) => [...completingRebalance(env), expectGroup('g', { state: 'CompletingRebalance', generationId: 2, leader: '$m1' })],
  },
  {
    name: 'setup: emptiedGroup is Empty at generation 2',
    rules: [],
    steps: (env) => [...emptiedGroup(env), expectGroup('g', { state: 'Empty', generationId: 2, members: [] })],
  },
];
