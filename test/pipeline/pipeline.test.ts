/** `npm start`: every stage reported with its time, and a failing stage stops the run. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { INTERACTIONS } from '../../contracts/index.js';
import { formatReport, runStage, stage, type StageReport } from '../../src/pipeline/stage.js';
import { NOT_ON_CI } from '../support/sockets.js';

/** Its reports in a scratch folder, never the project's reports/ (which holds the user's). */
const reportsDir = mkdtempSync(join(tmpdir(), 'npm-start-reports-'));

/** The output with the scratch folder named as the README names the default one, reports/. */
const asByDefault = (output: string): string => output.split(reportsDir).join('reports');

const runPipeline = (args: readonly string[] = []) => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/pipeline/main.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env, PACT_DO_NOT_TRACK: 'true', ...NOT_ON_CI, REPORTS_DIR: reportsDir },
  });
  return { ...run, stdout: asByDefault(run.stdout) };
};

/** The block the README shows under "What `npm start` does". */
const readmeBlock = (): string[] => {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('## What `npm start` does'));
  const block = /```\n([\s\S]*?)\n```/.exec(section)?.[1];
  assert.ok(block !== undefined, 'README.md has no block under "What `npm start` does"');
  return block.split('\n');
};

/** A README line as a pattern: its timings and the provider's port may differ from run to run. */
const linePattern = (line: string): RegExp =>
  new RegExp(
    `^${line
      .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      .replace(/ +\d+(?:\\\.\d+)? m?s(?= |$)/g, ' +\\d+(?:\\.\\d+)? m?s')
      .replace(/127\\\.0\\\.0\\\.1:\d+/g, '127\\.0\\.0\\.1:\\d+')}$`,
  );

describe('npm start', function () {
  this.timeout(60_000);
  after(() => rmSync(reportsDir, { recursive: true, force: true }));

  it("prints what the README shows: the stages and the summary, not Pact's report", () => {
    const run = runPipeline();
    assert.equal(run.status, 0, run.stdout + run.stderr);
    const printed = run.stdout.trimEnd().split('\n');
    const shown = readmeBlock();
    assert.equal(printed.length, shown.length, run.stdout);
    shown.forEach((line, n) => assert.match(printed[n] ?? '', linePattern(line)));
    assert.match(
      run.stdout,
      new RegExp(
        `Verified ${INTERACTIONS.length} interactions against http://127\\.0\\.0\\.1:\\d+: ` +
          `${INTERACTIONS.length} passed, 0 failed`,
      ),
    );
    assert.match(run.stdout, new RegExp(`${INTERACTIONS.length} interactions verified`));
    const report = readFileSync(join(reportsDir, 'verification', 'start.txt'), 'utf8');
    assert.match(report, /Verifying a pact between token-refresh-client and spendesk-public-api/);
    for (const { description } of INTERACTIONS) assert.ok(report.includes(description));
    assert.equal(report, stripVTControlCharacters(report), 'the kept report has no colour codes');
  });

  it("prints Pact's report as well with --verbose", () => {
    const run = runPipeline(['--verbose']);
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /Verifying a pact between/);
    for (const { description } of INTERACTIONS) assert.ok(run.stdout.includes(description));
  });

  it('refuses an unknown argument with its usage', () => {
    const run = runPipeline(['--loud']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^start: unknown argument --loud\nusage: npm start/m);
  });
});

describe('pipeline stages', () => {
  it('time a stage and report its detail', async () => {
    const reports: StageReport[] = [];
    const result = await runStage(
      stage('double', (n: number) => TE.right({ value: n * 2, detail: 'doubled' })),
      (r) => reports.push(r),
    )(21);
    assert.deepEqual(result, E.right(42));
    assert.equal(reports[0]?.ok, true);
    assert.match(formatReport(reports[0] ?? assert.fail()), /^ok {3}double +\d+ ms {2}doubled$/);
  });

  it('report a failing stage as FAIL with its message', async () => {
    const reports: StageReport[] = [];
    const result = await runStage(
      stage('verification', () => TE.left('2 interactions failed')),
      (r) => reports.push(r),
    )(undefined);
    assert.ok(E.isLeft(result));
    assert.match(formatReport(result.left), /^FAIL verification +\d+ ms {2}2 interactions failed$/);
  });
});
