/**
 * What a verification leaves for CI: `npm run verify` against a provider deployment that breaks
 * one interaction (its 429 answered 500), run as GitHub Actions runs it (CI, GITHUB_ACTIONS,
 * GITHUB_STEP_SUMMARY), with secrets in the provider's URL and in the states secret. Then a run
 * that stopped half way, and text that Markdown would read as markup.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Element } from '@xmldom/xmldom';
import * as E from 'fp-ts/lib/Either.js';
import { INTERACTION, INTERACTIONS } from '../../contracts/index.js';
import { reportVerification } from '../../src/ci/verification.js';
import { pactReportFileFor } from '../../src/config/index.js';
import { PROVIDER_STATES_PATH } from '../../src/provider/index.js';
import type { VerificationRun } from '../../src/verify/verify.js';
import { startAlteredProvider, type AlteredProvider } from '../support/altered-provider.js';
import { elements, junitSchemaErrors, parseXml } from '../support/junit-schema.js';
import { runScript, WITHOUT_TARGETS, type Finished } from '../support/sockets.js';

const STATES_SECRET = 'states-secret-never-shown-5d1e';
const URL_PASSWORD = 'url-password-never-shown-0b7c';
const BROKEN = INTERACTION['rate-limited'];

/** The line of contracts/interactions.ts that declares the broken interaction's description. */
const catalogueLine = (): number => {
  const lines = readFileSync('contracts/interactions.ts', 'utf8').split('\n');
  const at = lines.findIndex((line) => line.includes(`description: '${BROKEN.description}'`));
  assert.ok(at >= 0, 'the description is in the catalogue');
  return at + 1;
};

/** The rows of the summary's Markdown table, cells trimmed (the header and its rule left out). */
const tableRows = (summary: string): string[][] =>
  summary
    .split('\n')
    .filter((line) => line.startsWith('| '))
    .slice(2)
    .map((line) =>
      line
        .slice(2, -2)
        .split(/(?<!\\) \| /)
        .map((cell) => cell.trim()),
    );

const attr = (element: Element | undefined, name: string) => element?.getAttribute(name) ?? null;

describe('a failing verification as GitHub Actions shows it', function () {
  this.timeout(90_000);
  let scratch: string;
  let provider: AlteredProvider;
  let run: Finished;
  let summary: string;
  let junit: string;

  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'ci-verification-'));
    provider = await startAlteredProvider(
      (answer) => (answer.status === 429 ? { ...answer, status: 500 } : answer),
      { providerStatesSecret: STATES_SECRET },
    );
    const withPassword = new URL(provider.url);
    withPassword.username = 'ci';
    withPassword.password = URL_PASSWORD;
    const summaryFile = join(scratch, 'step-summary.md');
    run = await runScript('src/verify/main.ts', [], {
      ...WITHOUT_TARGETS,
      PROVIDER_BASE_URL: withPassword.toString(),
      PROVIDER_STATE_CHANGE_URL: `${provider.url}${PROVIDER_STATES_PATH}`,
      PROVIDER_STATES_SECRET: STATES_SECRET,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_STEP_SUMMARY: summaryFile,
      REPORTS_DIR: scratch,
    });
    summary = readFileSync(summaryFile, 'utf8');
    const line = process.versions.node.split('.')[0] ?? '';
    junit = readFileSync(join(scratch, 'junit', `verify.node${line}.xml`), 'utf8');
  });

  after(async () => {
    await provider.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('fails, and prints the failing interaction with its mismatch, not Pact’s report', () => {
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(
      run.stdout,
      new RegExp(`: ${INTERACTIONS.length - 1} passed, 1 failed\\n  ${BROKEN.description}`),
    );
    assert.match(run.stdout, /^ {4}- expected 429 but was 500$/m);
    assert.doesNotMatch(run.stdout, /Verifying a pact between/);
    assert.ok(
      run.stdout
        .split('\n')
        .includes(`Pact's report: ${join(scratch, 'verification', 'verify.txt')}`),
      run.stdout,
    );
  });

  it('annotates the interaction’s line in the catalogue, the mismatch in one line', () => {
    const annotations = run.stdout.split('\n').filter((line) => line.startsWith('::'));
    assert.deepEqual(annotations, [
      `::error title=Pact verification failed%3A ${BROKEN.description},` +
        `file=contracts/interactions.ts,line=${catalogueLine()}::` +
        `${BROKEN.description} (given ${BROKEN.state.name}): expected 429 but was 500`,
    ]);
  });

  it('appends a summary: the answer, then a table state → status, result, time', () => {
    assert.ok(
      summary.startsWith(
        `### Pact verification: \`npm run verify\`\n\n❌ **1 of ${INTERACTIONS.length} interactions failed** against `,
      ),
      summary,
    );
    const rows = tableRows(summary);
    assert.equal(rows.length, INTERACTIONS.length);
    const broken = rows.find((row) => row[1] === BROKEN.description);
    assert.deepEqual(broken?.slice(0, 4), [
      BROKEN.state.name,
      BROKEN.description,
      '❌ failed',
      'expected 429 but was 500',
    ]);
    // Milliseconds, or seconds from one second on (a loaded machine can take that long).
    assert.match(broken?.[4] ?? '', /^(\d+ ms|\d+\.\d\d s)$/);
    for (const row of rows.filter((r) => r !== broken)) {
      assert.deepEqual(row.slice(2, 4), ['✅ passed', 'as expected'], row.join(' | '));
    }
  });

  it('writes JUnit XML the schema accepts, one case per interaction, the failure carrying the mismatch', async () => {
    assert.deepEqual(await junitSchemaErrors(junit), []);
    const cases = elements(parseXml(junit), 'testcase');
    assert.equal(cases.length, INTERACTIONS.length);
    const failed = cases.filter((c) => elements(c, 'failure').length > 0);
    assert.deepEqual(
      failed.map((c) => attr(c, 'name')),
      [`${BROKEN.description} (given ${BROKEN.state.name})`],
    );
    assert.equal(
      attr(elements(failed[0] as Element, 'failure')[0], 'message'),
      'expected 429 but was 500',
    );
    assert.equal(attr(failed[0], 'classname'), 'token-refresh-client → spendesk-public-api');
  });

  it('shows no secret anywhere', () => {
    const report = readFileSync(join(scratch, 'verification', 'verify.txt'), 'utf8');
    for (const [where, text] of [
      ['the console', run.stdout + run.stderr],
      ['the summary', summary],
      ['the JUnit file', junit],
      ["Pact's report", report],
    ] as const) {
      for (const secret of [STATES_SECRET, URL_PASSWORD]) {
        assert.ok(!text.includes(secret), `${where} shows ${secret}`);
      }
    }
    assert.match(summary, /http:\/\/ci:\\\*\\\*\\\*\\\*\\\*\\\*\\\*\\\*@127\.0\.0\.1:\d+/);
  });
});

describe('reports of a verification that stopped, or did not run', () => {
  let scratch: string;
  before(() => (scratch = mkdtempSync(join(tmpdir(), 'ci-stopped-'))));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  const [first, second, third] = INTERACTIONS;
  const interaction = (i: (typeof INTERACTIONS)[number] | undefined) => ({
    consumer: 'token-refresh-client',
    description: i?.description ?? '',
    providerStates: [i?.state.name ?? ''],
    pending: false,
  });
  const stopped: VerificationRun = {
    providerUrl: 'http://127.0.0.1:1',
    pactReport: '',
    outcome: {
      passed: false,
      interactions: [
        { ...interaction(first), passed: true, durationMs: 4, mismatches: [] },
        {
          ...interaction(second),
          passed: false,
          durationMs: 2000,
          mismatches: [
            'the provider: no answer within 2 s to POST /x | <b>not bold</b>\nnext line',
          ],
        },
        {
          ...interaction(third),
          passed: false,
          mismatches: [],
          notVerified: 'the run stopped at interaction 2 of 3',
        },
      ],
    },
  };
  const context = (summaryFile: string) => ({
    env: { GITHUB_STEP_SUMMARY: summaryFile },
    argv: [],
    startedAt: new Date(),
  });

  it('shows how far a stopped run got: verified, failed with the cause, not verified', async () => {
    const file = join(scratch, 'stopped.md');
    const written = await reportVerification(
      { suite: 'test-ci-stopped', command: 'npm run verify' },
      E.left({ _tag: 'ProviderStopped', message: 'the provider stopped answering', run: stopped }),
      context(file),
    )();
    assert.ok(E.isRight(written));
    const summary = readFileSync(file, 'utf8');
    assert.match(summary, /❌ \*\*The run stopped:\*\* the provider stopped answering/);
    assert.deepEqual(
      tableRows(summary).map((row) => row.slice(2, 4)),
      [
        ['✅ passed', 'as expected'],
        [
          '❌ failed',
          // One line, and what Markdown would read as markup escaped.
          'the provider: no answer within 2 s to POST /x \\| \\<b\\>not bold\\</b\\> next line',
        ],
        ['⏹️ not verified', 'the run stopped at interaction 2 of 3'],
      ],
    );
    rmSync(pactReportFileFor('test-ci-stopped'), { force: true });
  });

  it('says why a verification did not run', async () => {
    const file = join(scratch, 'unreachable.md');
    await reportVerification(
      { suite: 'test-ci-unreachable', command: 'npm run verify' },
      E.left({ _tag: 'Unreachable', message: 'PROVIDER_BASE_URL (http://x) is unavailable' }),
      context(file),
    )();
    assert.equal(
      readFileSync(file, 'utf8'),
      '### Pact verification: `npm run verify`\n\n' +
        '❌ **The verification did not run:** PROVIDER\\_BASE\\_URL (http://x) is unavailable\n\n',
    );
    assert.equal(existsSync(pactReportFileFor('test-ci-unreachable')), false);
  });
});
