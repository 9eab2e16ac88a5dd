/**
 * Which interactions of the catalogue a live run can verify, and why not the others: every state
 * the contract names has a decision (./decisions.ts; the type-checker asks for one too), and the
 * expected sets below are written by hand from the issue, not computed by the code under test.
 * The reasons are the decisions' own sentences, imported: what is checked is which one is given.
 */
import assert from 'node:assert/strict';
import { INTERACTION, INTERACTIONS, ProviderStates } from '../../contracts/index.js';
import {
  decide,
  LIVE_VARIABLES,
  NO_LIVE_TOKEN,
  STATE_DECISIONS,
  type Credentials,
} from '../../src/verify/live/decisions.js';
import { whyNotLive } from '../support/live-runs.js';

const none: Credentials = { liveToken: false, operatorTokens: new Set() };
const liveOnly: Credentials = { liveToken: true, operatorTokens: new Set() };
const everything: Credentials = {
  liveToken: true,
  operatorTokens: new Set([LIVE_VARIABLES.expiredToken, LIVE_VARIABLES.suspendedToken]),
};

const verifiable = (credentials: Credentials) =>
  INTERACTIONS.filter((i) => decide([i.state.name], credentials, false)._tag === 'Verify').map(
    (i) => i.key,
  );

const why = (key: keyof typeof INTERACTION, credentials: Credentials) => {
  const decision = decide([INTERACTION[key].state.name], credentials, false);
  return decision._tag === 'NotVerifiable' ? decision.why : `verified (${decision.using})`;
};

describe('live decisions, per provider state', () => {
  it('decides every state the contract names', () => {
    assert.deepEqual(Object.keys(STATE_DECISIONS).sort(), Object.values(ProviderStates).sort());
  });

  it('with nothing but the live token: the valid token, the empty and the unknown one', () => {
    assert.deepEqual(verifiable(liveOnly), [
      'refresh-succeeds',
      'empty-refresh-token',
      'unknown-refresh-token',
    ]);
    assert.deepEqual(verifiable(none), ['empty-refresh-token', 'unknown-refresh-token']);
    assert.equal(why('refresh-succeeds', none), NO_LIVE_TOKEN);
  });

  it('an expired token and a suspended client only with the operator’s tokens', () => {
    assert.equal(
      why('expired-refresh-token', liveOnly),
      whyNotLive(ProviderStates.expiredRefreshToken),
    );
    assert.equal(why('suspended-client', liveOnly), whyNotLive(ProviderStates.suspendedClient));
    assert.deepEqual(verifiable(everything), [
      'refresh-succeeds',
      'empty-refresh-token',
      'unknown-refresh-token',
      'expired-refresh-token',
      'suspended-client',
    ]);
  });

  it('a rotated token, an exhausted rate limit and a failing store never, saying why', () => {
    assert.equal(
      why('rotated-refresh-token', everything),
      whyNotLive(ProviderStates.rotatedRefreshToken),
    );
    assert.equal(why('rate-limited', everything), whyNotLive(ProviderStates.rateLimitExhausted));
    assert.equal(why('store-failing', everything), whyNotLive(ProviderStates.storeFailing));
  });

  it('refreshes the live token once per run, and decides no unknown state', () => {
    const valid = INTERACTION['refresh-succeeds'].state.name;
    assert.equal(decide([valid], liveOnly, true)._tag, 'NotVerifiable');
    const unknown = decide(['a state nobody decided'], everything, false);
    assert.equal(unknown._tag, 'NotVerifiable');
    assert.match(unknown.why, /"a state nobody decided"/, 'names the state');
  });
});
