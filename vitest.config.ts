import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * Tests that run in process only (no sockets, no child processes, no files outside test-output):
 * they share one module graph (`isolate: false`). Importing the sources anew for each of these
 * files cost more than running most of them (about 80% of the time of test/unit/protocol,
 * broker and time on the 2-core machine); none of them keeps state between files beyond caches.
 * Everything else (servers, real clients, the CLI, the package, browsers) runs isolated, as before.
 */
const IN_PROCESS = [
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
      { extends: true, test: { name: 'in-process', include: IN_PROCESS, isolate: false } },
      { extends: true, test: { name: 'isolated', include: ['test/**/*.test.ts'], exclude: [...IN_PROCESS, 'node_modules/**'] } },
    ],
  },
});
