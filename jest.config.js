/** One jest run covers the backend (node) and, as it lands, the plugin (jsdom). */
const swc = ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript', tsx: true } } }];
const swcReact = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', tsx: true },
      transform: { react: { runtime: 'classic' } },
    },
  },
];

module.exports = {
  // Skipped tests are listed with their reasons at the end; in CI a skip fails the run.
  reporters: [
    'default',
    ['<rootDir>/tests/support/skipReporter.cjs', { failOnSkip: process.env.CI === 'true' }],
  ],
  projects: [
    {
      displayName: 'backend',
      testEnvironment: 'node',
      roots: ['<rootDir>/backend/test'],
      testMatch: ['**/*.test.ts'],
      transform: { '^.+\\.(t|j)sx?$': swc },
    },
    {
      displayName: 'plugin',
      testEnvironment: 'jsdom',
      // Resolve packages to their CommonJS builds, as in Node, rather than the browser ES builds.
      testEnvironmentOptions: { customExportConditions: ['node', 'require', 'default'] },
      roots: ['<rootDir>/src'],
      testMatch: ['**/*.test.ts', '**/*.test.tsx'],
      setupFilesAfterEnv: ['<rootDir>/src/test/setupTests.ts'],
      // d3-*, marked and more of Grafana's dependencies ship only ES modules: those get transformed.
      transform: { '^.+\\.(t|j)sx?$': swcReact, '^.+\\.mjs$': swcReact },
      transformIgnorePatterns: [
        require('./src/test/esmOnlyPackages.js').transformIgnorePattern(`${__dirname}/node_modules`),
      ],
      moduleNameMapper: { '\\.(css|scss|sass)$': 'identity-obj-proxy' },
    },
    {
      displayName: 'browser',
      testEnvironment: 'node',
      roots: ['<rootDir>/tests/browser'],
      testMatch: ['**/*.test.ts'],
      transform: { '^.+\\.(t|j)sx?$': swc },
    },
  ],
};
