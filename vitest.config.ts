import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['*.test.ts', 'model/**/*.test.ts', 'tb/**/*.test.ts', 'rtl-bridge/**/*.test.ts', 'scripts/**/*.test.ts', 'vectors/**/*.test.ts', 'waves/**/*.test.ts', 'rtl/**/*.test.ts'],
    testTimeout: 120_000,
    // Any unhandled error fails the run, vitest's onTaskUpdate RPC timeout included; vitest.setup.ts
    // measures event-loop stalls on request (VITEST_LOOP_STALLS=1).
    setupFiles: ['./vitest.setup.ts'],
    hookTimeout: 300_000,
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
