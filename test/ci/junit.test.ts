/**
 * JUnit XML as CI reads it: the mocha suites through the project's own configuration
 * (test/support/mocha-reporters.js: when the file is written, where and under which name, the
 * Ant layout and the names CI lists), checked on a real mocha run of a sample suite; and the
 * interactions' files of src/ci/junit.ts, each checked against Jenkins' JUnit schema and read
 * back element by element. What mocha-junit-reporter itself writes (a failure's message, a hook's
 * case, timings, escaping) is its own tests' business, not this project's.
 */
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
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
/** The npm script the sample runs as, as `npm run <script>` would name it to mocha. */
const SCRIPT = 'test:junit-sample';

/**
 * Mocha on the sample suite from the project root, its reports in `reportsDir`: as
 * `npm run test:junit-sample` would run it, or as a person typing `mocha` when `script` is
 * undefined.
 */
const runSample = async (
  reportsDir: string,
  script: string | undefined,
  env: NodeJS.ProcessEnv,
  args: string[] = [],
) => {
  const { CI: _ci, MOCHA_FILE: _file, npm_lifecycle_event: _script, ...inherited } = process.env;
  const asRun = script === undefined ? {} : { npm_lifecycle_event: script };
  const { stdout } = await promisify(execFile)(process.execPath, [MOCHA, SAMPLE, ...args], {
    cwd: PROJECT_ROOT,
    env: { ...inherited, ...asRun, ...env, REPORTS_DIR: reportsDir },
  });
  return stdout;
};

/** The spec reporter's lines without the durations, which differ from run to run. */
const specLines = (stdout: string) => stdout.replace(/ \(\d+ms\)/g, '');

const attr = (element: Element | undefined, name: string) => element?.getAttribute(name) ?? null;

describe('JUnit XML of the mocha suites', function () {
  this.timeout(60_000);
  let scratch = '';
  /** Each run's own reports folder. */
  const dir = (run: 'plain' | 'ci' | 'by-hand' | 'parallel') => join(scratch, run);
  let plain = '';
  let onCi = '';
  let xml = '';

  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'junit-mocha-'));
    [plain, onCi] = await Promise.all([
      runSample(dir('plain'), SCRIPT, {}),
      runSample(dir('ci'), SCRIPT, { CI: 'true' }),
      runSample(dir('by-hand'), undefined, {}, ['--junit']),
    ]);
    xml = readFileSync(join(dir('ci'), 'junit', `test-junit-sample.node${NODE_LINE}.xml`), 'utf8');
  });

  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('is written on CI, in junit/ of the reports, named by the npm script and the Node line', () => {
    assert.deepEqual(readdirSync(join(dir('ci'), 'junit')), [
      `test-junit-sample.node${NODE_LINE}.xml`,
    ]);
  });

  it('is written with --junit outside CI, named mocha when mocha is run by hand', () => {
    assert.deepEqual(readdirSync(join(dir('by-hand'), 'junit')), [`mocha.node${NODE_LINE}.xml`]);
  });

  it('is not written outside CI unless asked', () => {
    assert.deepEqual(readdirSync(scratch).sort(), ['by-hand', 'ci']);
  });

  it('leaves the console to the spec reporter, as without JUnit', () => {
    assert.match(plain, /passes at once/);
    assert.equal(specLines(onCi), specLines(plain));
  });

  it("is in the Ant layout: valid under Jenkins' JUnit schema, each suite with its host and Node", async () => {
    assert.deepEqual(await junitSchemaErrors(xml), []);
    for (const suite of elements(parseXml(xml), 'testsuite')) {
      assert.equal(attr(suite, 'hostname'), hostname());
      const node = elements(suite, 'property').find((p) => attr(p, 'name') === 'node');
      assert.equal(attr(node, 'value'), process.version);
    }
  });

  it('names each case by its title and its describe path, each suite after the npm script', () => {
    const doc = parseXml(xml);
    assert.deepEqual(
      elements(doc, 'testcase')
        .map((c) => [attr(c, 'classname'), attr(c, 'name')])
        .sort(),
      [
        ['a refresh / with a rotated token', 'is refused'],
        ['a refresh', 'is skipped'],
        ['a refresh', 'passes at once'],
      ],
    );
    assert.deepEqual(
      elements(doc, 'testsuite')
        .filter((s) => elements(s, 'testcase').length > 0)
        .map((s) => attr(s, 'name')),
      ['test:junit-sample / a refresh', 'test:junit-sample / a refresh / with a rotated token'],
    );
  });

  it('keeps a skipped test as a case, marked skipped', () => {
    const skipped = elements(parseXml(xml), 'testcase').filter(
      (c) => elements(c, 'skipped').length > 0,
    );
    assert.deepEqual(
      skipped.map((c) => attr(c, 'name')),
      ['is skipped'],
    );
  });

  it("is the same in mocha's parallel mode, as npm test runs its suites", async () => {
    await runSample(dir('parallel'), SCRIPT, { CI: 'true' }, ['--parallel', '--jobs', '2']);
    const parallel = readFileSync(
      join(dir('parallel'), 'junit', `test-junit-sample.node${NODE_LINE}.xml`),
      'utf8',
    );
    assert.deepEqual(await junitSchemaErrors(parallel), []);
    /** What CI shows of each case: its describe path, its name, whether it was skipped. */
    const shown = (file: string) =>
      elements(parseXml(file), 'testcase')
        .map((c) => [attr(c, 'classname'), attr(c, 'name'), elements(c, 'skipped').length])
        .sort();
    assert.deepEqual(shown(parallel), shown(xml));
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
