import assert from 'node:assert/strict';
import * as E from 'fp-ts/lib/Either.js';
import { DOCUMENTED_ERRORS, errorBody, TOKEN_REFRESH_PATH } from '../../contracts/index.js';
import {
  createTokenRefreshClient,
  type RefreshAttemptLog,
  type RefreshError,
  renderAttemptLog,
  renderRefreshError,
  requiresReauthorization,
  type TokenRefreshClientOptions,
} from '../../src/client/index.js';
import {
  ACCESS_TOKEN,
  assertNoSecret,
  leftOf,
  recordingSleep,
  REFRESH_TOKEN,
  ROTATED_TOKEN,
  tokenBody,
} from './fixtures.js';
import {
  closedPort,
  type Handler,
  reply,
  replyJson,
  type ScriptedServer,
  startScriptedServer,
} from './scripted-server.js';

describe('token refresh client', () => {
  let server: ScriptedServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  /** Starts a server with the given script and refreshes REFRESH_TOKEN against it. */
  const refreshAgainst = async (
    handlers: readonly [Handler, ...Handler[]],
    options: Partial<TokenRefreshClientOptions> = {},
    token = REFRESH_TOKEN,
  ) => {
    const started = await startScriptedServer(...handlers);
    server = started;
    const client = createTokenRefreshClient({
      baseUrl: started.baseUrl,
      sleep: recordingSleep().sleep,
      ...options,
    });
    return { result: await client.refresh(token)(), requests: started.requests };
  };

  describe('the request', () => {
    it('POSTs the encoded RefreshTokenRequest as JSON to the operation path', async () => {
      const { requests } = await refreshAgainst([replyJson(200, tokenBody())]);
      assert.equal(requests.length, 1);
      const [request] = requests;
      assert.equal(request?.method, 'POST');
      assert.equal(request?.url, TOKEN_REFRESH_PATH);
      assert.equal(request?.headers['content-type'], 'application/json');
      assert.equal(request?.headers.accept, 'application/json');
      assert.deepEqual(JSON.parse(request?.body ?? ''), {
        grant_type: 'refresh_token',
        refresh_token: REFRESH_TOKEN,
      });
    });

    it('joins a base URL with a trailing slash without doubling it', async () => {
      const started = await startScriptedServer(replyJson(200, tokenBody()));
      server = started;
      const client = createTokenRefreshClient({ baseUrl: `${started.baseUrl}/` });
      await client.refresh(REFRESH_TOKEN)();
      assert.equal(started.requests[0]?.url, TOKEN_REFRESH_PATH);
    });

    it('sends an empty refresh token to the server, which answers 400', async () => {
      const { result, requests } = await refreshAgainst(
        [replyJson(400, errorBody(400, 'refresh_token'))],
        {},
        '',
      );
      assert.deepEqual(JSON.parse(requests[0]?.body ?? ''), {
        grant_type: 'refresh_token',
        refresh_token: '',
      });
      const error = leftOf(result);
      assert.deepEqual(error, {
        _tag: 'HttpError',
        status: 400,
        errors: [{ ...DOCUMENTED_ERRORS[400], source: 'refresh_token' }],
      });
      assert.ok(requiresReauthorization(error));
    });
  });

  describe('a 200', () => {
    it('decodes the token set into the SDK names and ignores unknown fields', async () => {
      const { result } = await refreshAgainst([
        replyJson(200, tokenBody({ expires_in: 3600, id_token: 'an-id-token' })),
      ]);
      assert.deepEqual(
        result,
        E.right({
          accessToken: ACCESS_TOKEN,
          refreshToken: ROTATED_TOKEN,
          scope: 'payable:read supplier:read',
          tokenType: 'Bearer',
        }),
      );
    });

    for (const contentType of [
      'Application/JSON',
      'application/json;charset=UTF-8',
      'application/json ; Charset="utf-8"',
      'application/json; version=1',
      'application/json;',
    ]) {
      it(`reads a JSON media type as RFC 9110 allows: ${contentType}`, async () => {
        const { result } = await refreshAgainst([
          reply(200, JSON.stringify(tokenBody()), { 'Content-Type': contentType }),
        ]);
        assert.ok(E.isRight(result), JSON.stringify(result));
      });
    }

    it('refuses a JSON media type with another charset: it decodes UTF-8', async () => {
      const { result } = await refreshAgainst([
        reply(200, JSON.stringify(tokenBody()), {
          'Content-Type': 'application/json; charset=iso-8859-1',
        }),
      ]);
      assert.equal(leftOf(result)._tag, 'ContractError');
    });

    it('refuses a body that starts with a byte order mark, which a sender must not add', async () => {
      const { result } = await refreshAgainst([
        reply(200, `\uFEFF${JSON.stringify(tokenBody())}`, { 'Content-Type': 'application/json' }),
      ]);
      assert.equal(leftOf(result)._tag, 'ContractError');
    });

    it('accepts a JSON content type with a UTF-8 charset', async () => {
      const { result } = await refreshAgainst([
        reply(200, JSON.stringify(tokenBody()), {
          'Content-Type': 'application/json; charset=utf-8',
        }),
      ]);
      assert.ok(E.isRight(result));
    });
  });

  describe('errors', () => {
    const cases: readonly {
      readonly name: string;
      readonly handler: Handler;
      readonly expected: Partial<RefreshError> & { readonly _tag: RefreshError['_tag'] };
      /** Path of the first decode problem: the contract error's, or why an HttpError's body added nothing. */
      readonly path?: string;
      /** What the first decode problem expected, when it matters. */
      readonly problem?: string;
    }[] = [
      {
        name: 'a 401 with an error body is an HttpError carrying the decoded errors',
        handler: replyJson(401, errorBody(401)),
        expected: { _tag: 'HttpError', status: 401, errors: [DOCUMENTED_ERRORS[401]] },
      },
      {
        name: 'a 403 with an error body is an HttpError',
        handler: replyJson(403, errorBody(403)),
        expected: { _tag: 'HttpError', status: 403, errors: [DOCUMENTED_ERRORS[403]] },
      },
      {
        name: 'a 500 with an error body is an HttpError',
        handler: replyJson(500, errorBody(500)),
        expected: { _tag: 'HttpError', status: 500, errors: [DOCUMENTED_ERRORS[500]] },
      },
      {
        name: 'an HTML 502 page is an HttpError 502 saying why its body adds nothing',
        handler: reply(502, '<html><body><h1>502 Bad Gateway</h1></body></html>', {
          'Content-Type': 'text/html',
        }),
        expected: { _tag: 'HttpError', status: 502, errors: [] },
        path: 'Content-Type header',
      },
      {
        name: 'a non-2xx JSON body that is not an ErrorBody is an HttpError with no errors',
        handler: replyJson(503, { message: 'down for maintenance' }),
        expected: { _tag: 'HttpError', status: 503, errors: [] },
        path: 'errors',
      },
      // The published Error schema requires neither `errors` nor a first item:
      // the status alone says what happened.
      {
        name: 'a 401 whose body is {} is an HttpError 401',
        handler: replyJson(401, {}),
        expected: { _tag: 'HttpError', status: 401, errors: [] },
        path: 'errors',
      },
      {
        name: 'a 401 whose body is {"errors": []} is an HttpError 401 with no errors',
        handler: replyJson(401, { errors: [] }),
        expected: { _tag: 'HttpError', status: 401, errors: [] },
      },
      {
        name: 'a 403 whose body is {} is an HttpError 403',
        handler: replyJson(403, {}),
        expected: { _tag: 'HttpError', status: 403, errors: [] },
        path: 'errors',
      },
      {
        name: 'a 500 whose body is not JSON is an HttpError 500',
        handler: reply(500, 'oops', { 'Content-Type': 'application/json' }),
        expected: { _tag: 'HttpError', status: 500, errors: [] },
        path: '(body)',
      },
      {
        name: 'a 401 cut short by the connection closing is an HttpError 401',
        handler: (_request, response) => {
          response.writeHead(401, { 'Content-Type': 'application/json', 'Content-Length': '500' });
          response.write('{"errors": [', () => response.destroy());
        },
        expected: { _tag: 'HttpError', status: 401, errors: [] },
        path: '(body)',
        problem: 'a complete body',
      },
      {
        name: 'a redirect is not followed (it would resend the token) and breaks the contract',
        handler: reply(307, '', { Location: 'http://127.0.0.1:1/elsewhere' }),
        expected: { _tag: 'ContractError', status: 307 },
        path: 'Content-Type header',
      },
      {
        name: 'bad JSON in a 200 is a ContractError',
        handler: reply(200, `{"access_token": "${ACCESS_TOKEN}", oops}`, {
          'Content-Type': 'application/json',
        }),
        expected: { _tag: 'ContractError', status: 200 },
        path: '(body)',
      },
      {
        name: 'a 200 whose JSON stops half-way is a ContractError',
        handler: reply(200, JSON.stringify(tokenBody()).slice(0, 40), {
          'Content-Type': 'application/json',
        }),
        expected: { _tag: 'ContractError', status: 200 },
        path: '(body)',
      },
      {
        name: 'a 200 cut short by the connection closing is a ContractError',
        handler: (_request, response) => {
          response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '500' });
          response.write(JSON.stringify(tokenBody()).slice(0, 40), () => response.destroy());
        },
        expected: { _tag: 'ContractError', status: 200 },
        path: '(body)',
        problem: 'a complete body',
      },
      {
        name: 'an empty 200 is a ContractError',
        handler: reply(200, '', { 'Content-Type': 'application/json' }),
        expected: { _tag: 'ContractError', status: 200 },
        path: '(body)',
      },
      {
        name: 'a 200 without refresh_token is a ContractError naming the field',
        handler: replyJson(200, { ...tokenBody(), refresh_token: undefined }),
        expected: { _tag: 'ContractError', status: 200 },
        path: 'refresh_token',
      },
      {
        name: 'a 200 with a mistyped access_token is a ContractError naming the field',
        handler: replyJson(200, tokenBody({ access_token: 42 })),
        expected: { _tag: 'ContractError', status: 200 },
        path: 'access_token',
      },
      {
        name: 'a 200 with an empty access_token is a ContractError',
        handler: replyJson(200, tokenBody({ access_token: '' })),
        expected: { _tag: 'ContractError', status: 200 },
        path: 'access_token',
      },
      {
        name: 'a 200 with a scope that is no string is a ContractError',
        handler: replyJson(200, tokenBody({ scope: ['payable:read'] })),
        expected: { _tag: 'ContractError', status: 200 },
        path: 'scope',
      },
      {
        name: 'a 200 with token_type "bearer" is a ContractError',
        handler: replyJson(200, tokenBody({ token_type: 'bearer' })),
        expected: { _tag: 'ContractError', status: 200 },
        path: 'token_type',
      },
      {
        name: 'a valid token set sent as text/plain is a ContractError',
        handler: reply(200, JSON.stringify(tokenBody()), { 'Content-Type': 'text/plain' }),
        expected: { _tag: 'ContractError', status: 200 },
        path: 'Content-Type header',
      },
      {
        name: 'a connection reset before any response is a NetworkError',
        handler: (_request, response) => response.destroy(),
        expected: { _tag: 'NetworkError' },
      },
    ];

    for (const { name, handler, expected, path, problem } of cases) {
      it(name, async () => {
        const { result, requests } = await refreshAgainst([handler]);
        const error = leftOf(result);
        assert.deepEqual(pick(error, Object.keys(expected)), expected);
        const decodeError =
          error._tag === 'ContractError'
            ? error.decodeError
            : error._tag === 'HttpError'
              ? error.bodyProblem
              : undefined;
        assert.equal(decodeError?.problems[0]?.path, path);
        if (problem !== undefined) assert.equal(decodeError?.problems[0]?.expected, problem);
        // Only a 429 is retried.
        assert.equal(requests.length, 1);
        const line = renderRefreshError(error);
        assert.ok(!line.includes('\n'));
        assertNoSecret(line);
      });
    }

    it('stops reading a body longer than maxBodyBytes: a ContractError', async () => {
      const huge = JSON.stringify(tokenBody({ padding: 'x'.repeat(10_000) }));
      const { result } = await refreshAgainst([replyJson(200, JSON.parse(huge))], {
        maxBodyBytes: 4096,
      });
      const error = leftOf(result);
      assert.equal(error._tag, 'ContractError');
      assert.match(renderRefreshError(error), /a body of at most 4096 bytes, got a longer body/);
    });

    it('reads a body up to maxBodyBytes', async () => {
      const { result } = await refreshAgainst([replyJson(200, tokenBody())], {
        maxBodyBytes: 4096,
      });
      assert.ok(E.isRight(result));
    });

    it('names the status and what broke in one line', async () => {
      const { result } = await refreshAgainst([
        reply(502, '<html>Bad Gateway</html>', { 'Content-Type': 'text/html; charset=utf-8' }),
      ]);
      assert.equal(
        renderRefreshError(leftOf(result)),
        'token refresh failed: HTTP 502 (unreadable error body: ErrorBody: ' +
          'Content-Type header: expected JsonContentType (the media type application/json in ' +
          'any case, with any parameters but a charset other than utf-8), got "text/html; charset=utf-8")',
      );
    });

    it('redacts the sent refresh token from error details the server echoes', async () => {
      const { result } = await refreshAgainst([
        replyJson(401, {
          errors: [{ code: 'AUTHENTICATION_ERROR', detail: `unknown token ${REFRESH_TOKEN}` }],
        }),
      ]);
      const error = leftOf(result);
      assert.equal(
        error._tag === 'HttpError' && error.errors[0]?.detail,
        'unknown token [redacted]',
      );
      assertNoSecret(renderRefreshError(error));
    });

    it('a refused connection is a NetworkError', async () => {
      const port = await closedPort();
      const client = createTokenRefreshClient({ baseUrl: `http://127.0.0.1:${port}` });
      const error = leftOf(await client.refresh(REFRESH_TOKEN)());
      assert.equal(error._tag, 'NetworkError');
      assert.equal(error._tag === 'NetworkError' && error.code, 'ECONNREFUSED');
      assertNoSecret(renderRefreshError(error));
    });

    it('an unusable base URL is a NetworkError that does not quote its credentials', async () => {
      const client = createTokenRefreshClient({ baseUrl: 'http://user:hunter2@127.0.0.1:1' });
      const error = leftOf(await client.refresh(REFRESH_TOKEN)());
      assert.equal(error._tag, 'NetworkError');
      assertNoSecret(renderRefreshError(error), ['hunter2', REFRESH_TOKEN]);
    });

    describe('timeout', function () {
      // The guard against hanging: far above the client's own timeouts below.
      this.timeout(5_000);

      it('a server that never answers is a TimeoutError', async () => {
        const { result } = await refreshAgainst([() => undefined], { timeoutMs: 100 });
        assert.deepEqual(leftOf(result), { _tag: 'TimeoutError', timeoutMs: 100 });
      });

      it('a body that stalls after the headers is a TimeoutError', async () => {
        const { result } = await refreshAgainst(
          [
            (_request, response) => {
              response.writeHead(200, { 'Content-Type': 'application/json' });
              response.write('{"access_token": ');
            },
          ],
          { timeoutMs: 100 },
        );
        assert.deepEqual(leftOf(result), { _tag: 'TimeoutError', timeoutMs: 100 });
      });
    });
  });

  describe("the caller's signal", function () {
    // The guard against hanging: every case below would otherwise wait 10 s or more.
    this.timeout(5_000);

    it('sends nothing when already aborted', async () => {
      const started = await startScriptedServer(replyJson(200, tokenBody()));
      server = started;
      const client = createTokenRefreshClient({ baseUrl: started.baseUrl });
      const result = await client.refresh(REFRESH_TOKEN, { signal: AbortSignal.abort() })();
      assert.deepEqual(leftOf(result), { _tag: 'AbortedError' });
      assert.equal(started.requests.length, 0);
    });

    it('ends a request the server has not answered with an AbortedError', async () => {
      const controller = new AbortController();
      const started = await startScriptedServer(() => controller.abort());
      server = started;
      const client = createTokenRefreshClient({ baseUrl: started.baseUrl });
      const result = await client.refresh(REFRESH_TOKEN, { signal: controller.signal })();
      assert.deepEqual(leftOf(result), { _tag: 'AbortedError' });
      assert.equal(started.requests.length, 1);
    });

    it('ends the wait before a retry without sending again', async () => {
      const controller = new AbortController();
      const started = await startScriptedServer(
        replyJson(429, errorBody(429), { 'Retry-After': '20' }),
        replyJson(200, tokenBody()),
      );
      server = started;
      // The real sleep of 20 s: only the abort, made once the retry is scheduled, ends it in time.
      const client = createTokenRefreshClient({
        baseUrl: started.baseUrl,
        logger: (event) => {
          if (event.retryInMs !== undefined) controller.abort();
        },
      });
      const result = await client.refresh(REFRESH_TOKEN, { signal: controller.signal })();
      assert.deepEqual(leftOf(result), { _tag: 'AbortedError' });
      assert.equal(started.requests.length, 1);
    });

    it('keeps a token set that arrived before the abort', async () => {
      const controller = new AbortController();
      const started = await startScriptedServer(replyJson(200, tokenBody()));
      server = started;
      const client = createTokenRefreshClient({ baseUrl: started.baseUrl });
      const result = await client.refresh(REFRESH_TOKEN, { signal: controller.signal })();
      controller.abort();
      assert.ok(E.isRight(result));
      assert.equal(result.right.refreshToken, ROTATED_TOKEN);
    });

    it('renders as one line saying the caller aborted', () => {
      assert.equal(
        renderRefreshError({ _tag: 'AbortedError' }),
        'token refresh failed: aborted by the caller',
      );
    });
  });

  describe('429 and Retry-After', () => {
    const tooMany = (retryAfter?: string): Handler =>
      replyJson(429, errorBody(429), retryAfter === undefined ? {} : { 'Retry-After': retryAfter });

    it('waits the delay-seconds of Retry-After, then tries again', async () => {
      const { delays, sleep } = recordingSleep();
      const { result, requests } = await refreshAgainst(
        [tooMany('7'), replyJson(200, tokenBody())],
        { sleep },
      );
      assert.ok(E.isRight(result));
      assert.deepEqual(delays, [7_000]);
      assert.equal(requests.length, 2);
      // The retry sends the same token: a 429 does not consume it.
      assert.equal(requests[1]?.body, requests[0]?.body);
    });

    it('waits until the HTTP-date of Retry-After', async () => {
      const { delays, sleep } = recordingSleep();
      const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
      const { result } = await refreshAgainst(
        [tooMany('Wed, 21 Oct 2015 07:28:30 GMT'), replyJson(200, tokenBody())],
        { sleep, now: () => now },
      );
      assert.ok(E.isRight(result));
      assert.deepEqual(delays, [30_000]);
    });

    it('treats an HTTP-date in the past as no wait', async () => {
      const { delays, sleep } = recordingSleep();
      const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
      await refreshAgainst(
        [tooMany('Wed, 21 Oct 2015 07:00:00 GMT'), replyJson(200, tokenBody())],
        { sleep, now: () => now },
      );
      assert.deepEqual(delays, [0]);
    });

    it('backs off exponentially from baseDelayMs without Retry-After', async () => {
      const { delays, sleep } = recordingSleep();
      const { result, requests } = await refreshAgainst(
        [tooMany(), tooMany(), replyJson(200, tokenBody())],
        { sleep, retry: { maxAttempts: 3, baseDelayMs: 250 } },
      );
      assert.ok(E.isRight(result));
      assert.deepEqual(delays, [250, 500]);
      assert.equal(requests.length, 3);
    });

    it('ignores an unreadable Retry-After and backs off', async () => {
      const { delays, sleep } = recordingSleep();
      const { result } = await refreshAgainst([tooMany('soon'), replyJson(200, tokenBody())], {
        sleep,
        retry: { baseDelayMs: 250 },
      });
      assert.ok(E.isRight(result));
      assert.deepEqual(delays, [250]);
    });

    it('gives up at once when Retry-After exceeds maxDelayMs, returning the 429', async () => {
      const { delays, sleep } = recordingSleep();
      const { result, requests } = await refreshAgainst([tooMany('3600')], {
        sleep,
        retry: { maxDelayMs: 60_000 },
      });
      assert.deepEqual(delays, []);
      assert.equal(requests.length, 1);
      assert.deepEqual(leftOf(result), {
        _tag: 'HttpError',
        status: 429,
        errors: [DOCUMENTED_ERRORS[429]],
        retryAfterSeconds: 3600,
      });
    });

    it('returns the last 429 after maxAttempts', async () => {
      const { delays, sleep } = recordingSleep();
      const { result, requests } = await refreshAgainst([tooMany('1')], {
        sleep,
        retry: { maxAttempts: 3 },
      });
      assert.equal(requests.length, 3);
      assert.deepEqual(delays, [1_000, 1_000]);
      assert.deepEqual(leftOf(result), {
        _tag: 'HttpError',
        status: 429,
        errors: [DOCUMENTED_ERRORS[429]],
        retryAfterSeconds: 1,
      });
      assert.equal(
        renderRefreshError(leftOf(result)),
        'token refresh failed: HTTP 429 TOO_MANY_REQUESTS: Too many requests have been ' +
          'received too quickly. (retry after 1 s)',
      );
    });

    it('backs off and retries a 429 whatever its body, and reports its status', async () => {
      const { delays, sleep } = recordingSleep();
      const { result, requests } = await refreshAgainst([replyJson(429, {})], {
        sleep,
        retry: { maxAttempts: 2, baseDelayMs: 250 },
      });
      assert.equal(requests.length, 2);
      assert.deepEqual(delays, [250]);
      const error = leftOf(result);
      assert.equal(error._tag === 'HttpError' && error.status, 429);
    });

    it('does not retry when maxAttempts is 1', async () => {
      const { result, requests } = await refreshAgainst([tooMany('1')], {
        retry: { maxAttempts: 1 },
      });
      assert.equal(requests.length, 1);
      assert.equal(leftOf(result)._tag, 'HttpError');
    });
  });

  describe('logging', () => {
    it('logs status, attempt and duration per attempt, and never a token', async () => {
      const events: RefreshAttemptLog[] = [];
      const { result } = await refreshAgainst(
        [replyJson(429, errorBody(429), { 'Retry-After': '2' }), replyJson(200, tokenBody())],
        { logger: (event) => events.push(event), retry: { maxAttempts: 3 } },
      );
      assert.ok(E.isRight(result));
      assert.deepEqual(
        events.map(({ durationMs: _, ...rest }) => rest),
        [
          { attempt: 1, maxAttempts: 3, outcome: 'HttpError', status: 429, retryInMs: 2_000 },
          { attempt: 2, maxAttempts: 3, outcome: 'Success', status: 200 },
        ],
      );
      assert.ok(events.every((event) => event.durationMs >= 0));
      assertNoSecret(JSON.stringify(events));
      assertNoSecret(events.map(renderAttemptLog).join('\n'));
    });

    it('logs a contract break and a cap overrun without tokens', async () => {
      const events: RefreshAttemptLog[] = [];
      await refreshAgainst([replyJson(200, tokenBody({ token_type: 'bearer' }))], {
        logger: (event) => events.push(event),
      });
      await server?.close();
      await refreshAgainst([replyJson(429, errorBody(429), { 'Retry-After': '99999' })], {
        logger: (event) => events.push(event),
      });
      assert.deepEqual(
        events.map(renderAttemptLog).map((line) => line.replace(/ in \d+ ms/, '')),
        [
          'token refresh attempt 1/3: ContractError 200',
          'token refresh attempt 1/3: HttpError 429; Retry-After exceeds the maximum delay, giving up',
        ],
      );
    });
  });
});

const pick = (value: object, keys: readonly string[]): Record<string, unknown> =>
  Object.fromEntries(Object.entries(value).filter(([key]) => keys.includes(key)));
