/**
 * The broker commands against a real Pact Broker (the official pact_broker gem from broker/,
 * started on 127.0.0.1 with basic auth, on a fresh SQLite database and again on a fresh
 * PostgreSQL cluster), run as a pipeline step runs them: the official CLI's flags, output and
 * exit codes, and what this project adds to each (src/broker/commands.ts).
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { CONSUMER_NAME, PROVIDER_NAME } from '../../contracts/index.js';
import { main } from '../../src/broker/cli.js';
import { BROKER_COMMANDS } from '../../src/broker/commands.js';
import {
  BROKER_DATABASES,
  startLocalBroker,
  stopLocalBrokerIn,
} from '../../src/broker/local-broker.js';
import { writeFixturePact } from '../report/pact-fixture.js';
import { runScript, WITHOUT_TARGETS } from '../support/sockets.js';
import {
  answerIn,
  canIDeploy,
  createEnvironment,
  publish,
  recordDeployment,
} from './support/broker-queries.js';
import { BROKER_COMMANDS as RUN_OF_EACH } from './support/commands.js';
import { useFreshBroker } from './support/fresh-broker.js';

const HEAD = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();

/** The consumer's version in a can-i-deploy answer (`--output json`). */
const ConsumerVersions = t.type({
  matrix: t.array(t.type({ consumer: t.type({ version: t.type({ number: t.string }) }) })),
});

describe('the broker commands, without a broker', () => {
  it('the suites that need no broker run every command: each has its run in support/commands.ts', () => {
    assert.deepEqual(
      RUN_OF_EACH.map(([command]) => command).sort(),
      Object.keys(BROKER_COMMANDS).sort(),
    );
  });

  it("shows the CLI's own help, without a broker and without the credentials it would print", async () => {
    const password = 'pw-never-printed-0b5d';
    const run = await runScript('src/broker/cli.ts', ['record-deployment', '--help'], {
      ...WITHOUT_TARGETS,
      PACT_BROKER_USERNAME: 'ci',
      PACT_BROKER_PASSWORD: password,
    });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /--application-instance/);
    assert.ok(!run.stdout.includes(password) && !run.stderr.includes(password));
  });

  it("passes any command of the CLI through: its --help is the CLI's own, naming no file of ours", async () => {
    const run = await runScript('src/broker/cli.ts', ['list-latest-pact-versions', '--help'], {
      ...WITHOUT_TARGETS,
    });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^Usage: pact broker list-latest-pact-versions \[OPTIONS\]/m);
    assert.ok(!`${run.stdout}${run.stderr}`.includes('cli.ts'), run.stdout);
  });

  it("answers --help alone with the CLI's list of its commands", async () => {
    const run = await main(['--help'], {});
    assert.equal(run.exitCode, 0, run.stderr);
    assert.match(run.stdout, /^ {2}list-latest-pact-versions /m);
    assert.match(run.stdout, /^ {2}record-release /m);
  });

  it("gives a command the CLI does not know the CLI's own answer, not a broker check", async () => {
    const run = await main(['deploy'], {});
    assert.equal(run.exitCode, 2);
    assert.match(run.stderr, /^error: unrecognized subcommand 'deploy'/);
  });

  it('checks the broker variables before a passed-through command, in the pact: convention', async () => {
    const run = await main(['list-environments'], {});
    assert.equal(run.exitCode, 2);
    assert.equal(
      run.stderr,
      'pact: PACT_BROKER_BASE_URL is not set: the URL of the Pact Broker, e.g. http://127.0.0.1:9292',
    );
  });
});

for (const database of BROKER_DATABASES)
  describe(`broker commands against a real Pact Broker on ${database}`, function () {
    this.timeout(180_000);
    const fresh = useFreshBroker('test', database);
    let pactsDir = '';
    /** Version c0ffee1 of the consumer, as the CLI's command line asks (the table: text). */
    const c0ffee1 = ['--pacticipant', 'consumer', '--version', 'c0ffee1'];

    before(async () => {
      pactsDir = await writeFixturePact();
    });
    after(() => {
      if (pactsDir !== '') rmSync(pactsDir, { recursive: true, force: true });
    });

    it('publishes the pacts of a directory under a consumer version and branch', async () => {
      const published = await publish(fresh().env, [
        pactsDir,
        '--consumer-app-version',
        'c0ffee1',
        '--branch',
        'feature/x',
      ]);
      assert.deepEqual(published.contracts, [
        `${fresh().broker.url}/pacts/provider/${PROVIDER_NAME}/consumer/${CONSUMER_NAME}/version/c0ffee1`,
      ]);
      assert.ok(published.notices.some((n) => n.type === 'success'));
    });

    it('publishes under the git commit by default (--auto-detect-version-properties)', async () => {
      const published = await publish(fresh().env, [pactsDir, '--branch', 'main']);
      assert.deepEqual(published.contracts, [
        `${fresh().broker.url}/pacts/provider/${PROVIDER_NAME}/consumer/${CONSUMER_NAME}/version/${HEAD}`,
      ]);
    });

    it('creates an environment once, and finds it the second time, in each output', async () => {
      const first = await createEnvironment(fresh().env, [
        '--name',
        'staging',
        '--display-name',
        'Staging',
      ]);
      assert.equal(first.created, true);
      const second = await createEnvironment(fresh().env, ['--name', 'staging']);
      assert.deepEqual(second, { created: false, uuid: first.uuid });

      const id = await main(
        ['create-environment', '--name', 'staging', '--output', 'id'],
        fresh().env,
      );
      assert.deepEqual([id.exitCode, id.stdout], [0, first.uuid]);
      const json = await main(['create-environment', '--name=staging', '-o', 'json'], fresh().env);
      assert.equal(json.exitCode, 0, json.stderr);
      const shown = answerIn(
        json.stdout,
        t.type({ name: t.string, uuid: t.string, displayName: t.string }),
      );
      assert.deepEqual(
        [shown.name, shown.uuid, shown.displayName],
        ['staging', first.uuid, 'Staging'],
      );
      // An output create-environment does not have is the CLI's error, the environment there or not.
      const pretty = await main(
        ['create-environment', '--name', 'staging', '--output', 'pretty'],
        fresh().env,
      );
      assert.equal(pretty.exitCode, 2, pretty.stdout);
      assert.match(pretty.stderr, /invalid value 'pretty' for '--output <OUTPUT>'/);
    });

    /** A fresh job-summary file, as GitHub Actions gives each step. */
    const stepSummary = () => {
      const file = join(mkdtempSync(join(tmpdir(), 'step-summary-')), 'summary.md');
      writeFileSync(file, '');
      return file;
    };

    it('appends to the job summary what publish did: the version, its branch, the link to the pact', async () => {
      const file = stepSummary();
      const run = await main(
        ['publish', pactsDir, '--consumer-app-version', 'beef123', '--branch', 'feature/summary'],
        { ...fresh().env, GITHUB_STEP_SUMMARY: file },
      );
      assert.equal(run.exitCode, 0, run.stderr);
      // The log shows the broker's notices, as the text output does, not the JSON asked for.
      assert.match(
        run.stdout,
        /Pact successfully published for token-refresh-client version beef123/,
      );
      assert.doesNotMatch(run.stdout, /^\s*\{/m);
      const url = fresh().broker.url;
      assert.equal(
        readFileSync(file, 'utf8'),
        '### Pact Broker: `pact broker publish`\n\n' +
          '✅ **token-refresh-client** version `beef123` on branch feature/summary\n\n' +
          `- [Pact between token-refresh-client (beef123) and spendesk-public-api](${url}/pacts/provider/${PROVIDER_NAME}/consumer/${CONSUMER_NAME}/version/beef123)\n\n`,
      );
    });

    it('appends to the job summary what can-i-deploy answered, and the matrix rows it rests on', async () => {
      await createEnvironment(fresh().env, ['--name', 'production', '--production']);
      const ask = ['can-i-deploy', ...c0ffee1, '--to-environment', 'production'];
      const file = stepSummary();
      const run = await main(ask, { ...fresh().env, GITHUB_STEP_SUMMARY: file });
      const plain = await main(ask, fresh().env);
      // The CLI's own output and exit code, untouched.
      assert.deepEqual([run.exitCode, run.stdout], [plain.exitCode, plain.stdout]);
      assert.equal(run.exitCode, 1);
      assert.equal(
        readFileSync(file, 'utf8'),
        '### Pact Broker: `pact broker can-i-deploy`\n\n' +
          '❔ **Unknown**: There is no verified pact between version c0ffee1 of token-refresh-client ' +
          'and a version of spendesk-public-api currently in production (no version is currently ' +
          'recorded as deployed/released in this environment)\n\n' +
          '| Consumer | Consumer version | Provider | Provider version | Verified |\n' +
          '| --- | --- | --- | --- | --- |\n' +
          '| token-refresh-client | c0ffee1 | spendesk-public-api | (none) | ❔ not yet |\n\n',
      );
    });

    it('says an unverified pact cannot be deployed, for an unknown reason', async () => {
      await createEnvironment(fresh().env, ['--name', 'production', '--production']);
      const answer = await canIDeploy(fresh().env, [
        '--pacticipant',
        CONSUMER_NAME,
        '--version',
        'c0ffee1',
        '--to-environment',
        'production',
        '--retry-while-unknown',
        '0',
      ]);
      assert.equal(answer.deployable, null);
      assert.equal(answer.counts.unknown, 1);
      assert.match(
        answer.reason,
        /no verified pact between version c0ffee1 of token-refresh-client/,
      );
    });

    it('asks can-i-deploy about the git commit, the consumer named by its role', async () => {
      const run = await main(
        [
          'can-i-deploy',
          '--pacticipant',
          'consumer',
          '--to-environment',
          'production',
          '--output',
          'json',
        ],
        fresh().env,
      );
      assert.equal(run.exitCode, 0, run.stdout);
      assert.deepEqual(
        answerIn(run.stdout, ConsumerVersions).matrix.map((row) => row.consumer.version.number),
        [HEAD],
      );
    });

    it("exits 1 when can-i-deploy says no, with the broker's reason", async () => {
      const run = await main(
        ['can-i-deploy', ...c0ffee1, '--to-environment', 'production'],
        fresh().env,
      );
      assert.equal(run.exitCode, 1);
      assert.match(
        run.stdout,
        /There is no verified pact between version c0ffee1 of token-refresh-client/,
      );
      assert.match(run.stdout, /Computer says no/);
    });

    it('fails can-i-deploy to an environment the broker does not know', async () => {
      const run = await main(
        ['can-i-deploy', ...c0ffee1, '--to-environment', 'nowhere'],
        fresh().env,
      );
      assert.equal(run.exitCode, 1);
      assert.match(run.stdout, /Environment with name 'nowhere' does not exist/);
    });

    it('records a deployment of a published version, by default the git commit', async () => {
      const deployed = await recordDeployment(fresh().env, [
        ...c0ffee1,
        '--environment',
        'staging',
      ]);
      assert.equal(deployed.currentlyDeployed, true);
      assert.match(deployed.deployedVersionId, /^[0-9a-f-]{36}$/);

      const run = await main(
        ['record-deployment', '--pacticipant', 'consumer', '--environment', 'staging'],
        fresh().env,
      );
      assert.equal(run.exitCode, 0, run.stdout);
      assert.match(
        run.stdout,
        new RegExp(`Recorded deployment of ${CONSUMER_NAME} version ${HEAD} to staging`),
      );
    });

    it('fails to record a deployment of a version the broker never saw', async () => {
      const run = await main(
        [
          'record-deployment',
          '--pacticipant',
          'consumer',
          '--version',
          'never-published',
          '--environment',
          'staging',
        ],
        fresh().env,
      );
      assert.equal(run.exitCode, 1);
      assert.match(run.stdout, /404 Not Found/);
    });

    it('never shows the password, even when the broker refuses it', async () => {
      const wrong = 'wrong-password-91c2';
      const refused = await main(['create-environment', '--name', 'qa'], {
        ...fresh().env,
        PACT_BROKER_PASSWORD: wrong,
      });
      assert.equal(refused.exitCode, 1);
      assert.match(refused.stdout + refused.stderr, /401/);
      assert.ok(!`${refused.stdout}${refused.stderr}`.includes(wrong));
    });

    it('exits 2 naming the missing variable', async () => {
      const run = await main(
        ['record-deployment', '--pacticipant', 'consumer', '--environment', 'staging'],
        { ...fresh().env, PACT_BROKER_BASE_URL: undefined },
      );
      assert.equal(run.exitCode, 2);
      assert.match(run.stderr, /^pact: PACT_BROKER_BASE_URL is not set/);
    });

    describe('local broker lifecycle', () => {
      it('refuses to start a second broker on the same data directory', async () => {
        const second = await startLocalBroker({ dataDir: fresh().dataDir, database })();
        assert.ok(E.isLeft(second));
        assert.match(second.left.message, /already running/);
      });

      it('stops by pid file, and reports when none is running', async () => {
        const other = mkdtempSync(join(tmpdir(), 'pact-broker-test-'));
        try {
          const started = await startLocalBroker({ dataDir: other, database })();
          assert.ok(E.isRight(started), E.isLeft(started) ? started.left.message : '');
          assert.deepEqual(await stopLocalBrokerIn(other)(), E.right(true));
          assert.deepEqual(await stopLocalBrokerIn(other)(), E.right(false));
        } finally {
          rmSync(other, { recursive: true, force: true });
        }
      });
    });
  });
