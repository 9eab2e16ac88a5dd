/**
 * The consumer and provider pipelines end to end against a real Pact Broker (the official
 * pact_broker gem from broker/, basic auth, a fresh SQLite database and again a fresh
 * PostgreSQL cluster), every step judged by the broker's own answer through the official Pact
 * CLI: publish, verify from the broker and publish the result, environments and deployments,
 * can-i-deploy refusing a provider that broke the contract, a consumer branch's new
 * interaction verified as pending, and the broker's webhook dispatching that changed pact as
 * contract-requiring-verification.yml expects it, which then verifies that pact alone.
 * Skipped, with a message, where Ruby or the bundle is absent: run broker/install.sh first.
 */
import { strict as assert } from 'node:assert';
import { rmSync } from 'node:fs';
import { CONSUMER_NAME, INTERACTION, INTERACTIONS, PROVIDER_NAME } from '../../contracts/index.js';
import { BROKER_DATABASES } from '../../src/broker/local-broker.js';
import { verificationConfigFrom, type VerificationConfig } from '../../src/verify/config.js';
import { failedInteractions, type VerificationOutcome } from '../../src/verify/results.js';
import { embeddedStateChange } from '../../src/verify/state-change.js';
import { verifyPacts, verifyProviderAt } from '../../src/verify/verify.js';
import { jsonBody, startAlteredProvider } from '../support/altered-provider.js';
import { runScript, WITHOUT_TARGETS } from '../support/sockets.js';
import {
  canIDeploy,
  canIMerge,
  createEnvironment,
  currentlyDeployedVersions,
  publish,
  recordDeployment,
} from './support/broker-queries.js';
import { CREDENTIALS, right, useFreshBroker } from './support/fresh-broker.js';
import { EXPIRES_IN_DESCRIPTION, writeFeaturePact } from './support/feature-pact.js';
import {
  startDispatchReceiver,
  workflowExpects,
  type DispatchReceiver,
} from './support/dispatch-receiver.js';
import { createVerificationWebhook } from '../../scripts/verification-webhook.js';

const ENVIRONMENT = 'test';

/** Consumer versions: A on main (the committed pact), B on a feature branch (one more interaction). */
const CONSUMER = { A: 'A', B: 'B' } as const;
/** Provider versions: P1, P3 and P4 the reference provider on main, P2 a contract-breaking branch. */
const PROVIDER = { P1: 'P1', P2: 'P2', P3: 'P3', P4: 'P4' } as const;
const BREAKING_BRANCH = 'feature-lowercase-bearer';
/** Reading the broker's API directly, as the suite's user. */
const BASIC_AUTH = {
  authorization: `Basic ${Buffer.from(`${CREDENTIALS.username}:${CREDENTIALS.password}`).toString('base64')}`,
};
/** The provider's repository and the token its verification webhook dispatches with. */
const GITHUB = {
  repository: 'example-org/spendesk-public-api',
  token: 'ghp_not-a-real-token-4d1e',
};

const SUCCESS_DESCRIPTION = INTERACTION['refresh-succeeds'].description;

const failuresText = (outcome: VerificationOutcome): string =>
  failedInteractions(outcome)
    .map((f) => `${f.pending ? '(pending) ' : ''}${f.description}: ${f.mismatches.join('; ')}`)
    .join('\n');

for (const database of BROKER_DATABASES)
  describe(`consumer and provider pipelines through a real Pact Broker on ${database}`, function () {
    this.timeout(180_000);
    const fresh = useFreshBroker('pipeline', database);
    let featurePactsDir: string | undefined;
    let github: DispatchReceiver | undefined;
    /** The pact the webhook names (step 7), which the workflow verifies (step 8). */
    let dispatchedPactUrl: string | undefined;

    before(async () => {
      github = await startDispatchReceiver();
    });
    after(async () => {
      if (featurePactsDir !== undefined) rmSync(featurePactsDir, { recursive: true, force: true });
      await github?.close();
    });
    const receiver = (): DispatchReceiver => {
      if (github === undefined) throw new Error('the dispatch receiver did not start');
      return github;
    };

    /** What a provider build sets: pacts from the broker, results published under its version. */
    const brokerVerification = (providerVersion: string, providerBranch: string) =>
      right(
        verificationConfigFrom({
          PACT_BROKER_BASE_URL: fresh().broker.url,
          PACT_BROKER_USERNAME: CREDENTIALS.username,
          PACT_BROKER_PASSWORD: CREDENTIALS.password,
          PACT_PUBLISH_VERIFICATION_RESULTS: 'true',
          PACT_PROVIDER_VERSION: providerVersion,
          PACT_PROVIDER_BRANCH: providerBranch,
        }),
      );

    /** can-i-deploy and record-deployment of a pacticipant's version, to ENVIRONMENT. */
    const toEnvironment = (pacticipant: string, version: string) => ({
      canIDeploy: () =>
        canIDeploy(fresh().env, [
          '--pacticipant',
          pacticipant,
          '--version',
          version,
          '--to-environment',
          ENVIRONMENT,
        ]),
      recordDeployment: () =>
        recordDeployment(fresh().env, [
          '--pacticipant',
          pacticipant,
          '--version',
          version,
          '--environment',
          ENVIRONMENT,
        ]),
    });

    const verifyEmbedded = async (verification: VerificationConfig) =>
      right(await verifyPacts(verification, { logLevel: 'error' })()).outcome;

    /** `npm run verify` as a provider build on main runs it, with the broker's variables. */
    const verifyCommand = (args: readonly string[], providerVersion: string) =>
      runScript('src/verify/main.ts', args, {
        ...WITHOUT_TARGETS,
        ...fresh().env,
        PACT_PROVIDER_VERSION: providerVersion,
        PACT_PROVIDER_BRANCH: 'main',
      });
    const assertNoCredentials = (output: string) => {
      assert.ok(!output.includes(CREDENTIALS.password), 'the broker password was printed');
      assert.ok(!output.includes(`${CREDENTIALS.username}:`), 'credentials were printed');
    };

    it('1. publishes the committed pact as consumer version A on main', async () => {
      const published = await publish(fresh().env, [
        '--consumer-app-version',
        CONSUMER.A,
        '--branch',
        'main',
      ]);
      assert.deepEqual(published.contracts, [
        `${fresh().config.baseUrl}/pacts/provider/${PROVIDER_NAME}/consumer/${CONSUMER_NAME}/version/${CONSUMER.A}`,
      ]);
      assert.ok(published.notices.some((n) => n.type === 'success'));

      // The broker holds the pact, and knows nobody has verified it yet.
      const merge = await canIMerge(fresh().config, CONSUMER_NAME, CONSUMER.A);
      assert.equal(merge.deployable, null, merge.reason);
      assert.deepEqual(merge.matrix, [
        { consumerVersion: CONSUMER.A, providerVersion: undefined, verified: null },
      ]);
    });

    it('2. verifies the reference provider from the broker and publishes the success as P1', async () => {
      const verification = brokerVerification(PROVIDER.P1, 'main');
      assert.equal(verification.provider._tag, 'Embedded');
      assert.equal(verification.pacts._tag, 'Broker');

      const outcome = await verifyEmbedded(verification);
      assert.equal(outcome.passed, true, failuresText(outcome));
      assert.equal(outcome.interactions.length, INTERACTIONS.length);
      assert.deepEqual(
        outcome.interactions.map((i) => i.description).sort(),
        INTERACTIONS.map((i) => i.description).sort(),
      );
      assert.ok(outcome.interactions.every((i) => i.passed));

      // The broker's matrix now has A verified by P1, the latest provider version on main.
      const merge = await canIMerge(fresh().config, CONSUMER_NAME, CONSUMER.A);
      assert.equal(merge.deployable, true, merge.reason);
      assert.deepEqual(merge.matrix, [
        { consumerVersion: CONSUMER.A, providerVersion: PROVIDER.P1, verified: true },
      ]);
    });

    it(`3. deploys P1 and then A to "${ENVIRONMENT}", each after can-i-deploy says yes`, async () => {
      const environment = await createEnvironment(fresh().env, ['--name', ENVIRONMENT]);
      assert.equal(environment.created, true);

      // Nothing in the environment yet: the provider has no consumer there to break.
      const providerFirst = await toEnvironment(PROVIDER_NAME, PROVIDER.P1).canIDeploy();
      assert.equal(providerFirst.deployable, true, providerFirst.reason);
      assert.deepEqual(providerFirst.counts, { success: 0, failed: 0, unknown: 0 });
      await toEnvironment(PROVIDER_NAME, PROVIDER.P1).recordDeployment();

      // A is checked against the provider deployed there, P1, which verified it.
      const consumer = await toEnvironment(CONSUMER_NAME, CONSUMER.A).canIDeploy();
      assert.equal(consumer.deployable, true, consumer.reason);
      assert.deepEqual(consumer.counts, { success: 1, failed: 0, unknown: 0 });

      const deployed = await toEnvironment(CONSUMER_NAME, CONSUMER.A).recordDeployment();
      assert.equal(deployed.currentlyDeployed, true);
      assert.deepEqual(
        await currentlyDeployedVersions(fresh().config, CONSUMER_NAME, ENVIRONMENT),
        [CONSUMER.A],
      );

      // From now on, a provider version going to the environment is checked against A.
      const providerAgain = await toEnvironment(PROVIDER_NAME, PROVIDER.P1).canIDeploy();
      assert.equal(providerAgain.deployable, true, providerAgain.reason);
      assert.deepEqual(providerAgain.counts, { success: 1, failed: 0, unknown: 0 });
    });

    it('4. publishes the failure of a contract-breaking provider (P2), which can-i-deploy then refuses', async () => {
      const { pacts } = brokerVerification(PROVIDER.P2, BREAKING_BRANCH);
      const altered = await startAlteredProvider(
        jsonBody(
          (answer) => answer.status === 200,
          (body) => ({ ...body, token_type: 'bearer' }),
        ),
      );
      let outcome: VerificationOutcome;
      try {
        outcome = right(
          await verifyProviderAt({
            providerUrl: altered.url,
            pacts,
            stateChange: embeddedStateChange(altered.provider.services),
            logLevel: 'error',
          })(),
        ).outcome;
      } finally {
        await altered.close();
      }

      // Not pending: the pact was verified on main before this branch existed, so it fails the build.
      assert.equal(outcome.passed, false);
      assert.deepEqual(
        failedInteractions(outcome).map((f) => ({
          interaction: f.description,
          pending: f.pending,
        })),
        [{ interaction: SUCCESS_DESCRIPTION, pending: false }],
        failuresText(outcome),
      );
      assert.match(failedInteractions(outcome)[0]?.mismatches.join('\n') ?? '', /token_type/);

      const answer = await toEnvironment(PROVIDER_NAME, PROVIDER.P2).canIDeploy();
      assert.equal(answer.deployable, false, answer.reason);
      assert.deepEqual(answer.counts, { success: 0, failed: 1, unknown: 0 });
      assert.match(
        answer.reason,
        new RegExp(
          `verification for the pact between the version of ${CONSUMER_NAME} currently in ` +
            `${ENVIRONMENT} \\(${CONSUMER.A}\\) and version ${PROVIDER.P2} of ${PROVIDER_NAME} failed`,
        ),
      );
    });

    it('5. creates the webhook that starts contract-requiring-verification.yml, once however often it runs', async () => {
      const target = { ...GITHUB, apiUrl: receiver().url };
      const first = right(await createVerificationWebhook(fresh().config, target)());
      const again = right(await createVerificationWebhook(fresh().config, target)());
      assert.equal(again.uuid, first.uuid);
      assert.equal(first.url, `${receiver().url}/repos/${GITHUB.repository}/dispatches`);

      const res = await fetch(`${fresh().config.baseUrl}/webhooks`, {
        headers: { accept: 'application/hal+json', ...BASIC_AUTH },
      });
      const listed = (await res.json()) as { _links: { 'pb:webhooks': { href: string }[] } };
      assert.deepEqual(
        listed._links['pb:webhooks'].map((w) => w.href),
        [`${fresh().config.baseUrl}/webhooks/${first.uuid}`],
      );
      assert.deepEqual(receiver().received, [], 'nothing is dispatched before a pact changes');
    });

    it('6. verifies a consumer branch pact with a new, unmet interaction as pending: the provider build passes', async () => {
      featurePactsDir = right(writeFeaturePact());
      const published = await publish(fresh().env, [
        featurePactsDir,
        '--consumer-app-version',
        CONSUMER.B,
        '--branch',
        'feature-x',
      ]);
      assert.deepEqual(published.contracts, [
        `${fresh().config.baseUrl}/pacts/provider/${PROVIDER_NAME}/consumer/${CONSUMER_NAME}/version/${CONSUMER.B}`,
      ]);

      // main's pact (A) by the selectors, B's as work in progress (pending).
      const outcome = await verifyEmbedded(brokerVerification(PROVIDER.P3, 'main'));
      assert.equal(outcome.passed, true, failuresText(outcome));
      assert.deepEqual(
        failedInteractions(outcome).map((f) => ({
          interaction: f.description,
          pending: f.pending,
        })),
        [{ interaction: EXPIRES_IN_DESCRIPTION, pending: true }],
        failuresText(outcome),
      );
      assert.match(failedInteractions(outcome)[0]?.mismatches.join('\n') ?? '', /expires_in/);
      const results = outcome.interactions.filter((i) => i.description === EXPIRES_IN_DESCRIPTION);
      assert.deepEqual(
        results.map((i) => i.passed),
        [false],
      );
      assert.equal(
        outcome.interactions.length,
        2 * INTERACTIONS.length + 1,
        "A's interactions, then B's: the same and one more",
      );

      // The broker recorded both results of P3: B does not work with main's provider, A still does.
      const mergeB = await canIMerge(fresh().config, CONSUMER_NAME, CONSUMER.B);
      assert.equal(mergeB.deployable, false, mergeB.reason);
      assert.deepEqual(mergeB.matrix, [
        { consumerVersion: CONSUMER.B, providerVersion: PROVIDER.P3, verified: false },
      ]);
      const mergeA = await canIMerge(fresh().config, CONSUMER_NAME, CONSUMER.A);
      assert.equal(mergeA.deployable, true, mergeA.reason);
      assert.deepEqual(mergeA.matrix, [
        { consumerVersion: CONSUMER.A, providerVersion: PROVIDER.P3, verified: true },
      ]);
    });

    it('6b. npm run verify says which broker, which selectors, which pacts were pending, and that nothing was published', async () => {
      const run = await verifyCommand([], PROVIDER.P3);
      const output = run.stdout + run.stderr;
      assert.equal(run.code, 0, output);
      const lines = run.stdout.split('\n');
      const from = lines.indexOf(
        `Pacts from the broker ${fresh().broker.url}: consumer version selectors ` +
          '{"mainBranch":true}, {"deployedOrReleased":true}, {"matchingBranch":true}; ' +
          'pending pacts on; work-in-progress pacts since 2020-01-01',
      );
      assert.ok(from >= 0, output);
      // A by main's head and by its deployment to the environment; B as work in progress.
      const [a, b, published] = lines.slice(from + 1, from + 4);
      assert.match(
        a ?? '',
        new RegExp(
          `^  ${CONSUMER_NAME} \\(.*\\(${CONSUMER.A}\\)\\): not pending, its failures fail the run$`,
        ),
      );
      assert.match(a ?? '', new RegExp(`currently deployed to ${ENVIRONMENT}`));
      assert.equal(
        b,
        `  ${CONSUMER_NAME} (work in progress: the latest version of ${CONSUMER_NAME} from branch 'feature-x'): pending, its failures do not fail the run`,
      );
      assert.equal(
        published,
        `Results not published (CI=true, PACT_PUBLISH_VERIFICATION_RESULTS=true or --publish publishes them as provider version ${PROVIDER.P3} (branch main))`,
      );
      assertNoCredentials(output);
    });

    it("7. the broker dispatched B's changed pact to P1, main's head and deployed, as the workflow reads it", async () => {
      const [dispatch, ...more] = await receiver().waitFor(1, 30_000);
      assert.deepEqual(more, [], 'one provider version must verify: P1 is both main and deployed');
      assert.ok(dispatch !== undefined);
      assert.equal(dispatch.method, 'POST');
      assert.equal(dispatch.path, `/repos/${GITHUB.repository}/dispatches`);
      assert.equal(dispatch.headers['authorization'], `Bearer ${GITHUB.token}`);
      assert.equal(dispatch.headers['accept'], 'application/vnd.github+json');

      const body = JSON.parse(dispatch.body) as {
        event_type: string;
        client_payload: Record<string, string>;
      };
      const workflow = workflowExpects();
      assert.deepEqual(workflow.types, [body.event_type]);
      assert.deepEqual(workflow.payloadFields.sort(), ['branch', 'pact_url', 'sha']);
      const { pact_url: pactUrl, sha, branch } = body.client_payload;
      assert.equal(sha, PROVIDER.P1);
      assert.equal(branch, 'main');

      // The URL the workflow hands to `npm run verify` as PACT_URL is B's pact.
      assert.ok(pactUrl?.startsWith(`${fresh().config.baseUrl}/pacts/`), pactUrl);
      const res = await fetch(pactUrl ?? '', { headers: BASIC_AUTH });
      const interactions = ((await res.json()) as { interactions: { description: string }[] })
        .interactions;
      assert.ok(interactions.some((i) => i.description === EXPIRES_IN_DESCRIPTION));
      dispatchedPactUrl = pactUrl;
    });

    it("8. the workflow verifies that pact alone against P1 (PACT_URL) and publishes P1's result", async () => {
      const verification = right(
        verificationConfigFrom({
          PACT_BROKER_BASE_URL: fresh().broker.url,
          PACT_BROKER_USERNAME: CREDENTIALS.username,
          PACT_BROKER_PASSWORD: CREDENTIALS.password,
          PACT_URL: dispatchedPactUrl,
          PACT_PUBLISH_VERIFICATION_RESULTS: 'true',
          PACT_PROVIDER_VERSION: PROVIDER.P1,
          PACT_PROVIDER_BRANCH: 'main',
        }),
      );
      const outcome = await verifyEmbedded(verification);
      assert.equal(outcome.interactions.length, INTERACTIONS.length + 1, "B's pact, and no other");
      assert.deepEqual(
        failedInteractions(outcome).map((f) => f.description),
        [EXPIRES_IN_DESCRIPTION],
        failuresText(outcome),
      );
      const answer = await canIDeploy(fresh().env, [
        ...['--pacticipant', CONSUMER_NAME, '--version', CONSUMER.B],
        ...['--pacticipant', PROVIDER_NAME, '--version', PROVIDER.P1],
      ]);
      assert.deepEqual(answer.counts, { success: 0, failed: 1, unknown: 0 }, answer.reason);
    });

    it('9. npm run verify -- --publish says it published the results, which the broker then holds', async () => {
      const run = await verifyCommand(['--publish'], PROVIDER.P4);
      const output = run.stdout + run.stderr;
      assert.equal(run.code, 0, output);
      assert.ok(
        run.stdout
          .split('\n')
          .includes(
            `Results published to the broker as provider version ${PROVIDER.P4} (branch main)`,
          ),
        output,
      );
      assertNoCredentials(output);
      const answer = await canIDeploy(fresh().env, [
        ...['--pacticipant', CONSUMER_NAME, '--version', CONSUMER.A],
        ...['--pacticipant', PROVIDER_NAME, '--version', PROVIDER.P4],
      ]);
      assert.deepEqual(answer.counts, { success: 1, failed: 0, unknown: 0 }, answer.reason);
    });
  });
