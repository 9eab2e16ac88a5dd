/**
 * `npm run verify:live` when the provider breaks the contract, cannot be reached, or the
 * configuration is wrong: a 200 with a breaking body fails naming the field, with the successor
 * saved (or the answer kept, when the successor cannot be read) and no token in any output; a
 * dead, silent or TLS-broken provider ends the run in seconds with one line, the token unspent.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { GRANTED_SCOPE, INTERACTION, INTERACTIONS } from '../../contracts/index.js';
import {
  startAlteredProvider,
  type AlteredProvider,
  type Mutation,
} from '../support/altered-provider.js';
import { TOKEN_REFUSED } from '../../src/verify/live/decisions.js';
import { LIVE_ONLY, tokenFileIn, verifyLive } from '../support/live-runs.js';
import { makeUnwritable } from '../support/unwritable.js';
import {
  refusedUrl,
  scriptedServer,
  serverPool,
  silentServer,
  type Finished,
} from '../support/sockets.js';
import { refresh } from '../support/unowned-provider.js';

const SUCCESS = INTERACTION['refresh-succeeds'].description;
const output = (run: Finished) => run.stdout + run.stderr;
const lineOf = (run: Finished, description: string) =>
  run.stdout.split('\n').find((l) => l.includes(`${description} (live:`)) ?? '';

/** A token file holding a fresh token of `provider`'s, in a directory of its own. */
const tokenFile = async (provider: AlteredProvider['provider'], dir: string) => {
  const { tokens } = provider.services;
  const client = await tokens.registerClient({ name: 'live' })();
  assert.ok(client._tag === 'Right');
  const grant = await tokens.grant({ clientId: client.right.id, scope: GRANTED_SCOPE })();
  assert.ok(grant._tag === 'Right');
  return tokenFileIn(mkdtempSync(join(dir, 'run-')), grant.right.refreshToken);
};

describe('npm run verify:live when the 200 comes: a breaking body, a file that cannot take the successor', function () {
  this.timeout(120_000); // up to three runs a test, on a loaded machine
  const dir = mkdtempSync(join(tmpdir(), 'live-breaking-'));
  /** Every string any answer carried under a key naming a token: what must never be printed. */
  const seen = new Set<string>();
  let altered: AlteredProvider;
  let mutate: (body: Record<string, unknown>) => Record<string, unknown> = (body) => body;
  /** Runs once the provider has rotated a token, before the run has the answer. */
  let rotated = (): void => undefined;
  const mutation: Mutation = (answer) => {
    if (answer.status !== 200) return answer;
    rotated();
    const body = JSON.parse(answer.body) as Record<string, unknown>;
    for (const key of ['access_token', 'refresh_token']) seen.add(String(body[key]));
    return { ...answer, body: JSON.stringify(mutate(body)) };
  };
  before(async () => {
    altered = await startAlteredProvider(mutation);
  });
  after(async () => {
    await altered.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const run = (file: string, args: readonly string[] = []) =>
    verifyLive(
      {
        PROVIDER_BASE_URL: altered.url,
        LIVE_REFRESH_TOKEN_FILE: file,
        LIVE_STATE_DIR: join(dir, 'state'),
      },
      args,
    );
  const assertNoToken = (finished: Finished) => {
    for (const token of seen)
      assert.ok(!output(finished).includes(token), `printed a token:\n${output(finished)}`);
  };

  it('token_type changed: fails naming the field; the successor is saved and works', async () => {
    mutate = (body) => ({ ...body, token_type: 'mac' });
    const file = await tokenFile(altered.provider, dir);
    const before = readFileSync(file, 'utf8');
    const finished = await run(file);
    assert.equal(finished.code, 1, output(finished));
    assert.match(lineOf(finished, SUCCESS), /^failed\s.*: \$\.token_type: Expected 'mac'/);
    assert.ok(
      finished.stdout.includes(
        `Verified live ${LIVE_ONLY.length} of ${INTERACTIONS.length} interactions against ` +
          `${altered.url}: ${LIVE_ONLY.length - 1} passed, 1 failed`,
      ),
      finished.stdout,
    );
    const successor = readFileSync(file, 'utf8').trim();
    assert.notEqual(successor, before.trim());
    assert.equal((await refresh(altered.provider.url, successor)).status, 200);
    assertNoToken(finished);
  });

  it('a token file that can no longer be replaced when the successor comes: kept in LIVE_STATE_DIR, nothing lost', async function () {
    mutate = (body) => body;
    const file = await tokenFile(altered.provider, dir);
    const before = readFileSync(file, 'utf8');
    let undo: (() => void) | undefined;
    rotated = () => {
      undo ??= makeUnwritable(dirname(file));
    };
    const finished = await run(file).finally(() => {
      rotated = () => undefined;
      undo?.();
    });
    if (undo === undefined) this.skip();
    assert.equal(finished.code, 1, output(finished));
    const kept =
      new RegExp(
        `^verify:live: the successor of the live refresh token was not saved \\(E[A-Z]+\\); it is kept in (${join(dir, 'state')}/unsaved-refresh-token-[0-9a-f]{16}) \\(mode 0600\\)`,
      ).exec(finished.stderr.trim().split('\n').at(-1) ?? '')?.[1] ?? assert.fail(output(finished));
    assert.equal(readFileSync(file, 'utf8'), before, 'the spent token is left, never half written');
    assert.equal(
      (await refresh(altered.provider.url, readFileSync(kept, 'utf8').trim())).status,
      200,
    );
    rmSync(join(dir, 'state'), { recursive: true, force: true });
  });

  it('refresh_token no longer a string: fails naming it; the answer is kept, no token printed', async () => {
    mutate = (body) => ({ ...body, refresh_token: { value: body['refresh_token'] } });
    for (const args of [[], ['--json']]) {
      rmSync(join(dir, 'state'), { recursive: true, force: true });
      const file = await tokenFile(altered.provider, dir);
      const finished = await run(file, args);
      assert.equal(finished.code, 1, output(finished));
      assertNoToken(finished);
      // Beside the file, named for it and the provider.
      const besides = readdirSync(dirname(file)).filter((n) =>
        /^token\.unsaved-[0-9a-f]{16}$/.test(n),
      );
      assert.equal(
        besides.length,
        1,
        `${readdirSync(dirname(file)).join(' ')}\n${output(finished)}`,
      );
      const kept = join(dirname(file), besides[0] ?? '');
      const answer = JSON.parse(readFileSync(kept, 'utf8')) as { refresh_token: { value: string } };
      assert.equal((await refresh(altered.provider.url, answer.refresh_token.value)).status, 200);
      if (args.length === 0) {
        assert.match(lineOf(finished, SUCCESS), /^failed\s.*\$\.refresh_token/);
        assert.ok(
          finished.stdout.includes(`the whole answer is kept in ${kept} (mode 0600)`),
          finished.stdout,
        );
        const next = await run(file);
        assert.equal(next.code, 1);
        assert.ok(
          next.stderr.includes(
            `the successor of LIVE_REFRESH_TOKEN_FILE (${file}), so that token is spent; the ` +
              `successor (or the answer that carried it) is kept in ${kept}: move it over ${file}`,
          ),
          next.stderr,
        );
      } else {
        const report = JSON.parse(finished.stdout) as { ok: boolean; token: { _tag: string } };
        assert.deepEqual([report.ok, report.token._tag], [false, 'Unreadable']);
      }
    }
  });
});

describe('npm run verify:live fails fast, in one line', function () {
  this.timeout(60_000);
  const { serve, closeAll } = serverPool();
  const dir = mkdtempSync(join(tmpdir(), 'live-fail-fast-'));
  after(async () => {
    await closeAll();
    rmSync(dir, { recursive: true, force: true });
  });
  const TOKEN = 'rt_a-token-that-must-stay-unspent';
  /** A run against `url` with TOKEN in a token file of its own, under `name`. */
  const runWithToken = async (url: string, name: string) => {
    const file = tokenFileIn(join(dir, name), TOKEN);
    const run = await verifyLive({
      PROVIDER_BASE_URL: url,
      PROVIDER_TIMEOUT_MS: '2000',
      LIVE_REFRESH_TOKEN_FILE: file,
    });
    return { file, run };
  };

  const cases: readonly (readonly [string, () => Promise<string>, string])[] = [
    ['nothing listens', refusedUrl, 'refused (nothing listens there)'],
    ['never answers', async () => (await serve(silentServer())).url, 'no answer within 2 s'],
    [
      'does not speak TLS',
      async () =>
        (await serve(scriptedServer(() => ({ status: 404, body: '{}' })))).url.replace(
          'http:',
          'https:',
        ),
      'TLS: wrong version number',
    ],
  ];
  for (const [what, target, cause] of cases) {
    it(`a provider that ${what}`, async () => {
      const url = await target();
      const { file, run } = await runWithToken(url, what.replace(/\W+/g, '-'));
      assert.equal(run.code, 1, output(run));
      assert.ok(run.seconds < 25, `took ${run.seconds} s`);
      assert.equal(
        run.stderr.trim(),
        `verify:live: PROVIDER_BASE_URL (${url}) is unavailable: ${cause}`,
      );
      assert.equal(readFileSync(file, 'utf8'), `${TOKEN}\n`);
      assert.ok(!output(run).includes(TOKEN));
    });
  }
  it('a provider that goes silent on the live refresh: one line, and the token said to be in doubt', async () => {
    const { url } = await serve(
      scriptedServer(({ method, body }) =>
        method === 'POST' && body.includes(TOKEN) ? undefined : { status: 404, body: '{}' },
      ),
    );
    const { run } = await runWithToken(url, 'silent-on-refresh');
    assert.equal(run.code, 1, output(run));
    const [doubt, last] = run.stderr.trim().split('\n').slice(-2);
    assert.equal(
      doubt,
      'verify:live: the live refresh token had no answer (no answer within 2 s): if the provider rotated it, its successor is lost',
    );
    assert.match(
      last ?? '',
      new RegExp(
        `^verify:live: PROVIDER_BASE_URL \\(${url}\\): no answer within 2 s to POST /v0/oauth2/token/refresh, while verifying "${SUCCESS}"`,
      ),
    );
    assert.ok(!output(run).includes(TOKEN));
  });

  it('a provider that answers 401 to the live refresh: what that means and what to do, no token', async () => {
    const { url } = await serve(
      scriptedServer(({ method, body }) =>
        method === 'POST' && body.includes(TOKEN)
          ? { status: 401, body: '{"error":"invalid_grant"}' }
          : { status: 404, body: '{}' },
      ),
    );
    const { file, run } = await runWithToken(url, 'refused-refresh');
    assert.equal(run.code, 1, output(run));
    assert.ok(
      run.stdout.includes(
        `verify:live: the live refresh token was answered 401, not rotated: ${TOKEN_REFUSED}\n`,
      ),
      output(run),
    );
    // The three causes and the way forward, in the words a newcomer looks for.
    assert.match(
      TOKEN_REFUSED,
      /spent elsewhere.*expired.*family revoked.*RFC 9700.*Authorize again/,
    );
    assert.equal(readFileSync(file, 'utf8'), `${TOKEN}\n`);
    assert.ok(!output(run).includes(TOKEN));
  });
});

describe('npm run verify:live refuses bad configuration (exit 2), naming the variable', () => {
  const cases: readonly (readonly [string, NodeJS.ProcessEnv, string[], RegExp])[] = [
    [
      'no deployment',
      {},
      [],
      /^verify:live: PROVIDER_BASE_URL: must be set: a live run verifies a deployment$/,
    ],
    [
      'a state-change URL',
      {
        PROVIDER_BASE_URL: 'http://127.0.0.1:1',
        PROVIDER_STATE_CHANGE_URL: 'http://127.0.0.1:1/states',
      },
      [],
      /PROVIDER_STATE_CHANGE_URL: a live run sets no provider state up by URL/,
    ],
    [
      'a token with nowhere to save its successor',
      { PROVIDER_BASE_URL: 'http://127.0.0.1:1', LIVE_REFRESH_TOKEN: 'rt_x' },
      [],
      /LIVE_TOKEN_SAVE_COMMAND: must be set with LIVE_REFRESH_TOKEN/,
    ],
    [
      'a token file and a token',
      {
        PROVIDER_BASE_URL: 'http://127.0.0.1:1',
        LIVE_REFRESH_TOKEN_FILE: 'f',
        LIVE_REFRESH_TOKEN: 'rt_x',
      },
      [],
      /LIVE_REFRESH_TOKEN: set it or LIVE_REFRESH_TOKEN_FILE, not both/,
    ],
    [
      'an unknown argument',
      {},
      ['--jsn'],
      /unknown argument --jsn\nusage: npm run verify:live \[-- --json --junit\] \(each optional\)/,
    ],
  ];
  for (const [what, env, args, message] of cases) {
    it(what, async () => {
      const run = await verifyLive(env, args);
      assert.equal(run.code, 2, output(run));
      assert.match(run.stderr.trim(), message);
      assert.ok(!output(run).includes('rt_x'));
    });
  }

  it('with --json, the error as JSON too', async () => {
    const run = await verifyLive({}, ['--json']);
    assert.equal(run.code, 2);
    assert.deepEqual(JSON.parse(run.stdout), {
      ok: false,
      error: 'PROVIDER_BASE_URL: must be set: a live run verifies a deployment',
    });
  });
});
