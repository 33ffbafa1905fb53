import { defineConfig } from 'vitest/config';
import { DB_TESTS, E2E_TESTS, globs } from './test/projects.js';

const ALL = 'test/**/*.test.ts';

export default defineConfig({
  test: {
    setupFiles: ['test/setup.ts'],
    pool: 'forks',
    // Test files share their worker process: a fresh process per file re-imported the modules
    // (and recompiled PGlite's WASM) every time, a third of the suite's time. So a test file
    // cleans up what it changes (fake timers, nock, environment); see docs/testing.md.
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two workers match the 2-core machine.
    maxWorkers: 2,
    // `npm test` runs all three; `npm run test:unit` is the inner loop.
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: [ALL], exclude: [...globs(DB_TESTS), ...globs(E2E_TESTS)] },
      },
      {
        extends: true,
        test: { name: 'db', include: globs(DB_TESTS), globalSetup: ['test/global-setup.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: globs(E2E_TESTS),
          globalSetup: ['test/global-setup.ts', 'test/build-setup.ts'],
        },
      },
    ],
  },
});
