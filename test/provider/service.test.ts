/**
 * The provider over real HTTP (127.0.0.1, ephemeral port): what a client of
 * POST /v0/oauth2/token/refresh observes, success and every kind of refusal.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import * as E from 'fp-ts/lib/Either.js';
import {
  decode,
  DOCUMENTED_ERRORS,
  errorBody,
  errorBodyOf,
  ErrorBody,
  GRANTED_SCOPE,
  refreshTokenRequestBody,
  TOKEN_REFRESH_PATH,
  TokenResponseBody,
  type ErrorStatus,
} from '../../contracts/index.js';
import {
  manualClock,
  startProvider,
  type ProviderServices,
  type RunningProvider,
  type StartProviderOptions,
} from '../../src/provider/index.js';

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly json: unknown;
}

const send = async (
  url: string,
  init: { method?: string; body?: string; contentType?: string | null } = {},
): Promise<Answer> => {
  const headers: Record<string, string> = {};
  const contentType = init.contentType === undefined ? 'application/json' : init.contentType;
  if (contentType !== null) headers['content-type'] = contentType;
  const response = await fetch(url, {
    method: init.method ?? 'POST',
    headers,
    ...(init.body === undefined ? {} : { body: init.body }),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
};

const refresh = (provider: RunningProvider, refreshToken: string) =>
  send(`${provider.url}${TOKEN_REFRESH_PATH}`, {
    body: JSON.stringify(refreshTokenRequestBody(refreshToken)),
  });

const postRaw = (provider: RunningProvider, body: string, contentType?: string | null) =>
  send(`${provider.url}${TOKEN_REFRESH_PATH}`, { body, contentType });

const grant = async (services: ProviderServices, scope = GRANTED_SCOPE) => {
  const client = await services.tokens.registerClient({ name: 'test client' })();
  assert.ok(E.isRight(client));
  const issued = await services.tokens.grant({ clientId: client.right.id, scope })();
  assert.ok(E.isRight(issued));
  return issued.right;
};

const tokensOf = (answer: Answer) => {
  const body = decode(TokenResponseBody)(answer.json);
  assert.ok(E.isRight(body), `expected a token response, got ${answer.status} ${answer.text}`);
  return body.right;
};

/** The documented error body for `status`, JSON content type, no stack or message. */
const assertError = (answer: Answer, status: ErrorStatus, source?: string) => {
  assert.equal(answer.status, status, answer.text);
  assert.equal(answer.headers.get('content-type'), 'application/json; charset=utf-8');
  assert.ok(E.isRight(decode(errorBodyOf(status))(answer.json)), answer.text);
  if (source !== undefined) assert.deepEqual(answer.json, errorBody(status, source));
};

const assertUndocumented = (answer: Answer, status: number, code: string) => {
  assert.equal(answer.status, status, answer.text);
  assert.equal(answer.headers.get('content-type'), 'application/json; charset=utf-8');
  const body = decode(ErrorBody)(answer.json);
  assert.ok(E.isRight(body), answer.text);
  assert.equal(body.right.errors[0]?.code, code);
};

describe('provider: POST /v0/oauth2/token/refresh over HTTP', () => {
  let provider: RunningProvider;
  const start = async (options: StartProviderOptions = {}) => {
    provider = await startProvider(options);
    return provider;
  };
  afterEach(async () => provider.close());

  describe('refresh with rotation', () => {
    beforeEach(() => start());

    it('answers 200 with a new token pair, the granted scope and Bearer, never cached', async () => {
      const { refreshToken } = await grant(provider.services, 'payable:read user:read');
      const answer = await refresh(provider, refreshToken);
      assert.equal(answer.status, 200);
      assert.equal(answer.headers.get('content-type'), 'application/json; charset=utf-8');
      assert.equal(answer.headers.get('cache-control'), 'no-store');
      const tokens = tokensOf(answer);
      assert.equal(tokens.token_type, 'Bearer');
      assert.equal(tokens.scope, 'payable:read user:read');
      assert.match(tokens.refresh_token, /^rt_[A-Za-z0-9_-]{43}$/);
      assert.match(tokens.access_token, /^at_[A-Za-z0-9_-]{43}$/);
      assert.notEqual(tokens.refresh_token, refreshToken);
    });

    it('accepts the new refresh token and keeps the scope of the family', async () => {
      const { refreshToken } = await grant(provider.services);
      const first = tokensOf(await refresh(provider, refreshToken));
      const second = tokensOf(await refresh(provider, first.refresh_token));
      assert.equal(second.scope, GRANTED_SCOPE);
      assert.notEqual(second.refresh_token, first.refresh_token);
      assert.notEqual(second.access_token, first.access_token);
    });

    it('refuses a rotated token with 401 and revokes the whole family', async () => {
      const { refreshToken } = await grant(provider.services);
      const rotated = tokensOf(await refresh(provider, refreshToken));
      assertError(await refresh(provider, refreshToken), 401);
      // The successor was valid; the reuse killed it too (RFC 9700 §4.14).
      assertError(await refresh(provider, rotated.refresh_token), 401);
    });

    it('leaves other families alone when one is revoked', async () => {
      const victim = await grant(provider.services);
      const bystander = await grant(provider.services);
      await refresh(provider, victim.refreshToken);
      await refresh(provider, victim.refreshToken);
      assert.equal((await refresh(provider, bystander.refreshToken)).status, 200);
    });
  });

  describe('refusals', () => {
    it('401 for an expired refresh token', async () => {
      const clock = manualClock(Date.UTC(2026, 0, 1));
      await start({ clock, lifetimes: { refreshTokenSeconds: 60, accessTokenSeconds: 60 } });
      const { refreshToken } = await grant(provider.services);
      clock.advance(60_000);
      assertError(await refresh(provider, refreshToken), 401);
    });

    it('401 for an unknown refresh token, without echoing it', async () => {
      await start();
      const answer = await refresh(provider, 'rt_never-issued-by-this-provider');
      assertError(answer, 401);
      assert.ok(!answer.text.includes('never-issued'));
    });

    it('403 for a suspended client, and the token is not spent', async () => {
      await start();
      const issued = await grant(provider.services);
      await provider.services.tokens.suspendClient(issued.clientId)();
      assertError(await refresh(provider, issued.refreshToken), 403);
      assertError(await refresh(provider, issued.refreshToken), 403);
    });

    it('500 with the documented body and no details when the store fails', async () => {
      await start();
      const { refreshToken } = await grant(provider.services);
      provider.services.faults.fail('unavailable');
      const answer = await refresh(provider, refreshToken);
      assertError(answer, 500);
      assert.deepEqual(answer.json, errorBody(500));
    });

    it('500 when writes fail, and the token survives for a retry once the store heals', async () => {
      await start();
      const { refreshToken } = await grant(provider.services);
      provider.services.faults.fail('read-only');
      assertError(await refresh(provider, refreshToken), 500);
      provider.services.faults.heal();
      assert.equal((await refresh(provider, refreshToken)).status, 200);
    });
  });

  describe('request validation', () => {
    beforeEach(() => start());

    const cases: readonly { name: string; body: unknown; sources: readonly string[] }[] = [
      {
        name: 'empty refresh_token',
        body: { grant_type: 'refresh_token', refresh_token: '' },
        sources: ['refresh_token'],
      },
      {
        name: 'missing refresh_token',
        body: { grant_type: 'refresh_token' },
        sources: ['refresh_token'],
      },
      {
        name: 'refresh_token not a string',
        body: { grant_type: 'refresh_token', refresh_token: 42 },
        sources: ['refresh_token'],
      },
      {
        name: 'wrong grant_type',
        body: { grant_type: 'password', refresh_token: 'rt_x' },
        sources: ['grant_type'],
      },
      { name: 'missing grant_type', body: { refresh_token: 'rt_x' }, sources: ['grant_type'] },
      { name: 'both fields missing', body: {}, sources: ['grant_type', 'refresh_token'] },
      { name: 'a JSON array', body: [1, 2], sources: ['(body)'] },
      { name: 'JSON null', body: null, sources: ['(body)'] },
    ];

    for (const { name, body, sources } of cases) {
      it(`400 naming the field for ${name}`, async () => {
        const answer = await postRaw(provider, JSON.stringify(body));
        assertError(answer, 400);
        assert.deepEqual(answer.json, {
          errors: sources.map((source) => ({ ...DOCUMENTED_ERRORS[400], source })),
        });
      });
    }

    it('never quotes a submitted value in a 400', async () => {
      const secret = 'rt_this-value-must-not-come-back';
      const answer = await postRaw(
        provider,
        JSON.stringify({ grant_type: secret, refresh_token: 7 }),
      );
      assertError(answer, 400);
      assert.ok(!answer.text.includes('must-not-come-back'));
    });

    it('tolerates unknown fields beside the two it reads', async () => {
      const { refreshToken } = await grant(provider.services);
      const body = { ...refreshTokenRequestBody(refreshToken), scope: 'payable:read' };
      assert.equal((await postRaw(provider, JSON.stringify(body))).status, 200);
    });

    it('400 for malformed JSON, an empty body and a prototype-poisoning body', async () => {
      assertError(await postRaw(provider, '{"grant_type": "refresh_token",'), 400, '(body)');
      assertError(await postRaw(provider, ''), 400, '(body)');
      assertError(
        await postRaw(provider, '{"__proto__": {"admin": true}, "grant_type": "refresh_token"}'),
        400,
        '(body)',
      );
    });

    it('415 for a body that is not JSON, or JSON in another charset', async () => {
      const body = JSON.stringify(refreshTokenRequestBody('rt_x'));
      for (const contentType of [
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/xml',
        'application/json; charset=iso-8859-1',
        null,
      ]) {
        assertUndocumented(
          await postRaw(provider, body, contentType),
          415,
          'UNSUPPORTED_MEDIA_TYPE',
        );
      }
    });

    it('accepts application/json with a UTF-8 charset in any letter case', async () => {
      const { refreshToken } = await grant(provider.services);
      const body = JSON.stringify(refreshTokenRequestBody(refreshToken));
      const answer = await postRaw(provider, body, 'application/json;charset=UTF-8');
      assert.equal(answer.status, 200);
    });

    it('413 for a body over the limit (8 KiB by default)', async () => {
      const body = JSON.stringify(refreshTokenRequestBody(`rt_${'x'.repeat(9000)}`));
      assertUndocumented(await postRaw(provider, body), 413, 'PAYLOAD_TOO_LARGE');
    });

    it('405 with Allow: POST for other methods on the path', async () => {
      for (const method of ['GET', 'PUT', 'DELETE', 'PATCH']) {
        const answer = await send(`${provider.url}${TOKEN_REFRESH_PATH}`, {
          method,
          contentType: null,
        });
        assertUndocumented(answer, 405, 'METHOD_NOT_ALLOWED');
        assert.equal(answer.headers.get('allow'), 'POST');
      }
    });

    it('404 with an Error body for an unknown path', async () => {
      // POSTed JSON, even broken, does not turn a 404 into a 400.
      assertUndocumented(await send(`${provider.url}/v0/oauth2/token`), 404, 'NOT_FOUND');
      assertUndocumented(
        await send(`${provider.url}/v0/oauth2/token`, { body: '{broken' }),
        404,
        'NOT_FOUND',
      );
      assertUndocumented(await send(`${provider.url}/`, { method: 'GET' }), 404, 'NOT_FOUND');
    });
  });

  describe('routing details (inject)', () => {
    beforeEach(() => start());

    it('405 for HEAD and for methods Fastify does not route', async () => {
      for (const method of ['HEAD', 'OPTIONS', 'PROPFIND'] as const) {
        const answer = await provider.app.inject({ method, url: TOKEN_REFRESH_PATH });
        assert.equal(answer.statusCode, 405, method);
        assert.equal(answer.headers['allow'], 'POST');
      }
    });

    it('routes despite a query string, not with a trailing slash', async () => {
      const body = refreshTokenRequestBody('rt_unknown');
      const withQuery = await provider.app.inject({
        method: 'POST',
        url: `${TOKEN_REFRESH_PATH}?trace=1`,
        payload: body,
      });
      assert.equal(withQuery.statusCode, 401);
      const slash = await provider.app.inject({
        method: 'POST',
        url: `${TOKEN_REFRESH_PATH}/`,
        payload: body,
      });
      assert.equal(slash.statusCode, 404);
    });

    it('answers a malformed URL with a 400 Error body', async () => {
      const answer = await provider.app.inject({ method: 'POST', url: '/v0/%E0%A4%A' });
      assert.equal(answer.statusCode, 400);
      assert.ok(E.isRight(decode(errorBodyOf(400))(answer.json())), answer.body);
    });

    it('answers bytes that are not HTTP with a 400 Error body, not a dropped socket', async () => {
      const { port } = new URL(provider.url);
      const raw = await new Promise<string>((done, failed) => {
        let received = '';
        const socket = connect(Number(port), '127.0.0.1', () => socket.write('NONSENSE\r\n\r\n'));
        socket.on('data', (chunk) => (received += chunk.toString('utf8')));
        socket.on('end', () => done(received));
        socket.on('error', failed);
      });
      assert.match(raw, /^HTTP\/1\.1 400 /);
      const body: unknown = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4));
      assert.ok(E.isRight(decode(errorBodyOf(400))(body)), raw);
    });

    it('has no provider-states route unless enabled', async () => {
      const answer = await provider.app.inject({
        method: 'POST',
        url: '/_pact/provider-states',
        payload: { state: 'a client holds a valid refresh token' },
      });
      assert.equal(answer.statusCode, 404);
    });
  });

  describe('logging', () => {
    it('logs requests and failures without any token or secret in them', async () => {
      let logs = '';
      const logStream = new Writable({
        write: (chunk: Buffer, _encoding, done) => {
          logs += chunk.toString('utf8');
          done();
        },
      });
      await start({ logger: true, logStream, providerStatesSecret: 'a-secret-of-sixteen-chars' });
      const { refreshToken } = await grant(provider.services);
      const issued = tokensOf(await refresh(provider, refreshToken));
      await refresh(provider, refreshToken);
      await postRaw(provider, JSON.stringify({ grant_type: 'x', refresh_token: 'rt_in-a-400' }));
      provider.services.faults.fail('unavailable');
      await refresh(provider, issued.refresh_token);
      await send(`${provider.url}/_pact/provider-states`, { body: '{}' });
      await fetch(`${provider.url}/_pact/provider-states`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-provider-states-secret': 'a-secret-of-sixteen-chars',
        },
        body: '{"state":"nope"}',
      });

      assert.match(logs, /token store failure/);
      assert.match(logs, /"statusCode":500/);
      for (const secret of [
        refreshToken,
        issued.refresh_token,
        issued.access_token,
        'rt_in-a-400',
        'a-secret-of-sixteen-chars',
      ]) {
        assert.ok(!logs.includes(secret), `logs contain a secret`);
      }
    });
  });

  describe('rate limiting per token family', () => {
    it('429 with Retry-After once the window is used up, then recovers', async () => {
      const clock = manualClock(Date.UTC(2026, 0, 1));
      await start({ clock, rateLimit: { limit: 3, windowSeconds: 30 } });
      let token = (await grant(provider.services)).refreshToken;
      for (let i = 0; i < 3; i += 1) token = tokensOf(await refresh(provider, token)).refresh_token;

      const limited = await refresh(provider, token);
      assertError(limited, 429);
      assert.equal(limited.headers.get('retry-after'), '30');

      clock.advance(10_000);
      assert.equal((await refresh(provider, token)).headers.get('retry-after'), '20');

      // Another family is not affected by this one's window.
      assert.equal(
        (await refresh(provider, (await grant(provider.services)).refreshToken)).status,
        200,
      );

      clock.advance(20_000);
      // The refused attempts neither spent the token nor extended the window.
      assert.equal((await refresh(provider, token)).status, 200);
    });

    it('can be disabled', async () => {
      await start({ rateLimit: false });
      let token = (await grant(provider.services)).refreshToken;
      for (let i = 0; i < 25; i += 1)
        token = tokensOf(await refresh(provider, token)).refresh_token;
    });
  });

  describe('concurrent refreshes of one token', () => {
    it('of 64 simultaneous requests exactly one gets 200; the rest get 401 and revoke the family', async () => {
      await start({ rateLimit: false });
      const { refreshToken } = await grant(provider.services);
      const answers = await Promise.all(
        Array.from({ length: 64 }, () => refresh(provider, refreshToken)),
      );
      const statuses = answers.map((answer) => answer.status);
      assert.equal(statuses.filter((status) => status === 200).length, 1, statuses.join(','));
      assert.equal(statuses.filter((status) => status === 401).length, 63, statuses.join(','));
      const winner = answers.find((answer) => answer.status === 200);
      assert.ok(winner !== undefined);
      // The losers presented a spent token: reuse, so the winner's successor is revoked too.
      assertError(await refresh(provider, tokensOf(winner).refresh_token), 401);
    });
  });
});
