// Mocha's settings for every suite. On CI (`CI` set) or with `--junit`, the spec reporter's
// output stays as it is and JUnit XML is written beside it (test/support/mocha-reporters.js).
// When is decided by src/config/reports.ts, loaded here through tsx.
const { join } = require('node:path');
const process = require('node:process');
const { require: requireTs } = require('tsx/cjs/api');

const { junitRequested } = requireTs('./src/config/reports.ts', __filename);

module.exports = {
  extension: ['ts'],
  'node-option': ['import=tsx'],
  timeout: 30000,
  exit: true,
  ...(junitRequested(process.env, process.argv)
    ? {
        reporter: 'mocha-multi-reporters',
        'reporter-option': [
          `configFile=${join(__dirname, 'test', 'support', 'mocha-reporters.js')}`,
        ],
      }
    : {}),
};
