// mocha's configuration, for every run of the project's tests: by npm scripts and by hand.
const { availableParallelism } = require('node:os');

module.exports = {
  extension: ['ts'],
  'node-option': ['import=tsx'],
  timeout: 30000,
  exit: true,
  // mocha-multi-reporters: the spec reporter, and JUnit XML on CI (test/support/mocha-reporters.js).
  reporter: 'test/support/mocha-reporter.js',
  'reporter-option': ['configFile=test/support/mocha-reporters.js'],
  // With --parallel (npm test's suites), one worker per core: mocha's default leaves one core
  // out, which on a 2-core CI runner is one worker, no parallelism at all.
  jobs: availableParallelism(),
};
