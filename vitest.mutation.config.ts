import type { TestSpecification } from 'vitest/node';
import { BaseSequencer } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/**
 * The test files Stryker runs (stryker.config.mjs), cheapest first: the fast, in-process tests
 * that exercise src/protocol. Nothing over TCP, no browser, no child process, no bench, no docs.
 *
 * @remarks
 * A failing test in Stryker's initial run stops the whole shard, so a file that fails on main
 * stops every mutation run until it is fixed.
 */
export const MUTATION_TESTS = [
  'test/unit/protocol/**/*.test.ts',
  'test/scenarios/scenarios.test.ts',
  'test/model-based/classic-group.mbt.test.ts',
  'test/model-based/classic-member.mbt.test.ts',
  'test/model-based/consumer-group.mbt.test.ts',
  'test/model-based/consumer-group-member.mbt.test.ts',
  'test/model-based/consumer-member.mbt.test.ts',
  'test/model-based/consumer.mbt.test.ts',
  'test/properties/server-assignors.prop.test.ts',
  'test/properties/consumer-heartbeat.prop.test.ts',
  'test/properties/consumer-protocol.prop.test.ts',
  'test/properties/offsets-failover.prop.test.ts',
  'test/properties/assignors-basic.prop.test.ts',
  'test/properties/assignors-sticky.prop.test.ts',
  'test/properties/coordinator.prop.test.ts',
  'test/properties/consumer-group.kip848.prop.test.ts',
  'test/model-based/consumer-group.model.prop.test.ts',
  'test/model-based/classic-group.model.prop.test.ts',
  'test/conformance/cluster-target.test.ts',
  'test/conformance/broken-target.test.ts',
  'test/properties/consumer-group.prop.test.ts',
];

/** The position of a test file in {@link MUTATION_TESTS} (a file matches its own path or its glob's folder). */
function rank(moduleId: string): number {
  const index = MUTATION_TESTS.findIndex((pattern) => {
    const folder = pattern.split('*')[0] ?? pattern;
    return pattern.includes('*') ? moduleId.includes(`/${folder}`) : moduleId.endsWith(`/${pattern}`);
  });
  return index < 0 ? MUTATION_TESTS.length : index;
}

/**
 * Runs the files in {@link MUTATION_TESTS} order, not vitest's slowest-first: Stryker bails at
 * the first failing test, so a mutant a unit test kills never waits for a property to finish.
 */
class CheapestFirst extends BaseSequencer {
  /** Sorts by the list's order; ties keep vitest's order. */
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => rank(a.moduleId) - rank(b.moduleId));
  }
}

/**
 * The vitest configuration Stryker uses, never `npm test`'s (vitest.config.ts).
 *
 * @remarks
 * One project, `isolate: false` (the sources are imported once per worker, not once per file) and
 * `KGSPEC_MUTATION=1`, which test/helpers/seed.ts reads to cut the properties' run counts: every
 * mutant reruns the tests that cover it, so a slow file costs its time once per mutant it covers.
 */
export default defineConfig({
  test: {
    environment: 'node',
    include: MUTATION_TESTS,
    testTimeout: 60_000,
    isolate: false,
    env: { KGSPEC_MUTATION: '1' },
    sequence: { sequencer: CheapestFirst },
  },
});
