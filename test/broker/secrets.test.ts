/**
 * No secret in any output: every broker-facing command, run as npm runs it and as GitHub Actions
 * runs it (its job summary and annotations written), with the broker's credentials in each place
 * the configuration accepts (in the URL, a token, a password), and verify:live with its live
 * tokens too (its runs against a provider: test/verify/live*.test.ts), against a broker that
 * refuses connections and one that answers 401 to everything but its front page (the official
 * CLI and the Rust verifier print the broker URL in their errors).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  refusedUrl,
  runScript,
  scriptedServer,
  serverPool,
  WITHOUT_TARGETS,
} from '../support/sockets.js';
import { BROKER_COMMANDS } from './support/commands.js';

const PASSWORD = 'pw-never-printed-7f3a';
const TOKEN = 'token-never-printed-91c2';
/** verify:live's own secrets: the live token and the operator's. */
const LIVE_TOKENS = {
  LIVE_REFRESH_TOKEN: 'rt_live-never-printed-5b7e',
  LIVE_EXPIRED_REFRESH_TOKEN: 'rt_expired-never-printed-0c9d',
  LIVE_SUSPENDED_REFRESH_TOKEN: 'rt_suspended-never-printed-3a6f',
};
const SECRETS = [PASSWORD, TOKEN, ...Object.values(LIVE_TOKENS)];

/**
 * Each command, and what it needs besides the broker (verify:live: a deployment, tokens and a
 * state directory of its own).
 */
const COMMANDS = (
  brokerUrl: string,
  liveStateDir: string,
): readonly (readonly [string, readonly string[], NodeJS.ProcessEnv])[] => [
  ...BROKER_COMMANDS.map((args) => ['src/broker/cli.ts', args, {}] as const),
  ['src/verify/main.ts', [], {}],
  [
    'src/verify/live/main.ts',
    [],
    {
      PROVIDER_BASE_URL: brokerUrl,
      ...LIVE_TOKENS,
      LIVE_TOKEN_SAVE_COMMAND: 'cat > /dev/null',
      LIVE_STATE_DIR: liveStateDir,
    },
  ],
];

/** The commands that write a section of the job summary, by script and first argument. */
const SUMMARISED: readonly string[] = [
  'src/broker/cli.ts publish',
  'src/broker/cli.ts can-i-deploy',
  'src/verify/main.ts ',
  'src/verify/live/main.ts ',
];

/** Each accepted place for a secret, as the variables that put it there. */
const placements = (brokerUrl: string): readonly (readonly [string, NodeJS.ProcessEnv])[] => {
  const withCredentials = new URL(brokerUrl);
  withCredentials.username = 'ci';
  withCredentials.password = PASSWORD;
  return [
    ['in the URL', { PACT_BROKER_BASE_URL: withCredentials.toString() }],
    ['as a token', { PACT_BROKER_BASE_URL: brokerUrl, PACT_BROKER_TOKEN: TOKEN }],
    [
      'as a password',
      {
        PACT_BROKER_BASE_URL: brokerUrl,
        PACT_BROKER_USERNAME: 'ci',
        PACT_BROKER_PASSWORD: PASSWORD,
      },
    ],
  ];
};

describe('no secret in any output: the broker credentials, the live tokens', function () {
  this.timeout(180_000);
  const pool = serverPool();
  let scratch = '';
  before(() => (scratch = mkdtempSync(join(tmpdir(), 'secrets-summary-'))));
  after(pool.closeAll);
  after(() => rmSync(scratch, { recursive: true, force: true }));

  const brokers: readonly (readonly [string, () => Promise<string>])[] = [
    ['refuses connections', refusedUrl],
    [
      'answers 401',
      async () =>
        (
          await pool.serve(
            scriptedServer(({ url }) =>
              url === '/'
                ? { status: 200, body: '{"_links":{}}' }
                : { status: 401, body: '{"error":"unauthorized"}' },
            ),
          )
        ).url,
    ],
  ];

  for (const [what, broker] of brokers) {
    it(`a broker that ${what}: every command fails without printing a secret`, async () => {
      const url = await broker();
      for (const [where, env] of placements(url)) {
        for (const [script, args, own] of COMMANDS(url, mkdtempSync(join(scratch, 'live-')))) {
          const summaryFile = join(scratch, 'summary.md');
          writeFileSync(summaryFile, '');
          const run = await runScript(script, args, {
            ...WITHOUT_TARGETS,
            PACT_BROKER_TIMEOUT_MS: '2000',
            PROVIDER_TIMEOUT_MS: '2000',
            GITHUB_ACTIONS: 'true',
            GITHUB_STEP_SUMMARY: summaryFile,
            ...own,
            ...env,
          });
          const command = `${script} ${args[0] ?? ''}, secret ${where}`;
          assert.notEqual(run.code, 0, `${command} succeeded against a broker that ${what}`);
          const output = run.stdout + run.stderr;
          assert.ok(
            SECRETS.every((secret) => !output.includes(secret)),
            `${command} printed a secret:\n${output}`,
          );
          const summary = readFileSync(summaryFile, 'utf8');
          if (SUMMARISED.includes(`${script} ${args[0] ?? ''}`)) {
            assert.match(summary, /❌/, command);
          }
          assert.ok(
            SECRETS.every((secret) => !summary.includes(secret)),
            `${command} wrote a secret in the job summary:\n${summary}`,
          );
        }
      }
    });
  }
});
