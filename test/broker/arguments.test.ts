/**
 * What this project checks before the Pact CLI or the broker starts: the retry numbers the
 * CLI would silently take as something else, the broker's credentials kept out of the
 * command line, and the local broker's port.
 */
import { strict as assert } from 'node:assert';
import * as E from 'fp-ts/lib/Either.js';
import { main } from '../../src/broker/cli.js';
import { startLocalBroker } from '../../src/broker/local-broker.js';

/** Nothing listens there: a check that let a bad value through would fail differently. */
const NOWHERE = { PACT_BROKER_BASE_URL: 'http://127.0.0.1:9' };

const ASK = ['--pacticipant', 'consumer', '--version', 'c0ffee1', '--to-environment', 'production'];

const refusal = async (argv: readonly string[]): Promise<string> => {
  const run = await main(argv, NOWHERE);
  assert.equal(run.exitCode, 2, run.stderr);
  assert.equal(run.stdout, '');
  return run.stderr;
};

describe('broker command arguments', () => {
  it('refuses a retry count that is not a whole number, as typed', async () => {
    assert.equal(
      await refusal(['can-i-deploy', ...ASK, '--retry-while-unknown', 'twice']),
      'pact: --retry-while-unknown must be a whole number >= 0, got twice',
    );
  });

  it('refuses a retry interval under one second, in either form of the option', async () => {
    for (const interval of [['--retry-interval', '0'], ['--retry-interval=0']]) {
      assert.equal(
        await refusal(['can-i-deploy', ...ASK, ...interval]),
        'pact: --retry-interval must be a whole number >= 1, got 0',
      );
    }
  });

  it('refuses a version selector the CLI would drop without a word (and answer for every version)', async () => {
    const misplaced: readonly (readonly [string, readonly string[]])[] = [
      [
        '--version',
        ['--pacticipant', 'consumer', '--to-environment', 'production', '--version', 'c0ffee1'],
      ],
      [
        '--version',
        ['--pacticipant', 'consumer', '--version=c0ffee1', '--to-environment', 'production'],
      ],
      [
        '--pacticipant',
        ['--pacticipant=consumer', '--version', 'c0ffee1', '--to-environment', 'production'],
      ],
      [
        '--latest',
        ['--to-environment', 'production', '--pacticipant', 'consumer', '--dry-run', '--latest'],
      ],
      // Its name glued to the flag: the CLI reads no selector at all.
      ['-a', ['-aconsumer', '--version', 'c0ffee1', '--to-environment', 'production']],
    ];
    for (const [selector, typed] of misplaced) {
      assert.equal(
        await refusal(['can-i-deploy', ...typed]),
        `pact: ${selector}: can-i-deploy reads a version selector only right after its \`--pacticipant NAME\`, each value after a space (the CLI ignores it anywhere else)`,
      );
    }
  });

  it('refuses the broker or its credentials on the command line, without echoing them', async () => {
    for (const [flag, typed] of [
      ['--broker-token', ['--broker-token', 'tok-never-echoed']],
      ['--broker-password', ['--broker-password=pw-never-echoed']],
      ['-k', ['-ktok-never-echoed']],
      ['--broker-base-url', ['--broker-base-url', 'https://ci:pw-never-echoed@broker.test']],
    ] as const) {
      const stderr = await refusal(['publish', ...typed]);
      assert.equal(
        stderr,
        `pact: ${flag}: give the broker and its credentials as PACT_BROKER_* variables (docs/broker.md), not on the command line`,
      );
    }
  });

  it('refuses a local broker port out of range before starting anything', async () => {
    for (const port of [70000, 'http']) {
      const started = await startLocalBroker({ port })();
      assert.ok(E.isLeft(started));
      assert.equal(started.left._tag, 'InvalidArgument');
      assert.equal(
        started.left.message,
        `port must be a whole number from 0 to 65535, got ${port}`,
      );
    }
  });
});
