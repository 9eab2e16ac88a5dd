/** `npm start`: every stage reported with its time, and a failing stage stops the run. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { INTERACTIONS } from '../../contracts/index.js';
import { formatReport, runStage, stage, type StageReport } from '../../src/pipeline/stage.js';

describe('npm start', function () {
  this.timeout(60_000);

  it('runs every stage on the embedded provider and summarises the verification', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/pipeline/main.ts'], {
      encoding: 'utf8',
      env: { ...process.env, PACT_DO_NOT_TRACK: 'true' },
    });
    const stages = run.stdout
      .split('\n')
      .filter((line) => /^(ok {2}|FAIL) /.test(line))
      .map((line) => line.slice(5, 33).trim());
    assert.deepEqual(stages, [
      'consumer pact tests',
      'pact written',
      'reference provider started',
      'verification',
    ]);
    assert.match(run.stdout, /^ok {3}consumer pact tests +\d+(\.\d+)? m?s {2}\d+ tests passed$/m);
    assert.match(
      run.stdout,
      new RegExp(
        `Verified ${INTERACTIONS.length} interactions against http://127\\.0\\.0\\.1:\\d+: ` +
          `${INTERACTIONS.length} passed, 0 failed`,
      ),
    );
    assert.equal(run.status, 0, run.stdout + run.stderr);
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
