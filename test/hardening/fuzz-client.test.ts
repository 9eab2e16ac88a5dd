/**
 * The refresh client against generated provider answers from a real HTTP
 * server: whatever comes back (bad JSON, wrong shapes, HTML pages, bodies cut
 * short, resets, silence), `refresh` resolves with a token set or a typed
 * error, never rejects, never hangs, and never repeats the token it sent.
 * The example-based tests are in test/client; this is the property version.
 */
import assert from 'node:assert/strict';
import * as E from 'fp-ts/lib/Either.js';
import * as T from 'fp-ts/lib/Task.js';
import fc from 'fast-check';
import {
  decode,
  ErrorBody,
  JsonContentType,
  TokenResponse,
  type DecodeError,
} from '../../contracts/index.js';
import {
  createTokenRefreshClient,
  renderRefreshError,
  type RefreshError,
  type TokenRefreshClient,
} from '../../src/client/index.js';
import { startScriptedServer, type ScriptedServer } from '../client/scripted-server.js';
import {
  play,
  SENT_TOKEN,
  stalledAnswer,
  timelyAnswer,
  type ScriptedAnswer,
} from '../support/fuzz-answers.js';
import { fuzzParameters, fuzzRuns } from '../support/fuzz-runs.js';

const RUNS = fuzzRuns();
/** Short, so that silent servers cost little; timely answers get a generous one. */
const STALL_TIMEOUT_MS = 50;
/** A bound for hangs only: far above every timeout the clients have. */
const HANG_GUARD_MS = 15_000;

type Outcome = E.Either<RefreshError, unknown>;

const withinGuard = async (task: () => Promise<Outcome>): Promise<Outcome> => {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('the client hung')), HANG_GUARD_MS);
  });
  try {
    return await Promise.race([task(), guard]);
  } finally {
    clearTimeout(timer);
  }
};

const parsed = (body: Buffer): unknown => {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
};

/** What the contract says a complete answer means: a token set, an HttpError, or a broken contract. */
const expectedTag = (answer: Extract<ScriptedAnswer, { kind: 'complete' }>) => {
  // Fetch turns a 407 into a network error (it has no proxy credentials to offer).
  if (answer.status === 407) return 'NetworkError';
  const success = answer.status >= 200 && answer.status <= 299;
  // Fetch's null-body statuses: whatever the server writes, no body reaches the client.
  const bodiless = [204, 205, 304].includes(answer.status);
  const body = bodiless ? undefined : parsed(answer.body);
  const json = JsonContentType.pattern.test(answer.headers['content-type'] ?? '');
  const valid = (result: E.Either<DecodeError, unknown>) => json && E.isRight(result);
  if (success) return valid(decode(TokenResponse)(body)) ? 'Right' : 'ContractError';
  // Status first: a 4xx/5xx is an HttpError whatever its body.
  if (answer.status >= 400) return 'HttpError';
  return valid(decode(ErrorBody)(body)) ? 'HttpError' : 'ContractError';
};

const tagOf = (outcome: Outcome) => (E.isRight(outcome) ? 'Right' : outcome.left._tag);

const assertNoLeak = (outcome: Outcome) => {
  if (E.isRight(outcome)) return;
  const rendered = `${renderRefreshError(outcome.left)} ${JSON.stringify(outcome.left)}`;
  assert.ok(!rendered.includes(SENT_TOKEN), `the sent token leaked: ${rendered.slice(0, 300)}`);
};

describe('hardening: the client against generated provider answers', function () {
  this.timeout(60_000 + RUNS * 100);

  let current: ScriptedAnswer = { kind: 'reset' };
  let server: ScriptedServer;
  let timely: TokenRefreshClient;
  let impatient: TokenRefreshClient;

  before(async () => {
    server = await startScriptedServer((_request, response) => play(current, response));
    // A second attempt for 429s, without really waiting.
    const common = {
      baseUrl: server.baseUrl,
      retry: { maxAttempts: 2 },
      sleep: () => T.of(undefined),
    };
    timely = createTokenRefreshClient({ ...common, timeoutMs: 10_000 });
    impatient = createTokenRefreshClient({ ...common, timeoutMs: STALL_TIMEOUT_MS });
  });
  after(() => server.close());

  const refreshWith = (answer: ScriptedAnswer, client: TokenRefreshClient) => {
    current = answer;
    return withinGuard(client.refresh(SENT_TOKEN));
  };

  it(`returns a token set or a typed error for ${RUNS} generated answers`, async () => {
    await fc.assert(
      fc.asyncProperty(timelyAnswer, async (answer) => {
        const outcome = await refreshWith(answer, timely);
        assertNoLeak(outcome);
        switch (answer.kind) {
          case 'complete':
            // Fetch itself retries a 421 Misdirected Request on a new connection
            // (RFC 9110 §15.5.20: the request was not processed); when that retry
            // fails (a large answer), the client sees a network error.
            if (answer.status === 421 && tagOf(outcome) === 'NetworkError') return;
            assert.equal(tagOf(outcome), expectedTag(answer));
            // The tag is checked above; an answer's error also carries its status.
            if (
              E.isLeft(outcome) &&
              (outcome.left._tag === 'HttpError' || outcome.left._tag === 'ContractError')
            ) {
              assert.equal(outcome.left.status, answer.status);
            }
            return;
          case 'truncated':
            // Cut short: never a token set; a bodiless status may still be read whole,
            // and a 4xx/5xx is an HttpError whatever became of its body.
            assert.ok(
              [
                'ContractError',
                'NetworkError',
                ...(answer.status >= 400 ? ['HttpError'] : []),
              ].includes(tagOf(outcome)),
              `a body cut short gave ${tagOf(outcome)}`,
            );
            return;
          case 'reset':
            assert.equal(tagOf(outcome), 'NetworkError');
            return;
          case 'stall':
            return assert.fail('stalled answers belong to the other property');
        }
      }),
      fuzzParameters(RUNS),
    );
  });

  it('gives up on answers that never complete with a TimeoutError', async () => {
    await fc.assert(
      fc.asyncProperty(stalledAnswer, async (answer) => {
        const outcome = await refreshWith(answer, impatient);
        assert.equal(tagOf(outcome), 'TimeoutError');
        assertNoLeak(outcome);
      }),
      // Every run waits out the timeout: a few dozen cover the three kinds.
      fuzzParameters(Math.min(RUNS, 30)),
    );
  });
});
