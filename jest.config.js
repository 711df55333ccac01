// One jest run over every project, in three tiers so pure logic is checked in seconds while
// delivery is checked against the real servers: *.spec.ts beside the code (pure logic),
// *.int-spec.ts (real PostgreSQL and Kafka), test/*.e2e-spec.ts (HTTP and events).
// `npm test` runs them all; `npx jest --selectProjects unit` runs only the fast tier.
const preset = require('./jest.preset');

const roots = ['<rootDir>/apps', '<rootDir>/libs'];

module.exports = {
  // Per-project testTimeout is ignored by jest; integration tests against a loaded broker need room.
  testTimeout: 120000,
  projects: [
    { ...preset, displayName: 'unit', roots, testMatch: ['**/*.spec.ts'] },
    {
      ...preset,
      displayName: 'integration',
      roots,
      testMatch: ['**/*.int-spec.ts', '**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/jest-global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/jest-global-teardown.ts',
      setupFiles: ['<rootDir>/libs/testing/src/load-infra-env.ts'],
      slowTestThreshold: 30,
    },
  ],
};
