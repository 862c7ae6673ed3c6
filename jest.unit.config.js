/**
 * The unit tests only: pure rules and state functions, no Temporal server, no database (no global setup).
 * `npx jest -c jest.unit.config.js`; Stryker (`npm run test:mutation`) runs these.
 */
module.exports = {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/rules/**/*.test.ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  testTimeout: 10_000,
};
