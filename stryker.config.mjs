// StrykerJS 9.6.1 (pinned: Stryker 10 needs Node 22) over the pure protocol handlers.
// Run it with `npm run test:mutation` (all of src/protocol) or
// `npm run test:mutation -- src/protocol/classic/heartbeat.ts ...` (scripts/mutation.ts turns
// the files into --mutate). Never part of `npm test`. Reports and the incremental file go to
// reports/mutation/, which git ignores.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  mutate: ['src/protocol/**/*.ts'],
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.config.ts', related: true },
  // Each mutant runs only the tests that cover it.
  coverageAnalysis: 'perTest',
  // Mutants that do not compile are reported as CompileError instead of being run.
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  // Re-runs only mutants whose code or covering tests changed since the last report.
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  ignorePatterns: ['dist', 'docs/site', 'docs/api', 'test-output', 'coverage', '.scratch', 'reports'],
  thresholds: { high: 90, low: 80, break: null },
  concurrency: 4,
  timeoutMS: 60000,
};
