// Shared Jest settings for the TypeScript workspaces: @swc/jest compiles TS on the fly (no build step).
/** @param {string} displayName */
module.exports = function jestBase(displayName, overrides = {}) {
  return {
    displayName,
    testEnvironment: 'node',
    transform: {
      '^.+\\.(t|j)sx?$': [
        '@swc/jest',
        {
          jsc: {
            parser: { syntax: 'typescript', tsx: true, decorators: false },
            target: 'es2022',
            transform: { react: { runtime: 'automatic' } },
          },
          module: { type: 'commonjs' },
        },
      ],
    },
    testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/src/**/*.test.tsx', '<rootDir>/test/**/*.test.ts'],
    moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
    // The tests' clock (TEST_NOW / TEST_CLOCK_OFFSET_MS; see scripts/test-clock.cjs), in every test realm.
    setupFiles: [require.resolve('./scripts/test-clock-hook.cjs')],
    setupFilesAfterEnv: [require.resolve('./jest.setup.js')],
    ...overrides,
  };
};
