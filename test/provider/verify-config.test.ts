/** How `npm run verify` reads its configuration: variables, defaults, and errors naming them. */
import assert from 'node:assert/strict';
import * as E from 'fp-ts/lib/Either.js';
import type { Env } from '../../src/config/index.js';
import { DEFAULT_WIP_PACTS_SINCE, verificationConfigFrom } from '../../src/verify/config.js';

const configOf = (env: Env) => {
  const config = verificationConfigFrom(env);
  assert.ok(E.isRight(config), E.isLeft(config) ? config.left.message : '');
  return config.right;
};

const errorOf = (env: Env) => {
  const config = verificationConfigFrom(env);
  assert.ok(E.isLeft(config), 'expected a configuration error');
  return config.left;
};

const BROKER = {
  PACT_BROKER_BASE_URL: 'http://127.0.0.1:9292/',
  PACT_PROVIDER_VERSION: 'abc123',
  PACT_PROVIDER_BRANCH: 'main',
};

describe('verification configuration', () => {
  it('defaults to pacts/ against the embedded reference provider', () => {
    assert.deepEqual(configOf({}), {
      provider: { _tag: 'Embedded' },
      pacts: { _tag: 'Files', dir: 'pacts' },
      timeouts: { providerMs: 5000, brokerMs: 5000 },
    });
  });

  it('reads the provider and broker timeouts in milliseconds', () => {
    assert.deepEqual(
      configOf({ PROVIDER_TIMEOUT_MS: '1500', PACT_BROKER_TIMEOUT_MS: ' 20000 ' }).timeouts,
      { providerMs: 1500, brokerMs: 20000 },
    );
  });

  it('targets a deployment, with its state-change URL and secret', () => {
    assert.deepEqual(
      configOf({
        PROVIDER_BASE_URL: 'https://provider.example/',
        PROVIDER_STATE_CHANGE_URL: 'https://provider.example/_pact/provider-states',
        PROVIDER_STATES_SECRET: 's3cret-s3cret-s3cret',
      }).provider,
      {
        _tag: 'Deployment',
        baseUrl: 'https://provider.example',
        stateChangeUrl: 'https://provider.example/_pact/provider-states',
        stateChangeSecret: 's3cret-s3cret-s3cret',
      },
    );
  });

  it('selects pacts from a broker with pending and WIP pacts, publishing only when asked', () => {
    const pacts = configOf({ ...BROKER, PACT_BROKER_TOKEN: 'tok' }).pacts;
    assert.deepEqual(pacts, {
      _tag: 'Broker',
      broker: { baseUrl: 'http://127.0.0.1:9292', auth: { _tag: 'token', token: 'tok' } },
      publish: false,
      providerVersion: 'abc123',
      providerBranch: 'main',
      includeWipPactsSince: DEFAULT_WIP_PACTS_SINCE,
    });
    const inCi = configOf({ ...BROKER, CI: 'true' }).pacts;
    assert.ok(inCi._tag === 'Broker' && inCi.publish);
  });

  it('verifies the one pact a broker webhook names', () => {
    const pacts = configOf({ ...BROKER, PACT_URL: 'http://127.0.0.1:9292/pacts/x' }).pacts;
    assert.ok(pacts._tag === 'Broker');
    assert.equal(pacts.pactUrl, 'http://127.0.0.1:9292/pacts/x');
  });

  it('takes the provider version and branch from git when not given', () => {
    const pacts = configOf({ PACT_BROKER_BASE_URL: 'http://127.0.0.1:9292' }).pacts;
    assert.ok(pacts._tag === 'Broker');
    assert.match(pacts.providerVersion, /^[0-9a-f]{40}$/);
  });

  const refusals: [string, Env, RegExp][] = [
    [
      'a state-change URL alone',
      { PROVIDER_STATE_CHANGE_URL: 'http://x/' },
      /^PROVIDER_BASE_URL: must be set/,
    ],
    [
      'a malformed provider URL',
      { PROVIDER_BASE_URL: 'localhost:8080' },
      /^PROVIDER_BASE_URL: expected an http\(s\) URL/,
    ],
    [
      'a relative state-change URL',
      { PROVIDER_BASE_URL: 'http://x', PROVIDER_STATE_CHANGE_URL: '/states' },
      /^PROVIDER_STATE_CHANGE_URL: expected an absolute/,
    ],
    [
      'a malformed broker URL',
      { ...BROKER, PACT_BROKER_BASE_URL: 'broker' },
      /^PACT_BROKER_BASE_URL is invalid/,
    ],
    [
      'a username without password',
      { ...BROKER, PACT_BROKER_USERNAME: 'u' },
      /^PACT_BROKER_PASSWORD is not set/,
    ],
    [
      'a password without username',
      { ...BROKER, PACT_BROKER_PASSWORD: 'p' },
      /^PACT_BROKER_USERNAME is not set/,
    ],
    ['a malformed pact URL', { ...BROKER, PACT_URL: 'pacts/x.json' }, /^PACT_URL: /],
    [
      'a timeout in seconds',
      { PROVIDER_TIMEOUT_MS: '5s' },
      /^PROVIDER_TIMEOUT_MS: expected a whole number of milliseconds from 1 to 2147483647, got 5s$/,
    ],
    ['a zero timeout', { PACT_BROKER_TIMEOUT_MS: '0' }, /^PACT_BROKER_TIMEOUT_MS: expected/],
    [
      'a timeout beyond what a timer can wait',
      { PROVIDER_TIMEOUT_MS: '2147483648' },
      /^PROVIDER_TIMEOUT_MS: expected .* got 2147483648$/,
    ],
  ];
  for (const [name, env, message] of refusals) {
    it(`refuses ${name}, naming the variable`, () => {
      const error = errorOf(env);
      assert.match(error.message, message);
      assert.ok(!error.message.includes("p'") && !error.message.includes('tok'));
    });
  }

  it('never puts a secret in a message', () => {
    const error = errorOf({ ...BROKER, PACT_BROKER_PASSWORD: 'hunter2-secret' });
    assert.ok(!error.message.includes('hunter2-secret'));
  });
});
