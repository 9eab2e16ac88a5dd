// The reporter .mocharc.json names: mocha-multi-reporters (test/support/mocha-reporters.js
// configures it), made to work in mocha's parallel mode too. There, the reporters run in mocha's
// process and see copies of the tests and suites, sent by the worker processes that ran them,
// without the links between them; mocha-junit-reporter follows those links (a test's describe
// path, a suite's tests), and fails without them. Mocha's own extension points for reporters
// give them back: linked objects (`linkPartialObjects`), and a worker reporter
// (test/support/mocha-worker-reporter.js) that sends each suite with what it holds.
const MultiReporters = require('mocha-multi-reporters');

const WORKER_REPORTER = require.resolve('./mocha-worker-reporter.js');

class Reporters extends MultiReporters {
  constructor(runner, options) {
    if (runner.isParallelMode()) runner.linkPartialObjects(true).workerReporter(WORKER_REPORTER);
    super(runner, options);
  }
}

module.exports = Reporters;
