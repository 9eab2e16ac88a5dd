/**
 * Consumer Pact tests: the real refresh client against the Pact mock server,
 * one test per catalogue entry. Each records its interaction into the pact.
 */
import { PactV4 } from '@pact-foundation/pact';
import assert from 'node:assert/strict';
import * as E from 'fp-ts/lib/Either.js';
import * as T from 'fp-ts/lib/Task.js';
import {
  CONSUMER_NAME,
  DOCUMENTED_ERRORS,
  INTERACTION,
  INTERACTIONS,
  PROVIDER_NAME,
  scopeList,
  type ErrorStatus,
  type InteractionKey,
} from '../../contracts/index.js';
import {
  createTokenRefreshClient,
  requiresReauthorization,
  type RefreshAttemptLog,
  type RefreshError,
  type TokenRefreshClientOptions,
} from '../../src/client/index.js';
import { isRecord } from '../../src/four-sides/pact-io-ts.js';
import { pactDrift, pactOutputDir } from './pact-output.js';
import { recordedInteraction } from './recorded-interaction.js';

const outputDir = pactOutputDir();
const pact = new PactV4({
  consumer: CONSUMER_NAME,
  provider: PROVIDER_NAME,
  dir: outputDir,
  logLevel: 'error',
});

/** The refresh token the client sends: the example the pact shows for that entry. */
const sentToken = (key: InteractionKey): string => {
  const body: unknown = INTERACTION[key].request.bodyExample;
  if (isRecord(body) && 'refresh_token' in body) {
    return String(body['refresh_token']);
  }
  throw new Error(`${key}: the request example has no refresh_token`);
};

const exercised = new Set<InteractionKey>();

const refreshThroughMock = (
  key: InteractionKey,
  options: Partial<TokenRefreshClientOptions> = {},
) =>
  exercised.add(key) &&
  recordedInteraction(pact, INTERACTION[key]).executeTest((mockServer) =>
    createTokenRefreshClient({ baseUrl: mockServer.url, ...options }).refresh(sentToken(key))(),
  );

const expectHttpError = (
  result: E.Either<RefreshError, unknown> | undefined,
  status: ErrorStatus,
): Extract<RefreshError, { _tag: 'HttpError' }> => {
  assert.ok(result !== undefined && E.isLeft(result), 'expected the client to return an error');
  const error = result.left;
  assert.equal(error._tag, 'HttpError', `expected an HttpError, got ${error._tag}`);
  assert.ok(error._tag === 'HttpError');
  assert.equal(error.status, status);
  assert.deepEqual(
    error.errors.map((e) => e.code),
    [DOCUMENTED_ERRORS[status].code],
  );
  return error;
};

describe(`${CONSUMER_NAME} -> ${PROVIDER_NAME}: POST /v0/oauth2/token/refresh`, () => {
  it('exchanges a valid refresh token for a new token set with the SDK names', async () => {
    const result = await refreshThroughMock('refresh-succeeds');
    assert.ok(result !== undefined && E.isRight(result), 'expected a token set');
    const tokens = result.right;
    assert.equal(tokens.tokenType, 'Bearer');
    assert.ok(tokens.accessToken.length > 0);
    assert.notEqual(tokens.refreshToken, sentToken('refresh-succeeds'), 'the token rotated');
    assert.deepEqual(scopeList(tokens.scope), ['payable:read', 'supplier:read']);
  });

  it('reports a 400 when the stored refresh token is empty', async () => {
    const error = expectHttpError(await refreshThroughMock('empty-refresh-token'), 400);
    assert.ok(requiresReauthorization(error), 'a 400 means the stored token is unusable');
  });

  // Whatever the reason, a 401 tells the holder to ask the user to reconnect.
  for (const key of [
    'unknown-refresh-token',
    'expired-refresh-token',
    'rotated-refresh-token',
  ] as const) {
    it(`reports a 401 for ${INTERACTION[key].description.replace(/^a refresh with /, '')}`, async () => {
      const error = expectHttpError(await refreshThroughMock(key), 401);
      assert.ok(requiresReauthorization(error));
    });
  }

  it('reports a 403 when the client is suspended', async () => {
    expectHttpError(await refreshThroughMock('suspended-client'), 403);
  });

  // The pact promises no Retry-After (the published contract lists none): the
  // client backs off by itself, from baseDelayMs.
  it('backs off by itself on a 429, retries, then reports the 429', async () => {
    const slept: number[] = [];
    const attempts: RefreshAttemptLog[] = [];
    const error = expectHttpError(
      await refreshThroughMock('rate-limited', {
        retry: { maxAttempts: 2, baseDelayMs: 250 },
        sleep: (ms) => {
          slept.push(ms);
          return T.of(undefined);
        },
        logger: (event) => attempts.push(event),
      }),
      429,
    );
    assert.equal(error.retryAfterSeconds, undefined);
    assert.deepEqual(slept, [250], 'backed off once');
    assert.equal(attempts.length, 2, 'sent the request twice');
  });

  it('reports a 500 with the documented body when the provider fails', async () => {
    expectHttpError(await refreshThroughMock('store-failing'), 500);
  });

  it('exercises every interaction of the catalogue', () => {
    const missing = INTERACTIONS.map((i) => i.key).filter((key) => !exercised.has(key));
    assert.deepEqual(missing, [], 'catalogue entries without a consumer test');
  });
});

describe('the committed pact', () => {
  it(`pacts/ holds exactly what these tests record`, async () => {
    const drift = await pactDrift(outputDir);
    assert.equal(drift, undefined, drift);
  });
});
