// StrykerJS 9.6.1 (pinned: Stryker 10 needs Node 22) over the pure protocol core.
// Run it with `npm run test:mutation` (all of src/protocol), `npm run test:mutation -- <files>`
// or `npm run test:mutation -- --shard <name>` (scripts/mutation.ts; docs/mutation/README.md).
// Never part of `npm test`. Reports and the incremental file go to reports/mutation/ (git-ignored),
// named after KGSPEC_MUTATION_SHARD ('mutation' when unset) so shards keep their own.
const shard = process.env.KGSPEC_MUTATION_SHARD || 'mutation';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  mutate: ['src/protocol/**/*.ts'],
  testRunner: 'vitest',
  // Only the fast in-process tests that exercise src/protocol, cheapest first (see that file).
  vitest: { configFile: 'vitest.mutation.config.ts', related: true },
  // Each mutant runs only the tests that cover it.
  coverageAnalysis: 'perTest',
  // A mutant reached only while modules load (a top-level constant, a table built at import) is
  // "static": Stryker would reload every test file and run them all for it, minutes per mutant.
  // Such mutants are reported Ignored and left out of the score; a mutant reached both at load
  // and by tests runs just the tests that reach it.
  ignoreStatic: true,
  // Mutants that do not compile are reported as CompileError instead of being run.
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  // Re-runs only mutants whose code or covering tests changed since the last report.
  incremental: true,
  incrementalFile: `reports/mutation/${shard}.incremental.json`,
  // event-recorder writes every mutant's result as it is known (reports/mutation/<shard>-events/),
  // so a run cut short still leaves a sample: `npx tsx scripts/mutation-events.ts <shard>`.
  reporters: ['clear-text', 'progress-append-only', 'html', 'json', 'event-recorder'],
  eventReporter: { baseDir: `reports/mutation/${shard}-events` },
  htmlReporter: { fileName: `reports/mutation/${shard}.html` },
  jsonReporter: { fileName: `reports/mutation/${shard}.json` },
  tempDirName: `.stryker-tmp/${shard}`,
  ignorePatterns: ['dist', 'docs/site', 'docs/api', 'test-output', 'coverage', '.scratch', 'reports', '.stryker-tmp'],
  thresholds: { high: 90, low: 80, break: null },
  // Two workers: the machine has two cores, shared with other work.
  concurrency: 2,
  // A mutant's tests may run for 1.5x their unmutated time plus this much before the mutant counts
  // as timed out (an endless loop, usually). 20 s keeps a test slowed by other work on the machine
  // from timing out falsely, without each endless-loop mutant holding a worker for a minute.
  timeoutMS: 20000,
};
