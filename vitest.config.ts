import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['lib/**/*.test.{ts,tsx}', 'entrypoints/**/*.test.ts', 'components/**/*.test.{ts,tsx}', 'tests/unit/**/*.test.ts', 'tests/sandbox/**/*.test.ts', 'tests/contract/**/*.test.ts'],
    setupFiles: ['tests/setup.ts'],
    mockReset: true,
    restoreMocks: true,
    testTimeout: 20_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/vitest.json' },
  },
});
