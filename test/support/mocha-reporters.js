// mocha-multi-reporters' configuration (.mocharc.json names it; test/support/mocha-reporter.js
// runs it): mocha's spec reporter on the console, always, and on CI or with --junit
// (src/config/reports.ts decides) mocha-junit-reporter's XML in
// reports/junit/<suite>.node<major>.xml, the suite named after the npm script that runs mocha.
const { hostname } = require('node:os');
const process = require('node:process');
const { require: requireTs } = require('tsx/cjs/api');

const { junitFileFor, junitRequested } = requireTs('../../src/config/reports.ts', __filename);

/** `test:all` when `npm run test:all` runs mocha; `mocha` when it is run by hand. */
const event = process.env.npm_lifecycle_event;
const suite = event === undefined || event === 'npx' ? 'mocha' : event;

module.exports = {
  reporterEnabled: junitRequested(process.env, process.argv)
    ? 'spec, mocha-junit-reporter'
    : 'spec',
  mochaJunitReporterReporterOptions: {
    mochaFile: junitFileFor(suite),
    // The Ant layout: every suite carries errors, hostname, properties, system-out and -err,
    // as the JUnit schemas CI tools validate against ask.
    antMode: true,
    antHostname: hostname(),
    // Test cases named by their title, classname the describe path: how CI lists them.
    jenkinsMode: true,
    suiteTitleSeparatedBy: ' / ',
    rootSuiteTitle: suite,
    // A skipped test is a test case too, marked <skipped/>.
    includePending: true,
    properties: { node: process.version },
  },
};
