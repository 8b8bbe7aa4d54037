import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

// One runner for every workspace. Training specs are CPU-heavy and this project
// targets 2-core machines, so files run in a small fork pool.
export default defineConfig({
  resolve: {
    // graphql ships CJS (main) and ESM (module) builds; Node loads the CJS one for
    // our dependencies, so sources under test must get the same instance.
    alias: { graphql: require.resolve('graphql') },
  },
  test: {
    include: [
      'packages/*/src/**/*.spec.ts',
      'packages/*/test/**/*.spec.ts',
      'apps/*/src/**/*.spec.ts',
      'apps/*/test/**/*.spec.ts',
      'examples/*/src/**/*.spec.ts',
      'examples/*/test/**/*.spec.ts',
    ],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 120_000,
    // The JSON report is what .ci/run counts for its closing "N passed, N failed" line.
    reporters: ['default', ['json', { outputFile: '.cache/vitest-report.json' }]],
    hookTimeout: 120_000,
  },
});
