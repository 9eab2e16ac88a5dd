/**
 * `npm run verify` when the target is down, hangs, or cannot set its states up: against real
 * sockets, each case ends non-zero within seconds with one line that says why, and no stack
 * trace. (The bounds on time are generous: the point is seconds, not minutes.)
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import * as E from 'fp-ts/lib/Either.js';
import { INTERACTIONS } from '../../contracts/index.js';
import { PACTS_DIR } from '../../src/config/index.js';
import { verifyProviderAt } from '../../src/verify/verify.js';
import {
  refusedUrl,
  runScript,
  scriptedServer,
  serverPool,
  silentServer,
  WITHOUT_TARGETS,
  type Finished,
  type TestServer,
} from '../support/sockets.js';

const SECONDS_AT_MOST = 25;
/** Short, for quick tests, yet long enough for a loaded machine to answer what does answer. */
const TIMEOUT = { PROVIDER_TIMEOUT_MS: '2000', PACT_BROKER_TIMEOUT_MS: '2000' };
const BROKER_VERSION = { PACT_PROVIDER_VERSION: 'abc123', PACT_PROVIDER_BRANCH: 'main' };

/** The committed pact's interactions, in the order the verifier runs them. */
const descriptions: readonly string[] = (
  JSON.parse(readFileSync('pacts/token-refresh-client-spendesk-public-api.json', 'utf8')) as {
    interactions: { description: string }[];
  }
).interactions.map((i) => i.description);

const verify = (env: NodeJS.ProcessEnv) =>
  runScript('src/verify/main.ts', [], { ...WITHOUT_TARGETS, ...TIMEOUT, ...env });

/** Ended with exit 1, in seconds, without a stack trace. */
const assertFailedFast = (run: Finished) => {
  const output = run.stdout + run.stderr;
  assert.equal(run.code, 1, output);
  assert.ok(run.seconds < SECONDS_AT_MOST, `took ${run.seconds} s`);
  assert.doesNotMatch(output, /^\s+at .+:\d+:\d+\)?$/m, 'a stack trace');
};

/** The line the run ended with. */
const lastLine = (run: Finished) => run.stderr.trim().split('\n').at(-1) ?? '';

const POST_PATH = 'POST /v0/oauth2/token/refresh';

/**
 * Answers the check (a GET) and the first `answered` provider requests with 404, then leaves
 * requests unanswered; `afterLast` runs once the last answer has gone out.
 */
const providerAnsweringOnly = (answered: number, afterLast?: (server: TestServer) => void) => {
  let posts = 0;
  let server: TestServer | undefined;
  const started = scriptedServer((request) => {
    if (request.method !== 'POST') return { status: 404, body: '{}' };
    posts += 1;
    if (posts > answered) return undefined;
    if (posts === answered && afterLast !== undefined) {
      setImmediate(() => server !== undefined && afterLast(server));
    }
    return { status: 404, body: '{}' };
  }).then((s) => (server = s));
  return { started, seen: () => posts };
};

describe('npm run verify fails fast, in one line', function () {
  this.timeout(60_000);
  const { serve, closeAll } = serverPool();
  afterEach(closeAll);

  describe('before the run: the target is checked once', () => {
    it('a refused provider URL', async () => {
      const url = await refusedUrl();
      const run = await verify({ PROVIDER_BASE_URL: url });
      assertFailedFast(run);
      assert.equal(
        lastLine(run),
        `verify: PROVIDER_BASE_URL (${url}) is unavailable: refused (nothing listens there)`,
      );
    });

    it('a provider that accepts connections and never answers', async () => {
      const { url } = await serve(silentServer());
      const run = await verify({ PROVIDER_BASE_URL: url });
      assertFailedFast(run);
      assert.equal(
        lastLine(run),
        `verify: PROVIDER_BASE_URL (${url}) is unavailable: no answer within 2 s`,
      );
    });

    it('a host DNS does not know, credentials masked', async () => {
      const run = await verify({ PROVIDER_BASE_URL: 'http://ci:hunter2@nowhere.invalid' });
      assertFailedFast(run);
      assert.match(
        lastLine(run),
        /^verify: PROVIDER_BASE_URL \(http:\/\/ci:\*{8}@nowhere\.invalid\/\) is unavailable: DNS: /,
      );
      assert.doesNotMatch(run.stdout + run.stderr, /hunter2/);
    });

    it('an https URL to a server that does not speak TLS', async () => {
      const { url } = await serve(scriptedServer(() => ({ status: 404, body: '{}' })));
      const https = url.replace('http:', 'https:');
      const run = await verify({ PROVIDER_BASE_URL: https });
      assertFailedFast(run);
      assert.equal(
        lastLine(run),
        `verify: PROVIDER_BASE_URL (${https}) is unavailable: TLS: wrong version number`,
      );
    });

    it('a silent state-change URL', async () => {
      const provider = await serve(scriptedServer(() => ({ status: 404, body: '{}' })));
      const states = await serve(silentServer());
      const run = await verify({
        PROVIDER_BASE_URL: provider.url,
        PROVIDER_STATE_CHANGE_URL: `${states.url}/states`,
      });
      assertFailedFast(run);
      assert.equal(
        lastLine(run),
        `verify: PROVIDER_STATE_CHANGE_URL (${states.url}/states) is unavailable: no answer within 2 s`,
      );
    });

    const brokers: readonly (readonly [string, () => Promise<string>, string])[] = [
      ['refuses connections', refusedUrl, 'refused (nothing listens there)'],
      ['never answers', async () => (await serve(silentServer())).url, 'no answer within 2 s'],
      [
        'answers 503',
        async () =>
          (await serve(scriptedServer(() => ({ status: 503, body: '{"error":"maintenance"}' }))))
            .url,
        'answered 503: {"error":"maintenance"}',
      ],
    ];
    for (const [what, broker, cause] of brokers) {
      it(`a broker that ${what}`, async () => {
        const url = await broker();
        const run = await verify({ PACT_BROKER_BASE_URL: url, ...BROKER_VERSION });
        assertFailedFast(run);
        assert.equal(
          lastLine(run),
          `verify: PACT_BROKER_BASE_URL (${url}) is unavailable: ${cause}`,
        );
      });
    }
  });

  describe('during the run', () => {
    it('a provider that goes silent half way ends the run, naming the interaction that waited', async () => {
      const provider = providerAnsweringOnly(3);
      const { url } = await serve(provider.started);
      const run = await verify({ PROVIDER_BASE_URL: url });
      assertFailedFast(run);
      assert.equal(
        lastLine(run),
        `verify: PROVIDER_BASE_URL (${url}): no answer within 2 s to ${POST_PATH}, ` +
          `while verifying "${descriptions[3]}" (interaction 4 of ${descriptions.length}); ` +
          `the run stopped there (${descriptions.length - 4} more not verified)`,
      );
      assert.equal(provider.seen(), 4, 'requests after the silence are not sent');
    });

    it('a provider that goes down half way: no uncaught ECONNREFUSED, the run ends', async () => {
      const provider = providerAnsweringOnly(3, (server) => void server.close());
      const { url } = await serve(provider.started);
      const run = await verify({ PROVIDER_BASE_URL: url });
      assertFailedFast(run);
      assert.match(
        lastLine(run),
        new RegExp(
          `^verify: PROVIDER_BASE_URL \\(${url}\\): refused \\(nothing listens there\\) to ${POST_PATH}, while verifying "${descriptions[3]}"`,
        ),
      );
      assert.doesNotMatch(run.stderr, /ECONNREFUSED|http-proxy/);
    });

    it('a state-change URL answering 500 to every state change: one line naming it and the status', async () => {
      const provider = providerAnsweringOnly(Infinity);
      const { url } = await serve(provider.started);
      const secret = 'a-states-secret-echoed-back-9d2f';
      const states = await serve(
        scriptedServer(() => ({
          status: 500,
          body: `{"error":"states are off in this environment","secret":"${secret}"}`,
        })),
      );
      const statesUrl = `${states.url}/states`;
      const credentialed = statesUrl.replace('http://', 'http://ops:url-password-77@');
      const run = await verify({
        PROVIDER_BASE_URL: url,
        PROVIDER_STATE_CHANGE_URL: credentialed,
        PROVIDER_STATES_SECRET: secret,
      });
      assertFailedFast(run);
      const total = INTERACTIONS.length;
      assert.match(
        run.stdout,
        new RegExp(`Verified ${total} interactions against ${url}: 0 passed, ${total} failed`),
      );
      const masked = statesUrl.replace('http://', 'http://ops:********@');
      assert.equal(
        lastLine(run),
        `verify: PROVIDER_STATE_CHANGE_URL (${masked}) answered 500 to all ${total} state changes, so no provider state was set up: {"error":"states are off in this environment","secret":"********"}`,
      );
      const output = run.stdout + run.stderr;
      assert.doesNotMatch(output, /answered 500: /, 'no line per interaction');
      assert.ok(!output.includes(secret) && !output.includes('url-password-77'), output);
      assert.equal(provider.seen(), 0, 'no request is sent for an interaction whose state failed');
    });

    it('a state-change URL failing one state: that interaction says so, with its status and body', async () => {
      const provider = providerAnsweringOnly(Infinity);
      const { url } = await serve(provider.started);
      const suspended = 'a client holds a refresh token but the client is suspended';
      const states = await serve(
        scriptedServer(({ body }) =>
          body.includes(suspended)
            ? { status: 500, body: '{"error":"cannot suspend clients here"}' }
            : { status: 200, body: '{"refreshToken":"rt_from-the-state"}' },
        ),
      );
      const run = await verify({
        PROVIDER_BASE_URL: url,
        PROVIDER_STATE_CHANGE_URL: `${states.url}/states`,
      });
      assertFailedFast(run);
      assert.ok(
        run.stdout.includes(
          `  a refresh for a suspended client (given ${suspended})\n` +
            `    - provider state "${suspended}" (setup): PROVIDER_STATE_CHANGE_URL (${states.url}/states) answered 500: {"error":"cannot suspend clients here"}\n`,
        ),
        run.stdout,
      );
      assert.doesNotMatch(run.stderr, /to all \d+ state changes/);
      assert.equal(provider.seen(), INTERACTIONS.length - 1, 'every other request is sent');
    });
  });

  describe('in process, as the verification stage of npm start runs it', () => {
    it('a provider that stops answering ends the run with a ProviderStopped', async () => {
      const { url } = await serve(providerAnsweringOnly(0).started);
      const started = performance.now();
      const run = await verifyProviderAt({
        providerUrl: url,
        pacts: { _tag: 'Files', dir: PACTS_DIR },
        logLevel: 'error',
        name: 'the embedded provider',
        timeoutMs: 2000,
      })();
      assert.ok((performance.now() - started) / 1000 < SECONDS_AT_MOST);
      assert.ok(E.isLeft(run) && run.left._tag === 'ProviderStopped', JSON.stringify(run));
      assert.equal(
        run.left.message,
        `the embedded provider (${url}): no answer within 2 s to ${POST_PATH}, ` +
          `while verifying "${descriptions[0]}" (interaction 1 of ${descriptions.length}); ` +
          `the run stopped there (${descriptions.length - 1} more not verified)`,
      );
    });

    it('a stopped run carries how far it got: the waiting interaction failed, the rest not verified', async () => {
      const { url } = await serve(providerAnsweringOnly(2).started);
      const run = await verifyProviderAt({
        providerUrl: url,
        pacts: { _tag: 'Files', dir: PACTS_DIR },
        logLevel: 'error',
        name: 'the embedded provider',
        timeoutMs: 2000,
      })();
      assert.ok(E.isLeft(run) && run.left._tag === 'ProviderStopped', JSON.stringify(run));
      const { outcome, providerUrl, pactReport } = run.left.run;
      assert.equal(providerUrl, url);
      assert.equal(outcome.passed, false);
      assert.deepEqual(
        outcome.interactions.map((i) => i.description),
        descriptions,
      );
      const [first, second, waiting, ...rest] = outcome.interactions;
      // The provider answered 404 to the first two: verified, and failed on their status.
      for (const answered of [first, second]) {
        assert.equal(answered?.notVerified, undefined);
        assert.ok(
          answered?.mismatches.some((m) => /404/.test(m)),
          JSON.stringify(answered),
        );
      }
      assert.equal(waiting?.passed, false);
      assert.deepEqual(waiting?.mismatches, [
        `the embedded provider (${url}): no answer within 2 s to ${POST_PATH}`,
      ]);
      assert.equal(rest.length, descriptions.length - 3);
      for (const unreached of rest) {
        assert.equal(
          unreached.notVerified,
          `the run stopped at interaction 3 of ${descriptions.length}`,
        );
        assert.deepEqual(unreached.mismatches, []);
      }
      assert.match(pactReport, /Verifying a pact between/);
    });

    it('an exception thrown outside any promise ends the run with our message, not a hang', async () => {
      const run = await runScript('test/support/crashing-verification.ts', [], WITHOUT_TARGETS);
      assertFailedFast(run);
      assert.equal(
        run.stdout.trim().split('\n').at(-1),
        'Crashed: unexpected error during verification: boom outside any promise',
      );
    });
  });
});
