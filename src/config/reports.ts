/**
 * What a run leaves for people and for CI, under reports/ (or REPORTS_DIR): the contract
 * report, Pact's report of each verification and, on CI or when asked, JUnit XML. One rule for when JUnit is written and where, read by the mocha
 * configuration (test/support/mocha-reporters.js) and by every command that writes JUnit itself.
 */
import { join, resolve } from 'node:path';
import { read, type Env } from './env.js';
import { PROJECT_ROOT } from './pacts.js';

/** Where a run leaves its reports: `REPORTS_DIR` (from the project's root), or reports/. */
export const REPORTS_DIR = resolve(PROJECT_ROOT, read(process.env, 'REPORTS_DIR') ?? 'reports');

/** Every JUnit XML file of a run: the folder a CI job uploads. */
export const JUNIT_DIR = join(REPORTS_DIR, 'junit');

/** The flag that asks for JUnit XML outside CI (`npm run test:all -- --junit`). */
export const JUNIT_FLAG = '--junit' as const;

/**
 * JUnit XML is written on CI (`CI` set, as GitHub Actions, GitLab and most others set it, and
 * not `false` or `0`) or when the command line carries `--junit`.
 */
export const junitRequested = (env: Env, argv: readonly string[]): boolean => {
  const ci = read(env, 'CI')?.toLowerCase();
  return (ci !== undefined && ci !== 'false' && ci !== '0') || argv.includes(JUNIT_FLAG);
};

/**
 * The pacts `npm start`'s consumer tests recorded, verified there and compared with pacts/, which
 * it leaves as committed (`npm run pact:update` writes pacts/). The variable tells the consumer
 * tests to keep their recording there (test/consumer/pact-output.ts).
 */
export const RECORDED_PACTS_DIR = join(REPORTS_DIR, 'pacts');
export const RECORDED_PACTS_VARIABLE = 'RECORDED_PACTS_DIR';

/** Pact's own report of each verification, as its verifier printed it, colours removed. */
export const VERIFICATION_REPORTS_DIR = join(REPORTS_DIR, 'verification');

/** A suite's name as a file name: `test:all` -> `test-all`. */
const fileNameOf = (suite: string, what: string): string => {
  const name = suite.replace(/[^\w.-]+/g, '-').replace(/^[-.]+|-+$/g, '');
  if (name === '')
    throw new RangeError(`${what}: expected letters or digits, got ${JSON.stringify(suite)}`);
  return name;
};

/**
 * `reports/junit/<suite>.node<major>.xml`. One file per suite and Node line: CI runs the same
 * suites on two lines in one checkout (.ci/run), and a line's results must not replace the
 * other's; a later run of the same suite on the same line replaces its own, stale, file.
 */
export const junitFileFor = (
  suite: string,
  nodeVersion: string = process.versions.node,
): string => {
  const name = fileNameOf(suite, 'JUnit suite name');
  const major = /^v?(\d+)/.exec(nodeVersion)?.[1];
  if (major === undefined)
    throw new RangeError(`Node version: expected e.g. 24.1.0, got ${JSON.stringify(nodeVersion)}`);
  return join(JUNIT_DIR, `${name}.node${major}.xml`);
};

/** `reports/verification/<suite>.txt`: the latest run's, for people (CI attaches the folder). */
export const pactReportFileFor = (suite: string): string =>
  join(VERIFICATION_REPORTS_DIR, `${fileNameOf(suite, 'verification suite name')}.txt`);
