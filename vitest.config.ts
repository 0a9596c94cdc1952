import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['*.test.ts', 'model/**/*.test.ts', 'tb/**/*.test.ts', 'rtl-bridge/**/*.test.ts', 'scripts/**/*.test.ts', 'vectors/**/*.test.ts', 'waves/**/*.test.ts', 'rtl/**/*.test.ts'],
    testTimeout: 120_000,
    // vitest.setup.ts fails a file on any unhandled error but vitest's own onTaskUpdate RPC timeout
    // (a synchronous co-simulation run on a loaded machine); see there.
    setupFiles: ['./vitest.setup.ts'],
    dangerouslyIgnoreUnhandledErrors: true,
    hookTimeout: 300_000,
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
