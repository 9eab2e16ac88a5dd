/**
 * The one place every provider request goes through (`VerifyAt.exchange`): a mode may
 * rewrite the request, and read the answer before the verifier does, as a live verification
 * must with a real refresh token and its successor.
 */
import assert from 'node:assert/strict';
import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import { INTERACTIONS } from '../../contracts/index.js';
import { PACTS_DIR } from '../../src/config/index.js';
import { startProvider, type RunningProvider } from '../../src/provider/index.js';
import type { ProviderAnswer, Send } from '../../src/verify/exchange.js';
import { failedInteractions } from '../../src/verify/results.js';
import { embeddedStateChange } from '../../src/verify/state-change.js';
import { verifyProviderAt, type VerifyAt } from '../../src/verify/verify.js';

const refreshTokenIn = (body: Buffer): unknown =>
  (JSON.parse(body.toString('utf8')) as { refresh_token?: unknown }).refresh_token;

describe('the provider exchange of a verification', function () {
  this.timeout(60_000);
  let provider: RunningProvider;

  beforeEach(async () => {
    provider = await startProvider({});
  });
  afterEach(() => provider.close());

  const verify = async (exchange: VerifyAt['exchange']) => {
    const run = await verifyProviderAt({
      providerUrl: provider.url,
      pacts: { _tag: 'Files', dir: PACTS_DIR },
      stateChange: embeddedStateChange(provider.services),
      logLevel: 'error',
      exchange,
    })();
    assert.ok(E.isRight(run), E.isLeft(run) ? run.left.message : '');
    return run.right.outcome;
  };

  it('sees every request and the answer the verifier then judges', async () => {
    const seen: { sent: unknown; answer: ProviderAnswer }[] = [];
    const outcome = await verify(
      (send: Send) => (request) =>
        pipe(
          send(request),
          TE.tap((answer) =>
            TE.fromIO(() => seen.push({ sent: refreshTokenIn(request.body), answer })),
          ),
        ),
    );
    assert.equal(outcome.passed, true);
    assert.deepEqual(
      seen.map(({ answer }) => answer.status).sort(),
      INTERACTIONS.map((i) => i.response.status).sort(),
    );
    const [success, ...others] = seen.filter(({ answer }) => answer.status === 200);
    assert.equal(others.length, 0);
    const successor = refreshTokenIn(success?.answer.body ?? Buffer.from('{}'));
    assert.equal(typeof successor, 'string');
    assert.notEqual(successor, success?.sent, 'the answer carries the rotated token');
  });

  it('sends the request as rewritten: the verifier judges the answer to that', async () => {
    const outcome = await verify(
      (send: Send) => (request) => send({ ...request, url: new URL('/nowhere', request.url) }),
    );
    const failed = failedInteractions(outcome);
    assert.equal(failed.length, INTERACTIONS.length);
    for (const interaction of failed) {
      assert.ok(
        interaction.mismatches.some((m) => /but was 404|status code 404 to be/.test(m)),
        `${interaction.description}: ${interaction.mismatches.join('; ')}`,
      );
    }
  });
});
