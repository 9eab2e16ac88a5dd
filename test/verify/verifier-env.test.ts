/**
 * The Rust verifier takes many options from variables (`pact verifier --help`): its environment
 * is built name by name, so a variable left in a user's shell does not change a run, and the
 * broker's credentials reach it only there, never as arguments (where `ps` shows them).
 */
import assert from 'node:assert/strict';
import { INTERACTIONS } from '../../contracts/index.js';
import type { PactSource } from '../../src/verify/config.js';
import { sourceArgs, verifierEnv } from '../../src/verify/pact-verifier.js';
import { runScript, WITHOUT_TARGETS } from '../support/sockets.js';

const TOKEN = 'broker-token-only-in-the-environment';

const BROKER: PactSource = {
  _tag: 'Broker',
  broker: { baseUrl: 'http://broker.example:9292', auth: { _tag: 'token', token: TOKEN } },
  publish: true,
  providerVersion: 'abc123',
  providerBranch: 'main',
  includeWipPactsSince: '2020-01-01',
};

describe("the Rust verifier's environment", function () {
  this.timeout(60_000);

  it('carries the broker token, which no argument does', () => {
    const args = sourceArgs(BROKER, []);
    assert.ok(!args.some((arg) => arg.includes(TOKEN)), args.join(' '));
    assert.ok(args.includes('http://broker.example:9292'));
    const env = verifierEnv(BROKER, { PACT_BROKER_TOKEN: 'a stale one', PATH: '/usr/bin' });
    assert.equal(env['PACT_BROKER_TOKEN'], TOKEN);
    assert.equal(env['PATH'], '/usr/bin');
  });

  it('takes none of the variables that would change a run', () => {
    const stray = {
      PACT_DESCRIPTION: 'x',
      PACT_PROVIDER_STATE: 'x',
      PACT_PROVIDER_NO_STATE: 'true',
      PACT_BROKER_BASE_URL: 'http://elsewhere:9292',
      PACT_BROKER_USERNAME: 'someone',
      PACT_PROVIDER_PORT: '1',
      PACT_VERIFIER_JSON_REPORT: '/tmp/x.json',
    };
    const env = verifierEnv({ _tag: 'Files', dir: 'pacts' }, stray);
    assert.deepEqual(
      Object.keys(env).filter((name) => name in stray),
      [],
    );
  });

  it('npm run verify verifies every interaction whatever filters the shell holds', async () => {
    const run = await runScript('src/verify/main.ts', [], {
      ...WITHOUT_TARGETS,
      PACT_DESCRIPTION: 'no interaction is described so',
      PACT_PROVIDER_STATE: 'no state is named so',
      PACT_PROVIDER_HOSTNAME: 'nowhere.invalid',
      PACT_PROVIDER_PORT: '1',
    });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const total = INTERACTIONS.length;
    assert.match(run.stdout, new RegExp(`Verified ${total} interactions .*: ${total} passed`));
  });
});
