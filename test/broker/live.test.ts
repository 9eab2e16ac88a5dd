/**
 * verify:live with its pacts from a real Pact Broker: it verifies them live and publishes
 * nothing, even where `npm run verify` would publish (CI=true, and the variable pact-core itself
 * reads), and says so; the broker still knows the pact as unverified, so can-i-deploy cannot be
 * satisfied by a partial verification.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONSUMER_NAME, INTERACTIONS } from '../../contracts/index.js';
import { LIVE_ONLY, verifyLive } from '../support/live-runs.js';
import { startUnownedProvider, type UnownedProvider } from '../support/unowned-provider.js';
import { canIMerge, publish } from './support/broker-queries.js';
import { useFreshBroker } from './support/fresh-broker.js';

describe('verify:live with pacts from a real Pact Broker', function () {
  this.timeout(180_000);
  const fresh = useFreshBroker('live');
  let provider: UnownedProvider;
  before(async () => {
    provider = await startUnownedProvider();
  });
  after(() => provider.close());

  it('verifies them live and publishes no result, saying so', async () => {
    await publish(fresh().env, ['--consumer-app-version', 'A', '--branch', 'main']);
    const dir = join(provider.dir, 'broker-run');
    mkdirSync(dir);
    writeFileSync(join(dir, 'token'), `${provider.seeded}\n`);
    const run = await verifyLive({
      ...fresh().env,
      CI: 'true',
      PACT_PUBLISH_VERIFICATION_RESULTS: 'true',
      PACT_BROKER_PUBLISH_VERIFICATION_RESULTS: 'true',
      PACT_PROVIDER_VERSION: 'L1',
      PACT_PROVIDER_BRANCH: 'main',
      PROVIDER_BASE_URL: provider.url,
      LIVE_REFRESH_TOKEN_FILE: join(dir, 'token'),
      LIVE_STATE_DIR: join(dir, 'state'),
    });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.ok(
      run.stdout.includes(
        `verify:live: nothing is published to the broker (${fresh().broker.url}): a live run verifies part of the pact, and a partial verification must not satisfy can-i-deploy`,
      ),
      run.stdout,
    );
    assert.match(
      run.stdout,
      new RegExp(`Verified live ${LIVE_ONLY.length} of ${INTERACTIONS.length} interactions`),
    );
    const merge = await canIMerge(fresh().config, CONSUMER_NAME, 'A');
    assert.deepEqual(merge.matrix, [
      { consumerVersion: 'A', providerVersion: undefined, verified: null },
    ]);
  });
});
