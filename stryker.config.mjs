// @ts-check
/**
 * Mutation testing (issue 10): mutates the pure rule and state code and runs the unit tests
 * (jest.unit.config.js, no server) against each mutant. `npm run test:mutation`; fails under 85%.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  jest: { configFile: 'jest.unit.config.js', enableFindRelatedTests: false },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.mutation.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  mutate: [
    'workflows/rules/**/*.ts',
    'domain/case.ts',
    'domain/policy.ts',
    'domain/calendar.ts',
    'domain/plausibility.ts',
    'domain/formats.ts',
    'domain/effects.ts',
    'domain/search-attributes.ts',
    'domain/recipients.ts',
    'infra/mail-failures.ts',
  ],
  coverageAnalysis: 'perTest',
  // Static mutants (module-level values: the Intl formatter's options, the unit table, the search attribute keys)
  // reload every test file for each mutant: 15% of the mutants and 75% of the time on 2 cores. Set it to false to
  // run them too.
  ignoreStatic: true,
  concurrency: 2,
  // Results are kept in reports/ (git-ignored); a run after a change tests again only the mutants and tests it touches.
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  thresholds: { high: 90, low: 85, break: 85 },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  ignorePatterns: ['.data', '.tools', 'dist', 'coverage', 'reports', 'bench', 'docker'],
};
