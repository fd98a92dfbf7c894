import { defineConfig } from 'vitest/config';

/**
 * The tests Stryker runs against each mutant of src/core: everything that exercises scoring, but
 * not the hostile-input corpus, fuzzing or the browser test, which test readers and formatters.
 * Property tests run with fewer cases (PARSCORE_FC_SCALE) so each mutant is judged in seconds.
 */
export default defineConfig({
  test: {
    include: ['test/core/**/*.test.ts', 'test/criteria/**/*.test.ts', 'test/audit/**/*.test.ts', 'test/cli/score.test.ts', 'test/cli/plan.test.ts'],
    testTimeout: 60_000,
    env: { PARSCORE_FC_SCALE: '0.1' },
  },
});
