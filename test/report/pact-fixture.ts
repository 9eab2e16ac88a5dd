/**
 * Writes a small but representative V4 pact with the official pact-js DSL into a temp dir:
 * provider states with params, a value injected by a provider state, regex, type,
 * equality and min-length array rules. Used by the report and broker tests; never writes
 * into the project's pacts/.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MatchersV3, PactV4, SpecificationVersion } from '@pact-foundation/pact';
import {
  CONSUMER_NAME,
  GRANTED_SCOPE,
  INTERACTION,
  JSON_MEDIA_TYPE,
  PROVIDER_NAME,
  StateValues,
  TOKEN_REFRESH_METHOD,
  TOKEN_REFRESH_PATH,
} from '../../contracts/index.js';

export const FIXTURE_PACT_FILE = `${CONSUMER_NAME}-${PROVIDER_NAME}.json`;
export const SCOPE_REGEX = '^[\\x21\\x23-\\x5B\\x5D-\\x7E]+( [\\x21\\x23-\\x5B\\x5D-\\x7E]+)*$';

const { equal, eachLike, fromProviderState, integer, like, regex } = MatchersV3;

const post = (baseUrl: string, body: unknown): Promise<Response> =>
  fetch(`${baseUrl}${TOKEN_REFRESH_PATH}`, {
    method: TOKEN_REFRESH_METHOD,
    headers: { 'Content-Type': JSON_MEDIA_TYPE },
    body: JSON.stringify(body),
  });

/** Records the fixture pact and returns the directory holding it. */
export const writeFixturePact = async (): Promise<string> => {
  const dir = mkdtempSync(join(tmpdir(), 'pact-fixture-'));
  const pact = new PactV4({
    consumer: CONSUMER_NAME,
    provider: PROVIDER_NAME,
    dir,
    spec: SpecificationVersion.SPECIFICATION_VERSION_V4,
    logLevel: 'error',
  });

  const ok = INTERACTION['refresh-succeeds'];
  await pact
    .addInteraction()
    .given(ok.state.name, { scope: GRANTED_SCOPE })
    .uponReceiving(ok.description)
    .withRequest(TOKEN_REFRESH_METHOD, TOKEN_REFRESH_PATH, (b) =>
      b.headers({ 'Content-Type': JSON_MEDIA_TYPE }).jsonBody({
        grant_type: equal('refresh_token'),
        refresh_token: fromProviderState(`\${${StateValues.refreshToken}}`, 'rt_example'),
      }),
    )
    .willRespondWith(200, (b) =>
      b
        .headers({
          'Content-Type': regex('^application/json(; *charset=utf-8)?$', JSON_MEDIA_TYPE),
        })
        .jsonBody({
          access_token: like('at_example'),
          refresh_token: like('rt_rotated'),
          scope: regex(SCOPE_REGEX, GRANTED_SCOPE),
          token_type: equal('Bearer'),
        }),
    )
    .executeTest((server) =>
      post(server.url, { grant_type: 'refresh_token', refresh_token: 'rt_example' }),
    );

  const limited = INTERACTION['rate-limited'];
  await pact
    .addInteraction()
    .given(limited.state.name)
    .uponReceiving(limited.description)
    .withRequest(TOKEN_REFRESH_METHOD, TOKEN_REFRESH_PATH, (b) =>
      b
        .headers({ 'Content-Type': JSON_MEDIA_TYPE })
        .jsonBody({ grant_type: 'refresh_token', refresh_token: 'rt_example' }),
    )
    .willRespondWith(429, (b) =>
      b
        .headers({ 'Content-Type': JSON_MEDIA_TYPE, 'Retry-After': regex('^[0-9]+$', '1') })
        .jsonBody({
          errors: eachLike({ status: integer(429), title: like('Too Many Requests') }, 1),
        }),
    )
    .executeTest((server) =>
      post(server.url, { grant_type: 'refresh_token', refresh_token: 'rt_example' }),
    );

  return dir;
};
