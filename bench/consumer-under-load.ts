/**
 * `npm run bench:consumer-load`: do the Pact suites hold while every core is busy?
 * Runs the suites that record through Pact's mock server (SUITES) LOAD_RUNS times in a row
 * (default 100), each run a fresh mocha process, while LOAD_BUSY processes (default: cores + 1)
 * spin, and prints how many runs and tests failed, and how many failures were the mock server's
 * recording race: "expected but not received" for a request it had answered
 * (pact-reference#535; fixed in pact_mock_server 2.2.4, pact-core 20.1, pact-js 17.1).
 * The load is the kind that once failed CI: more runnable processes than cores.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ms } from './stats.js';
import { errorMessage, exitWithUsageIfAsked } from '../src/config/index.js';

const ROOT = join(__dirname, '..');
const RUNS = Math.max(1, Number(process.env['LOAD_RUNS'] ?? 100) || 100);
const BUSY = Math.max(0, Number(process.env['LOAD_BUSY'] ?? availableParallelism() + 1));
/**
 * The project's test files that call executeTest, as measured in docs/versions.md. pact-io-ts's
 * own tests (packages/pact-io-ts/test), which came later, call it too and are not among them.
 */
const SUITES = [
  'test/consumer/token-refresh.pact.test.ts',
  'test/report/report.test.ts',
  'test/contracts/pact-agreement.test.ts',
];
/** What Pact reports for an expected request the mock server has not (yet) recorded. */
const RACE = /expected but not received|missing-request|Request was expected/i;

interface MochaReport {
  readonly stats: { readonly tests: number; readonly passes: number; readonly failures: number };
  readonly failures: readonly { readonly fullTitle: string; readonly err: { message?: string } }[];
}

const spin = (): ChildProcess =>
  spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });

/** One mocha run of SUITES; its JSON report (written to a file: Pact logs to stdout). */
const runSuites = (out: string): Promise<MochaReport> =>
  new Promise((resolve, reject) => {
    const child = spawn(
      join(ROOT, 'node_modules', '.bin', 'mocha'),
      [...SUITES, '--reporter', 'json', '--reporter-option', `output=${out}`],
      { cwd: ROOT, env: { ...process.env, PACT_DO_NOT_TRACK: 'true' }, stdio: 'ignore' },
    );
    child.on('error', reject);
    child.on('close', () => {
      try {
        resolve(JSON.parse(readFileSync(out, 'utf8')) as MochaReport);
      } catch (error) {
        reject(new Error(`mocha left no report: ${errorMessage(error)}`));
      }
    });
  });

const main = async () => {
  exitWithUsageIfAsked(
    process.argv.slice(2),
    'usage: npm run bench:consumer-load (the Pact suites under load; LOAD_RUNS (default 100), LOAD_BUSY (default cores + 1); docs/performance.md)',
  );
  const dir = mkdtempSync(join(tmpdir(), 'consumer-load-'));
  const busy = Array.from({ length: BUSY }, spin);
  const totals = { runs: 0, failedRuns: 0, tests: 0, failures: 0, race: 0 };
  const reasons = new Map<string, number>();
  const started = performance.now();
  try {
    for (let run = 0; run < RUNS; run++) {
      const report = await runSuites(join(dir, `run-${run}.json`));
      totals.runs += 1;
      totals.tests += report.stats.tests;
      totals.failures += report.stats.failures;
      if (report.stats.failures > 0) totals.failedRuns += 1;
      for (const failure of report.failures) {
        const message = failure.err.message ?? '';
        if (RACE.test(message)) totals.race += 1;
        const reason = `${failure.fullTitle}: ${message.split('\n')[0] ?? ''}`;
        reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      }
    }
  } finally {
    for (const child of busy) child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
  const elapsed = performance.now() - started;
  console.log(`node ${process.version}, ${availableParallelism()} cores, ${BUSY} busy processes`);
  console.log(`suites: ${SUITES.join(' ')}`);
  console.log(
    `load average at the end: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    `runs: ${totals.runs} (${totals.failedRuns} failed); tests: ${totals.tests} (${totals.failures} failed, ${totals.race} of them the recording race) in ${ms(elapsed)}`,
  );
  for (const [reason, count] of reasons) console.log(`  ${count} x ${reason}`);
  process.exitCode = totals.failures === 0 ? 0 : 1;
};

void main();
