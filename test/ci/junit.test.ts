/**
 * JUnit XML as CI reads it: the mocha suites through the project's own mocha configuration
 * (a real mocha run of a sample suite), and the interactions' files of src/ci/junit.ts, each
 * checked against Jenkins' JUnit schema and read back element by element.
 */
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import type { Element } from '@xmldom/xmldom';
import * as E from 'fp-ts/lib/Either.js';
import {
  interactionsJunit,
  writeInteractionsJunit,
  type InteractionSuite,
} from '../../src/ci/junit.js';
import { junitFileFor, junitRequested, PROJECT_ROOT } from '../../src/config/index.js';
import { elements, junitSchemaErrors, parseXml } from '../support/junit-schema.js';

const SAMPLE = join(__dirname, 'fixtures', 'junit-sample.spec.ts');
const MOCHA = join(PROJECT_ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');
const NODE_LINE = process.versions.node.split('.')[0] ?? '';

interface MochaRun {
  readonly exitCode: number;
  readonly stdout: string;
}

/** The sample's reports go to a scratch folder, never the project's reports/. */
const REPORTS = mkdtempSync(join(tmpdir(), 'junit-sample-reports-'));

/** Where the sample run of `suite` writes its JUnit file: the project's name, in REPORTS. */
const sampleFile = (suite: string) => join(REPORTS, 'junit', basename(junitFileFor(suite)));

/** Mocha on the sample suite from the project root, as `npm run <suite>` would run it. */
const runSample = async (suite: string, env: NodeJS.ProcessEnv, args: string[] = []) => {
  const { CI: _ci, MOCHA_FILE: _file, ...inherited } = process.env;
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [MOCHA, SAMPLE, ...args], {
      cwd: PROJECT_ROOT,
      env: { ...inherited, npm_lifecycle_event: suite, REPORTS_DIR: REPORTS, ...env },
    });
    return { exitCode: 0, stdout };
  } catch (e) {
    const failed = e as { code?: unknown; stdout?: unknown };
    if (typeof failed.code !== 'number') throw e;
    return { exitCode: failed.code, stdout: String(failed.stdout) };
  }
};

/** The spec reporter's lines without the durations, which differ from run to run. */
const specLines = (run: MochaRun) => run.stdout.replace(/ \(\d+ms\)/g, '');

const attr = (element: Element | undefined, name: string) => element?.getAttribute(name) ?? null;

describe('JUnit XML of the mocha suites', function () {
  this.timeout(60_000);
  const plainSuite = 'test:junit-sample-plain';
  const ciSuite = 'test:junit-sample-ci';
  const flagSuite = 'test:junit-sample-flag';
  const parallelSuite = 'test:junit-sample-parallel';
  let plain: MochaRun;
  let onCi: MochaRun;
  let xml = '';

  before(async () => {
    [plain, onCi] = await Promise.all([
      runSample(plainSuite, {}),
      runSample(ciSuite, { CI: 'true' }),
    ]);
    const file = sampleFile(ciSuite);
    assert.ok(existsSync(file), `no JUnit file at ${file}:\n${onCi.stdout}`);
    xml = readFileSync(file, 'utf8');
  });

  after(() => rmSync(REPORTS, { recursive: true, force: true }));

  it('is written on CI, in junit/ of the reports folder, named by the npm script and the Node line', () => {
    assert.ok(existsSync(join(REPORTS, 'junit', `test-junit-sample-ci.node${NODE_LINE}.xml`)));
  });

  it('is not written outside CI unless asked', () => {
    assert.equal(existsSync(sampleFile(plainSuite)), false);
  });

  it('is written with --junit outside CI', async () => {
    const run = await runSample(flagSuite, {}, ['--junit', '--grep', 'passes at once']);
    assert.equal(run.exitCode, 0, run.stdout);
    const file = sampleFile(flagSuite);
    assert.ok(existsSync(file));
    assert.deepEqual(await junitSchemaErrors(readFileSync(file, 'utf8')), []);
  });

  it('leaves the console output and the exit code as they are', () => {
    assert.equal(onCi.exitCode, 2, 'one failed test and one failed hook');
    assert.equal(onCi.exitCode, plain.exitCode);
    assert.equal(specLines(onCi), specLines(plain));
    assert.match(plain.stdout, /2 passing[\s\S]*1 pending[\s\S]*2 failing/);
  });

  it("is valid under Jenkins' JUnit schema", async () => {
    assert.deepEqual(await junitSchemaErrors(xml), []);
  });

  it('has one test case per test, a failed hook and a skipped test included', () => {
    const names = elements(parseXml(xml), 'testcase').map((c) => attr(c, 'name'));
    assert.deepEqual(names.sort(), [
      '"before all" hook for "never runs"',
      'compares <bodies> & "quotes"',
      'is skipped',
      'passes at once',
      'takes a while',
    ]);
  });

  it('gives each test case its describe path and time, and the suite the Node version', () => {
    const doc = parseXml(xml);
    const slow = elements(doc, 'testcase').find((c) => attr(c, 'name') === 'takes a while');
    assert.equal(attr(slow, 'classname'), 'a refresh');
    assert.ok(Number(attr(slow, 'time')) >= 0.05, `time ${attr(slow, 'time')}`);
    const node = elements(doc, 'property').find((p) => attr(p, 'name') === 'node');
    assert.equal(attr(node, 'value'), process.version);
  });

  it('carries the failure message and the stack of a failed test', () => {
    const cases = elements(parseXml(xml), 'testcase');
    const failed = cases.find((c) => attr(c, 'name') === 'compares <bodies> & "quotes"');
    const failure = elements(failed as Element, 'failure')[0];
    // (Node may append the diff to the assertion's message.)
    assert.match(attr(failure, 'message') ?? '', /^expected status 200, got 401/);
    assert.match(
      failure?.textContent ?? '',
      /expected status 200, got 401[\s\S]*junit-sample\.spec\.ts/,
    );
    const hook = cases.find((c) => attr(c, 'name')?.startsWith('"before all" hook') === true);
    assert.match(
      attr(elements(hook as Element, 'failure')[0], 'message') ?? '',
      /could not be set up/,
    );
  });

  it('marks the skipped test', () => {
    const cases = elements(parseXml(xml), 'testcase');
    const skipped = cases.filter((c) => elements(c, 'skipped').length > 0);
    assert.deepEqual(
      skipped.map((c) => attr(c, 'name')),
      ['is skipped'],
    );
  });

  it("is the same in mocha's parallel mode, as npm test runs its suites", async () => {
    const run = await runSample(parallelSuite, { CI: 'true' }, ['--parallel', '--jobs', '2']);
    assert.equal(run.exitCode, onCi.exitCode, run.stdout);
    const parallel = readFileSync(sampleFile(parallelSuite), 'utf8');
    assert.deepEqual(await junitSchemaErrors(parallel), []);
    /** What CI shows of each case: name, describe path, failure type and message, skipped. */
    const shown = (file: string) =>
      elements(parseXml(file), 'testcase').map((c) => {
        const failure = elements(c, 'failure')[0];
        return [
          attr(c, 'name'),
          attr(c, 'classname'),
          attr(failure, 'type'),
          attr(failure, 'message'),
          elements(c, 'skipped').length,
        ];
      });
    assert.deepEqual(shown(parallel), shown(xml));
    const [name, classname, type, message] = shown(parallel)[2] ?? [];
    assert.deepEqual(
      [name, classname, type],
      ['compares <bodies> & "quotes"', 'a refresh', 'AssertionError'],
    );
    assert.match(String(message), /^expected status 200, got 401/);
  });
});

describe('when JUnit is written, and where', () => {
  it('is on when CI is set to anything but false or 0, or with --junit', () => {
    assert.equal(junitRequested({ CI: 'true' }, []), true);
    assert.equal(junitRequested({ CI: '1' }, []), true);
    assert.equal(junitRequested({ CI: 'woodpecker' }, []), true);
    assert.equal(junitRequested({}, ['node', 'mocha', '--junit']), true);
    assert.equal(junitRequested({ CI: 'false' }, []), false);
    assert.equal(junitRequested({ CI: '0' }, []), false);
    assert.equal(junitRequested({ CI: ' ' }, []), false);
    assert.equal(junitRequested({}, ['node', 'mocha', '--junit-file']), false);
  });

  it('names one file per suite and Node line', () => {
    const dir = join(PROJECT_ROOT, 'reports', 'junit');
    assert.equal(junitFileFor('test:all', '24.11.0'), join(dir, 'test-all.node24.xml'));
    assert.equal(junitFileFor('test:broker', 'v22.3.1'), join(dir, 'test-broker.node22.xml'));
    assert.equal(junitFileFor('verify', '22.3.1'), join(dir, 'verify.node22.xml'));
    assert.throws(() => junitFileFor('::', '24.0.0'), /JUnit suite name/);
    assert.throws(() => junitFileFor('verify', 'latest'), /Node version/);
  });
});

describe('JUnit XML of interactions', () => {
  const run: InteractionSuite = {
    suite: 'verify',
    name: 'token-refresh-client → spendesk-public-api',
    startedAt: new Date('2026-01-02T03:04:05Z'),
    cases: [
      {
        description: 'a refresh with a valid refresh token',
        providerStates: ['a client holds a valid refresh token'],
        durationMs: 12.3456,
        outcome: { _tag: 'Passed' },
      },
      {
        description: 'a refresh with an expired refresh token',
        providerStates: ['a client holds an expired refresh token', 'the store is <up> & "ready"'],
        durationMs: 1234.5678,
        outcome: {
          _tag: 'Failed',
          mismatches: [
            'expected status 401 but was 200',
            "$.errors -> Expected an array but got ']]>' \u0007",
          ],
        },
      },
      {
        description: 'a refresh beyond the refresh rate limit',
        providerStates: [],
        durationMs: 5,
        outcome: { _tag: 'Skipped', reason: 'pending: expected status 429 but was 200' },
      },
    ],
  };
  const xml = interactionsJunit(run);
  const cases = () => elements(parseXml(xml), 'testcase');

  it("is valid under Jenkins' JUnit schema", async () => {
    assert.deepEqual(await junitSchemaErrors(xml), []);
  });

  it('has one test case per interaction, named by description and provider states', () => {
    assert.deepEqual(
      cases().map((c) => [attr(c, 'classname'), attr(c, 'name')]),
      [
        [
          run.name,
          'a refresh with a valid refresh token (given a client holds a valid refresh token)',
        ],
        [
          run.name,
          'a refresh with an expired refresh token (given a client holds an expired refresh token and the store is <up> & "ready")',
        ],
        [run.name, 'a refresh beyond the refresh rate limit'],
      ],
    );
  });

  it('gives each case its time in seconds, and the suite its counts', () => {
    assert.deepEqual(
      cases().map((c) => attr(c, 'time')),
      ['0.012', '1.235', '0.005'],
    );
    const suite = elements(parseXml(xml), 'testsuite')[0];
    assert.deepEqual(
      ['tests', 'failures', 'errors', 'skipped', 'time', 'timestamp'].map((a) => attr(suite, a)),
      ['3', '1', '0', '1', '1.252', '2026-01-02T03:04:05'],
    );
  });

  it("carries a failure's mismatch lines", () => {
    const failure = elements(cases()[1] as Element, 'failure')[0];
    assert.equal(attr(failure, 'message'), 'expected status 401 but was 200 (and 1 more)');
    assert.equal(
      failure?.textContent,
      "expected status 401 but was 200\n$.errors -> Expected an array but got ']]>' ",
    );
  });

  it('marks a skipped interaction and says why', () => {
    const skipped = cases()[2] as Element;
    assert.equal(elements(skipped, 'skipped').length, 1);
    assert.equal(
      elements(skipped, 'system-out')[0]?.textContent,
      'pending: expected status 429 but was 200',
    );
  });

  describe('the file', () => {
    let scratch = '';
    before(() => {
      scratch = mkdtempSync(join(tmpdir(), 'junit-test-'));
    });
    after(() => rmSync(scratch, { recursive: true, force: true }));

    it('is written, its folder made', async () => {
      const file = join(scratch, 'junit', 'verify.xml');
      const written = await writeInteractionsJunit(run, file)();
      assert.deepEqual(written, E.right(file));
      assert.equal(readFileSync(file, 'utf8'), `${xml}\n`);
    });

    it('says why it cannot be written', async () => {
      const blocker = join(scratch, 'a-file');
      writeFileSync(blocker, '');
      const written = await writeInteractionsJunit(run, join(blocker, 'verify.xml'))();
      assert.ok(E.isLeft(written));
      assert.equal(written.left._tag, 'JunitWriteFailed');
      assert.match(written.left.message, /^cannot write the JUnit report .*a-file\/verify\.xml: /);
    });
  });
});
