import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    // A worker per core, not vitest's default of one fewer: on two cores that default is a single
    // worker, and many test files spend their time waiting on child processes (the built CLI, npm,
    // Chromium, LibreOffice, openpyxl) while the other core idles.
    maxWorkers: availableParallelism(),
  },
});
