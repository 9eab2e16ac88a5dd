/**
 * Each argument is checked once, where it is used: the command line passes the text it was
 * given, and a bad value is refused before the Pact CLI or the broker is started.
 */
import { strict as assert } from 'node:assert';
import * as E from 'fp-ts/lib/Either.js';
import { canIDeploy } from '../../src/broker/commands.js';
import type { BrokerConfig } from '../../src/broker/config.js';
import { startLocalBroker } from '../../src/broker/local-broker.js';

/** Nothing listens there: a check that let a bad value through would fail differently. */
const NOWHERE: BrokerConfig = { baseUrl: 'http://127.0.0.1:9', auth: { _tag: 'none' } };

const refusal = async (
  run: () => Promise<E.Either<{ _tag: string; message: string }, unknown>>,
) => {
  const result = await run();
  assert.ok(E.isLeft(result), 'expected the argument to be refused');
  assert.equal(result.left._tag, 'InvalidArgument');
  return result.left.message;
};

describe('broker command arguments', () => {
  const ask = { pacticipant: 'consumer-app', version: 'c0ffee1', toEnvironment: 'production' };

  it('refuses a retry count that is not a whole number, as typed', async () => {
    assert.equal(
      await refusal(canIDeploy(NOWHERE, { ...ask, retryWhileUnknown: 'twice' })),
      'retry-while-unknown must be a whole number >= 0, got twice',
    );
  });

  it('refuses a retry interval under one second, as a number or as text', async () => {
    for (const retryInterval of [0, '0']) {
      assert.equal(
        await refusal(canIDeploy(NOWHERE, { ...ask, retryInterval })),
        'retry-interval must be a whole number of seconds >= 1, got 0',
      );
    }
  });

  it('refuses a local broker port out of range before starting anything', async () => {
    for (const port of [70000, 'http']) {
      assert.equal(
        await refusal(startLocalBroker({ port })),
        `port must be a whole number from 0 to 65535, got ${port}`,
      );
    }
  });
});
