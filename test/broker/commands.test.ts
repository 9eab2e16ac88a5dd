/**
 * The broker steps against a real Pact Broker (the official pact_broker gem from broker/,
 * started on 127.0.0.1 with basic auth, on a fresh SQLite database and again on a fresh
 * PostgreSQL cluster). Skipped, with a message, where Ruby or the bundle is absent: run
 * broker/install.sh first.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { CONSUMER_NAME, PROVIDER_NAME } from '../../contracts/index.js';
import { main } from '../../src/broker/cli.js';
import {
  canIDeploy,
  createEnvironment,
  publishPacts,
  recordDeployment,
} from '../../src/broker/commands.js';
import {
  BROKER_DATABASES,
  startLocalBroker,
  stopLocalBrokerIn,
} from '../../src/broker/local-broker.js';
import { writeFixturePact } from '../report/pact-fixture.js';
import { CREDENTIALS, right, useFreshBroker } from './support/fresh-broker.js';

for (const database of BROKER_DATABASES)
  describe(`broker commands against a real Pact Broker on ${database}`, function () {
    this.timeout(180_000);
    const fresh = useFreshBroker('test', database);
    let pactsDir = '';

    before(async () => {
      pactsDir = await writeFixturePact();
    });
    after(() => {
      if (pactsDir !== '') rmSync(pactsDir, { recursive: true, force: true });
    });

    it('publishes the pacts directory under a consumer version and branch', async () => {
      const published = right(
        await publishPacts(fresh().config, {
          pactsDir,
          consumerVersion: 'c0ffee1',
          branch: 'feature/x',
        })(),
      );
      assert.deepEqual(published.pactFiles, [`${CONSUMER_NAME}-${PROVIDER_NAME}.json`]);
      assert.deepEqual(published.contracts, [
        `${fresh().broker.url}/pacts/provider/${PROVIDER_NAME}/consumer/${CONSUMER_NAME}/version/c0ffee1`,
      ]);
      assert.ok(published.notices.some((n) => n.type === 'success'));
    });

    it('uses the git commit as the default consumer version', async () => {
      const head = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
      const published = right(await publishPacts(fresh().config, { pactsDir, branch: 'main' })());
      assert.equal(published.consumerVersion, head);
    });

    it('creates an environment once, and finds it the second time', async () => {
      const first = right(
        await createEnvironment(fresh().config, { name: 'staging', displayName: 'Staging' })(),
      );
      assert.equal(first.created, true);
      assert.equal(first.environment.name, 'staging');
      const second = right(await createEnvironment(fresh().config, { name: 'staging' })());
      assert.equal(second.created, false);
      assert.equal(second.environment.uuid, first.environment.uuid);
    });

    it('says an unverified pact cannot be deployed, for an unknown reason', async () => {
      right(await createEnvironment(fresh().config, { name: 'production', production: true })());
      const answer = right(
        await canIDeploy(fresh().config, {
          pacticipant: CONSUMER_NAME,
          version: 'c0ffee1',
          toEnvironment: 'production',
          retryWhileUnknown: 0,
        })(),
      );
      assert.equal(answer.deployable, null);
      assert.equal(answer.counts.unknown, 1);
      assert.match(
        answer.reason,
        /no verified pact between version c0ffee1 of token-refresh-client/,
      );
    });

    it('fails can-i-deploy to an environment the broker does not know', async () => {
      const answer = await canIDeploy(fresh().config, {
        pacticipant: CONSUMER_NAME,
        version: 'c0ffee1',
        toEnvironment: 'nowhere',
      })();
      assert.ok(E.isLeft(answer));
      assert.equal(answer.left._tag, 'CliFailed');
      assert.match(answer.left.message, /Environment with name 'nowhere' does not exist/);
    });

    it('records a deployment of a published version', async () => {
      const deployed = right(
        await recordDeployment(fresh().config, {
          pacticipant: CONSUMER_NAME,
          version: 'c0ffee1',
          environment: 'staging',
        })(),
      );
      assert.equal(deployed.currentlyDeployed, true);
      assert.match(deployed.deployedVersionId, /^[0-9a-f-]{36}$/);
    });

    it('fails to record a deployment of a version the broker never saw', async () => {
      const deployed = await recordDeployment(fresh().config, {
        pacticipant: CONSUMER_NAME,
        version: 'never-published',
        environment: 'staging',
      })();
      assert.ok(E.isLeft(deployed));
      assert.match(deployed.left.message, /404 Not Found/);
    });

    it('never shows the password, even when the broker refuses it', async () => {
      const wrong = 'wrong-password-91c2';
      const refused = await createEnvironment(
        {
          baseUrl: fresh().config.baseUrl,
          auth: { _tag: 'basic', username: 'pipeline', password: wrong },
        },
        { name: 'qa' },
      )();
      assert.ok(E.isLeft(refused));
      assert.match(refused.left.message, /401/);
      assert.ok(!refused.left.message.includes(wrong));
      assert.ok(!JSON.stringify(refused.left).includes(wrong));
      const answer = right(
        await canIDeploy(fresh().config, {
          pacticipant: CONSUMER_NAME,
          version: 'c0ffee1',
          toEnvironment: 'production',
        })(),
      );
      assert.ok(!answer.commandLine.includes(CREDENTIALS.password));
    });

    describe('command line', () => {
      const brokerEnv = () => ({
        PACT_BROKER_BASE_URL: fresh().broker.url,
        PACT_BROKER_USERNAME: CREDENTIALS.username,
        PACT_BROKER_PASSWORD: CREDENTIALS.password,
        PACT_BROKER_TOKEN: undefined,
      });

      it('exits 1 when can-i-deploy says no, naming the consumer by its role', async () => {
        const result = await main(
          [
            'can-i-deploy',
            '--pacticipant',
            'consumer',
            '--version',
            'c0ffee1',
            '--to-environment',
            'production',
          ],
          brokerEnv(),
        );
        assert.equal(result.exitCode, 1);
        assert.match(
          result.stdout,
          new RegExp(`^can-i-deploy ${CONSUMER_NAME} c0ffee1 to production: no \\(unknown\\)`),
        );
      });

      it('exits 0 and prints the typed result with --json', async () => {
        const result = await main(
          ['create-environment', '--name', 'staging', '--json'],
          brokerEnv(),
        );
        assert.equal(result.exitCode, 0, result.stderr);
        const parsed = JSON.parse(result.stdout) as {
          created: boolean;
          environment: { name: string };
        };
        assert.equal(parsed.created, false);
        assert.equal(parsed.environment.name, 'staging');
      });

      it('exits 2 naming the missing variable', async () => {
        const result = await main(
          ['record-deployment', '--pacticipant', 'consumer', '--environment', 'staging'],
          { ...brokerEnv(), PACT_BROKER_BASE_URL: undefined },
        );
        assert.equal(result.exitCode, 2);
        assert.match(result.stderr, /^error: PACT_BROKER_BASE_URL is not set/);
      });

      it('exits 2 naming a missing option', async () => {
        const result = await main(['can-i-deploy', '--pacticipant', 'consumer'], brokerEnv());
        assert.equal(result.exitCode, 2);
        assert.match(result.stderr, /--to-environment is required/);
      });
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
          right(await startLocalBroker({ dataDir: other, database })());
          assert.deepEqual(await stopLocalBrokerIn(other)(), E.right(true));
          assert.deepEqual(await stopLocalBrokerIn(other)(), E.right(false));
        } finally {
          rmSync(other, { recursive: true, force: true });
        }
      });
    });
  });
