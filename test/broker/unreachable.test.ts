/**
 * Every broker command against a broker that refuses connections, never answers, or answers
 * 5xx: one line naming the variable, the URL and the cause, exit 1, within seconds (the Pact
 * CLI alone took 67-72 s to give up). No Pact Broker is needed: the sockets are the point.
 */
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { main } from '../../src/broker/cli.js';
import {
  refusedUrl,
  runScript,
  scriptedServer,
  serverPool,
  silentServer,
  WITHOUT_TARGETS,
  type TestServer,
} from '../support/sockets.js';
import { BROKER_COMMANDS } from './support/commands.js';

const SECONDS_AT_MOST = 15;

describe('broker commands against an unavailable broker', function () {
  this.timeout(60_000);
  const pool = serverPool();
  const serve = async (server: Promise<TestServer>) => (await pool.serve(server)).url;
  after(pool.closeAll);

  const brokers: readonly (readonly [string, () => Promise<string>, string])[] = [
    ['refuses connections', refusedUrl, 'refused (nothing listens there)'],
    ['never answers', () => serve(silentServer()), 'no answer within 2 s'],
    [
      'answers 500',
      () => serve(scriptedServer(() => ({ status: 500, body: 'database is down' }))),
      'answered 500: database is down',
    ],
  ];

  for (const [what, broker, cause] of brokers) {
    for (const argv of BROKER_COMMANDS) {
      it(`${argv[0]}: a broker that ${what}`, async () => {
        const url = await broker();
        const started = performance.now();
        const run = await main(argv, {
          PACT_BROKER_BASE_URL: url,
          PACT_BROKER_TIMEOUT_MS: '2000',
        });
        const seconds = (performance.now() - started) / 1000;
        assert.equal(run.stderr, `pact: PACT_BROKER_BASE_URL (${url}) is unavailable: ${cause}`);
        assert.equal(run.exitCode, 1);
        assert.ok(seconds < SECONDS_AT_MOST, `took ${seconds} s`);
      });
    }
  }

  it('as npm runs it: one line on stderr, exit 1, the credentials left out of the URL', async () => {
    const url = new URL(await refusedUrl());
    url.username = 'ci';
    url.password = 'hunter2';
    const run = await runScript('src/broker/cli.ts', BROKER_COMMANDS[0] ?? [], {
      ...WITHOUT_TARGETS,
      PACT_BROKER_BASE_URL: url.toString(),
      PACT_BROKER_USERNAME: 'ci',
      PACT_BROKER_PASSWORD: 'hunter2',
    });
    assert.equal(
      run.stderr,
      `pact: PACT_BROKER_BASE_URL (http://${url.host}) is unavailable: refused (nothing listens there)\n`,
    );
    assert.equal(run.code, 1);
    assert.ok(run.seconds < SECONDS_AT_MOST, `took ${run.seconds} s`);
  });

  it('refuses a malformed PACT_BROKER_TIMEOUT_MS, naming it', async () => {
    const run = await main(BROKER_COMMANDS[3] ?? [], {
      PACT_BROKER_BASE_URL: await refusedUrl(),
      PACT_BROKER_TIMEOUT_MS: '5s',
    });
    assert.equal(
      run.stderr,
      'pact: PACT_BROKER_TIMEOUT_MS is invalid: expected a whole number of milliseconds from 1 to 2147483647, got 5s',
    );
    assert.equal(run.exitCode, 2);
  });
});
