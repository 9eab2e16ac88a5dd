/**
 * Provider states: each one, set up on a running provider, makes the
 * catalogue's interaction come out as the contract says, through the real
 * HTTP service. Also the optional state-change endpoint and its secret.
 */
import assert from 'node:assert/strict';
import * as E from 'fp-ts/lib/Either.js';
import {
  decode,
  INTERACTIONS,
  ProviderStates,
  StateValues,
  TOKEN_REFRESH_PATH,
  TokenResponseBody,
  type Interaction,
} from '../../contracts/index.js';
import {
  buildProviderApp,
  createProviderServices,
  PROVIDER_STATES_PATH,
  PROVIDER_STATES_SECRET_HEADER,
  ProviderStateSetupError,
  setUpProviderState,
  startProvider,
  tearDownProviderState,
  UnknownProviderStateError,
  type RunningProvider,
} from '../../src/provider/index.js';
import { isRecord } from '../../src/four-sides/pact-io-ts.js';

const SECRET = 'a-shared-secret-for-tests-only';

/** The interaction's request body, with the state's values where the pact injects them. */
const requestBodyOf = (interaction: Interaction, values: Record<string, string>) => {
  const example: unknown = interaction.request.bodyExample;
  assert.ok(isRecord(example), 'the request example is an object');
  const body: Record<string, unknown> = { ...example };
  for (const [field, key] of Object.entries(interaction.request.fromProviderState)) {
    const value = values[key];
    assert.ok(value !== undefined, `state "${interaction.state.name}" gave no ${key}`);
    body[field] = value;
  }
  return body;
};

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('provider states', () => {
  let provider: RunningProvider;
  beforeEach(async () => {
    provider = await startProvider({ providerStatesSecret: SECRET });
  });
  afterEach(async () => provider.close());

  describe('every interaction of the catalogue, through the real service', () => {
    for (const interaction of INTERACTIONS) {
      it(`${interaction.key}: "${interaction.state.name}" gives ${interaction.response.status}`, async () => {
        const values = await setUpProviderState(provider.services, interaction.state);
        try {
          const response = await post(
            `${provider.url}${TOKEN_REFRESH_PATH}`,
            requestBodyOf(interaction, values),
          );
          const text = await response.text();
          assert.equal(response.status, interaction.response.status, text);
          const headers = Object.fromEntries(
            Object.keys(interaction.response.headersExample).map((name) => [
              name,
              response.headers.get(name),
            ]),
          );
          const decodedHeaders = decode(interaction.response.headers)(headers);
          assert.ok(
            E.isRight(decodedHeaders),
            E.isLeft(decodedHeaders) ? decodedHeaders.left.message : '',
          );
          const json: unknown = JSON.parse(text);
          const body = decode(interaction.response.body)(json);
          assert.ok(E.isRight(body), E.isLeft(body) ? body.left.message : '');
          // Errors are the documented bodies exactly, `source` included where the pact shows one.
          if (response.status >= 400) assert.deepEqual(json, interaction.response.bodyExample);
        } finally {
          await tearDownProviderState(provider.services, interaction.state);
        }
      });
    }
  });

  it('handles every name in ProviderStates', async () => {
    for (const name of Object.values(ProviderStates)) {
      const values = await setUpProviderState(provider.services, { name, params: {} });
      for (const value of Object.values(values)) assert.match(value, /^rt_/);
      await tearDownProviderState(provider.services, { name });
    }
  });

  it('rejects an unknown state name, listing the known ones', async () => {
    await assert.rejects(
      setUpProviderState(provider.services, { name: 'a client holds a unicorn' }),
      (error: unknown) =>
        error instanceof UnknownProviderStateError &&
        error.message.includes('"a client holds a unicorn"') &&
        error.message.includes(ProviderStates.validRefreshToken),
    );
  });

  it('grants the scope given in params, and refuses an invalid one', async () => {
    const values = await setUpProviderState(provider.services, {
      name: ProviderStates.validRefreshToken,
      params: { scope: 'user:read' },
    });
    const response = await post(`${provider.url}${TOKEN_REFRESH_PATH}`, {
      grant_type: 'refresh_token',
      refresh_token: values[StateValues.refreshToken],
    });
    const body = decode(TokenResponseBody)(await response.json());
    assert.ok(E.isRight(body));
    assert.equal(body.right.scope, 'user:read');

    await assert.rejects(
      setUpProviderState(provider.services, {
        name: ProviderStates.validRefreshToken,
        params: { scope: ' user:read' },
      }),
      ProviderStateSetupError,
    );
  });

  it('teardown heals the store a failing-store state broke', async () => {
    await setUpProviderState(provider.services, { name: ProviderStates.storeFailing });
    assert.equal(provider.services.faults.mode(), 'unavailable');
    await tearDownProviderState(provider.services, { name: ProviderStates.storeFailing });
    const values = await setUpProviderState(provider.services, {
      name: ProviderStates.validRefreshToken,
    });
    const response = await post(`${provider.url}${TOKEN_REFRESH_PATH}`, {
      grant_type: 'refresh_token',
      refresh_token: values[StateValues.refreshToken],
    });
    assert.equal(response.status, 200);
  });

  it('says so when the rate-limit state is asked of a provider without a limit', async () => {
    const services = createProviderServices({ rateLimit: false });
    await assert.rejects(
      setUpProviderState(services, { name: ProviderStates.rateLimitExhausted }),
      /rate limiting is disabled/,
    );
    await services.close();
  });

  describe(`the state-change endpoint (POST ${PROVIDER_STATES_PATH})`, () => {
    const endpoint = () => `${provider.url}${PROVIDER_STATES_PATH}`;
    const authorised = { [PROVIDER_STATES_SECRET_HEADER]: SECRET };

    it('does not exist unless enabled', async () => {
      const plain = await startProvider();
      try {
        const response = await post(`${plain.url}${PROVIDER_STATES_PATH}`, {
          state: ProviderStates.validRefreshToken,
        });
        assert.equal(response.status, 404);
      } finally {
        await plain.close();
      }
    });

    it('refuses a missing or wrong secret with 401, changing nothing', async () => {
      const body = { state: ProviderStates.storeFailing, action: 'setup' };
      assert.equal((await post(endpoint(), body)).status, 401);
      const wrong = { [PROVIDER_STATES_SECRET_HEADER]: `${SECRET}x` };
      assert.equal((await post(endpoint(), body, wrong)).status, 401);
      assert.equal(provider.services.faults.mode(), 'healthy');
    });

    it('sets up a state with the right secret and answers its values as JSON', async () => {
      const response = await post(
        endpoint(),
        { state: ProviderStates.validRefreshToken, params: {}, action: 'setup' },
        authorised,
      );
      assert.equal(response.status, 200);
      const values = (await response.json()) as Record<string, string>;
      const refreshed = await post(`${provider.url}${TOKEN_REFRESH_PATH}`, {
        grant_type: 'refresh_token',
        refresh_token: values[StateValues.refreshToken],
      });
      assert.equal(refreshed.status, 200);
    });

    it('tears down with action "teardown"', async () => {
      await post(endpoint(), { state: ProviderStates.storeFailing }, authorised);
      assert.equal(provider.services.faults.mode(), 'unavailable');
      const response = await post(
        endpoint(),
        { state: ProviderStates.storeFailing, action: 'teardown' },
        authorised,
      );
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), {});
      assert.equal(provider.services.faults.mode(), 'healthy');
    });

    it('answers 400 naming the field for an unknown state or a malformed body', async () => {
      const unknown = await post(endpoint(), { state: 'no such state' }, authorised);
      assert.equal(unknown.status, 400);
      const body = (await unknown.json()) as { errors: { source?: string }[] };
      assert.equal(body.errors[0]?.source, 'state');

      const malformed = await post(endpoint(), { state: 1, action: 'dance' }, authorised);
      assert.equal(malformed.status, 400);
      const sources = ((await malformed.json()) as { errors: { source?: string }[] }).errors.map(
        (error) => error.source,
      );
      assert.deepEqual(sources, ['state', 'action']);
    });

    it('will not be enabled with a short secret', async () => {
      const services = createProviderServices();
      assert.throws(
        () => buildProviderApp({ services, providerStatesSecret: 'short' }),
        /at least 16 characters/,
      );
      await services.close();
    });
  });
});
