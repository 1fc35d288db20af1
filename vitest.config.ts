import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * Test files that share one module graph (`isolate: false`): importing the sources anew for each
 * file cost more than running most of them (import was 60-80% of the wall time of these files on
 * the 2-core machine). They run in process: no child processes, no browser, no files outside a
 * temporary folder or test-output, no mocks left in place, no state kept between files beyond
 * caches; the wire tests' servers listen on port 0 and each file closes its own. Everything else
 * (real clients, the CLI, the packed package, browsers, the suite over the wire) runs isolated.
 */
const SHARED = [
  'test/unit/protocol/**/*.test.ts',
  'test/unit/broker/**/*.test.ts',
  'test/unit/time/**/*.test.ts',
  'test/unit/client/**/*.test.ts',
  'test/machines/**/*.test.ts',
  'test/model-based/**/*.test.ts',
  'test/properties/**/*.test.ts',
  'test/scenarios/**/*.test.ts',
  // The suite against in-process targets (virtual time) and the reports.
  'test/conformance/broken-target.test.ts',
  'test/conformance/client-obligations-consumer.test.ts',
  'test/conformance/client-obligations-kip848.test.ts',
  'test/conformance/cluster-target.test.ts',
  'test/conformance/derived-configs.test.ts',
  'test/conformance/environments.test.ts',
  'test/conformance/reports.test.ts',
  'test/conformance/run-conformance.test.ts',
  'test/unit/conformance/**/*.test.ts',
  'test/unit/scripts/**/*.test.ts',
  'test/unit/bench/heartbeat-bench.test.ts',
  'test/unit/cli/client-check.test.ts',
  'test/unit/wire/control-command.test.ts',
  'test/unit/wire/framing.test.ts',
  'test/unit/wire/lenient-answers.test.ts',
  'test/unit/wire/utf8-bom.test.ts',
  'test/unit/wire/writer-growth.test.ts',
  'test/unit/readme-example.test.ts',
  'test/tidy.test.ts',
  // The wire tests: their servers run in this process on port 0 and each file closes its own.
  'test/wire/**/*.test.ts',
];

export default defineConfig({
  resolve: {
    // The README's `import { startKafka } from 'kafka-group-spec/server'` and the vitest helper, from the sources.
    alias: {
      'kafka-group-spec/server': fileURLToPath(new URL('./src/wire/server/index.ts', import.meta.url)),
      'kafka-group-spec/vitest': fileURLToPath(new URL('./src/conformance/vitest.ts', import.meta.url)),
    },
  },
  test: {
    // No `include` here: projects that extend this config would add it to their own.
    environment: 'node',
    testTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'shared', include: SHARED, isolate: false } },
      { extends: true, test: { name: 'isolated', include: ['test/**/*.test.ts'], exclude: [...SHARED, 'node_modules/**'] } },
    ],
  },
});
