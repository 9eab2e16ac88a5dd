/**
 * `npm run verify` against a deployment named by URL: the reference provider
 * runs as a separate process with its state-change endpoint enabled, and the
 * verifier (also its own process) sets states up through that URL.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { combinedOutput, NOT_ON_CI } from '../support/sockets.js';
import { INTERACTIONS } from '../../contracts/index.js';
import { PROVIDER_STATES_PATH } from '../../src/provider/index.js';

const SECRET = 'a-shared-secret-for-tests';
const TOTAL = INTERACTIONS.length;

const tsx = (script: string, args: string[], env: NodeJS.ProcessEnv) =>
  spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    env: { ...process.env, PACT_DO_NOT_TRACK: 'true', ...NOT_ON_CI, ...env },
  });

/** Starts the provider CLI on a free port; resolves with its URL once it listens. */
const startProviderProcess = (): Promise<{ url: string; child: ChildProcessWithoutNullStreams }> =>
  new Promise((resolve, reject) => {
    const child = tsx(
      'src/provider/main.ts',
      ['--port', '0', '--db', ':memory:', '--enable-provider-states'],
      { PROVIDER_STATES_SECRET: SECRET },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /Provider listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (url !== undefined) resolve({ url, child });
    });
    child.on('close', (code) => reject(new Error(`provider exited with ${code}: ${output}`)));
  });

/** The output has this line, once (stdout and stderr interleave: no order is assumed). */
const assertLineOnce = (output: string, line: string) =>
  assert.equal(output.split('\n').filter((l) => l === line).length, 1, output);

const verify = (env: NodeJS.ProcessEnv, args: string[] = []) =>
  combinedOutput(tsx('src/verify/main.ts', args, env));

describe('npm run verify against a provider deployment (PROVIDER_BASE_URL)', function () {
  this.timeout(60_000);
  let provider: { url: string; child: ChildProcessWithoutNullStreams };

  before(async () => {
    provider = await startProviderProcess();
  });
  after(() => {
    provider.child.kill('SIGTERM');
  });

  it('verifies every interaction, states set up through PROVIDER_STATE_CHANGE_URL', async () => {
    const { code, output } = await verify({
      PROVIDER_BASE_URL: provider.url,
      PROVIDER_STATE_CHANGE_URL: `${provider.url}${PROVIDER_STATES_PATH}`,
      PROVIDER_STATES_SECRET: SECRET,
    });
    assert.match(
      output,
      new RegExp(
        `Verified ${TOTAL} interactions against http://127\\.0\\.0\\.1:\\d+: ${TOTAL} passed, 0 failed`,
      ),
    );
    assert.equal(code, 0, output);
  });

  it('says in one line that the state-change URL refuses the secret, printing no secret', async () => {
    const stateChangeUrl = `${provider.url}${PROVIDER_STATES_PATH}`;
    const wrong = 'not-the-secret-at-all';
    const { code, output } = await verify({
      PROVIDER_BASE_URL: provider.url,
      PROVIDER_STATE_CHANGE_URL: stateChangeUrl,
      PROVIDER_STATES_SECRET: wrong,
    });
    assert.equal(code, 1, output);
    assert.match(
      output,
      new RegExp(`Verified ${TOTAL} interactions .*: 0 passed, ${TOTAL} failed`),
    );
    assertLineOnce(
      output,
      `verify: PROVIDER_STATE_CHANGE_URL (${stateChangeUrl}) answered 401 to all ${TOTAL} state changes, so no provider state was set up: it refuses the secret in PROVIDER_STATES_SECRET (sent as x-provider-states-secret): check its value`,
    );
    assert.doesNotMatch(output, /answered 401: |access_token/, 'no line per interaction');
    assert.ok(!output.includes(wrong) && !output.includes(SECRET), 'a secret was printed');
  });

  it('says in one line that the state-change URL wants a secret when none is set', async () => {
    const stateChangeUrl = `${provider.url}${PROVIDER_STATES_PATH}`;
    const { code, output } = await verify({
      PROVIDER_BASE_URL: provider.url,
      PROVIDER_STATE_CHANGE_URL: stateChangeUrl,
    });
    assert.equal(code, 1, output);
    assertLineOnce(
      output,
      `verify: PROVIDER_STATE_CHANGE_URL (${stateChangeUrl}) answered 401 to all ${TOTAL} state changes, so no provider state was set up: set PROVIDER_STATES_SECRET to the secret it expects (sent as x-provider-states-secret)`,
    );
  });

  it('says in one line how to set provider states up when none were and interactions failed', async () => {
    const { code, output } = await verify({ PROVIDER_BASE_URL: provider.url });
    assert.equal(code, 1, output);
    // Without states the provider knows no token: the 4 interactions expecting 200, 403, 429 and
    // 500 fail; those expecting 400 or 401 pass (an unknown token is refused as an expired one).
    assertLineOnce(
      output,
      "verify: provider states were not set up (4 failed interactions need one): set PROVIDER_STATE_CHANGE_URL, with PROVIDER_STATES_SECRET, to the provider's state-change endpoint (docs/verification.md#the-state-change-protocol), or verify with a live token: npm run verify:live",
    );
    assert.match(output, /expected 429 but was 401/, "Pact's mismatches are still shown");
  });

  it('refuses a state-change URL without a provider URL, naming the variable', async () => {
    const { code, output } = await verify({
      PROVIDER_STATE_CHANGE_URL: `${provider.url}${PROVIDER_STATES_PATH}`,
    });
    assert.equal(code, 2);
    assert.match(output, /PROVIDER_BASE_URL: must be set when PROVIDER_STATE_CHANGE_URL is/);
  });

  it('refuses a malformed provider URL, naming the variable', async () => {
    const { code, output } = await verify({ PROVIDER_BASE_URL: 'not a url' });
    assert.equal(code, 2);
    assert.match(output, /PROVIDER_BASE_URL: expected an absolute http\(s\) URL/);
  });

  it('refuses an unknown argument with its usage', async () => {
    const { code, output } = await verify({}, ['--publsh']);
    assert.equal(code, 2);
    assert.match(
      output,
      /unknown argument --publsh\nusage: npm run verify \[-- --publish --verbose --junit\]/,
    );
  });
});
