import { defineConfig } from 'vitest/config';

// Test tiers: fast unit tests sit next to the code; suites that boot the real VM, drive the real kubectl or a real
// Chromium live under test/ and run as their own projects (see scripts/test.mjs for the order).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'server/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'vm',
          include: ['test/vm/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
      { test: { name: 'kubectl', include: ['test/kubectl/**/*.test.ts'], testTimeout: 60_000 } },
      // Seeded fuzzing of the host-side servers (API server, registry, SPDY) with hostile input, bounded in time.
      { test: { name: 'fuzz', include: ['test/fuzz/**/*.test.ts'], testTimeout: 60_000 } },
      // Changes the host's binfmt_misc (as root, like the image build): one file at a time.
      { test: { name: 'build', include: ['test/build/**/*.test.ts'], testTimeout: 600_000, fileParallelism: false } },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          setupFiles: ['test/e2e/setup.ts'],
          testTimeout: 300_000,
          hookTimeout: 600_000,
          fileParallelism: false,
          // The page's answers wait on a worker that is busy emulating the guest: a second is not enough on a
          // loaded machine (CI once read the course map 1 s after Remove, before the worker had answered).
          expect: { poll: { timeout: 30_000, interval: 200 } },
        },
      },
    ],
  },
});
