/**
 * Model-based tests of the KIP-848 consumer-group coordinator against the group statechart:
 * one test per transition (`toDirectedGraph` edge), each driving a fresh
 * `GroupCoordinatorRuntime` with ConsumerGroupHeartbeats and timers along the shortest path
 * that fires it, and comparing, after every step, the answer, the group's derived state, its
 * epochs, every member's epochs, reconciliation state and partitions, the targets and the
 * armed timers with the model.
 * @see test/model-based/consumer-group-paths.ts (paths) and consumer-group-adapter.ts (comparisons)
 */
import { describe, expect, it } from 'vitest';
import { Coverage } from './coverage.js';
import { cgPathMachine, generateCgPaths, runCgPath } from './consumer-group-paths.js';
import { MUTATION } from '../helpers/seed.js';

const paths = generateCgPaths('group');
const coverage = new Coverage(cgPathMachine('group'));

describe(`consumer-group statechart vs the coordinator runtime: ${paths.length} paths`, () => {
  for (const path of paths) {
    it(path.title, () => {
      runCgPath('group', path.events, coverage);
    });
  }

  // A fact about the whole file's paths: a mutation run replays only the tests covering a mutant.
  it.skipIf(MUTATION)('the paths reach every state and fire every transition of the group statechart', () => {
    expect(coverage.unreached()).toEqual([]);
    expect(coverage.missing().map((e) => e.key)).toEqual([]);
  });
});
