import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // The README's `import { startKafka } from 'kafka-group-spec/server'` and the vitest helper, from the sources.
    alias: {
      'kafka-group-spec/server': fileURLToPath(new URL('./src/wire/server/index.ts', import.meta.url)),
      'kafka-group-spec/vitest': fileURLToPath(new URL('./src/conformance/vitest.ts', import.meta.url)),
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
