/**
 * The report's lifecycle diagram is what happens: its calls, replayed in order with the real
 * client against the real reference provider (over HTTP, time moved by hand), get the statuses
 * the diagram shows, with the tokens it names.
 */
import { strict as assert } from 'node:assert';
import * as E from 'fp-ts/lib/Either.js';
import type * as T from 'fp-ts/lib/Task.js';
import { INTERACTION, StateValues } from '../../contracts/index.js';
import { createTokenRefreshClient, type TokenRefreshClient } from '../../src/client/index.js';
import {
  manualClock,
  setUpProviderState,
  startProvider,
  type RunningProvider,
} from '../../src/provider/index.js';
import { LIFECYCLE, type Presenter, type TokenLabel } from '../../src/report/lifecycle.js';

/** One request as the provider saw it: the token's label and the status it answered. */
interface Seen {
  readonly by: Presenter;
  readonly presents: TokenLabel | 'another token';
  readonly status: number;
  readonly retryAfter: string | null;
}

describe('the refresh lifecycle in the report', function () {
  this.timeout(30_000);
  const clock = manualClock(Date.UTC(2026, 0, 1));
  // One refresh per family and window: the second call finds the window used up, and the
  // window ends within the client's longest wait.
  const windowSeconds = 2;
  let provider: RunningProvider;

  before(async () => {
    provider = await startProvider({ clock, rateLimit: { limit: 1, windowSeconds } });
  });

  after(async () => {
    await provider.close();
  });

  it('gets, call by call, the answers the diagram shows', async () => {
    const [start, ...calls] = LIFECYCLE;
    const tokens = new Map<TokenLabel, string>();
    const labelOf = (token: string) =>
      [...tokens].find(([, value]) => value === token)?.[0] ?? 'another token';
    const seen: Seen[] = [];
    const sleeps: number[] = [];

    const clientOf = (by: Presenter): TokenRefreshClient =>
      createTokenRefreshClient({
        baseUrl: provider.url,
        now: clock.now,
        // Waiting moves the provider's clock instead.
        sleep:
          (ms): T.Task<void> =>
          async () => {
            sleeps.push(ms);
            clock.advance(ms);
          },
        fetch: async (url, init) => {
          const sent = JSON.parse(String(init?.body)) as { refresh_token: string };
          const response = await fetch(url, init);
          seen.push({
            by,
            presents: labelOf(sent.refresh_token),
            status: response.status,
            retryAfter: response.headers.get('retry-after'),
          });
          return response;
        },
      });

    const state = await setUpProviderState(provider.services, { name: start.state });
    tokens.set(start.holds, state[StateValues.refreshToken] ?? '');
    for (const call of calls) {
      const result = await clientOf(call.by).refresh(tokens.get(call.presents) ?? '')();
      if (call.receives !== undefined) {
        assert.ok(E.isRight(result), `${call.presents}: ${JSON.stringify(result)}`);
        tokens.set(call.receives, result.right.refreshToken);
      } else {
        assert.ok(E.isLeft(result), `${call.presents} was refreshed`);
      }
    }

    assert.deepEqual(
      seen.map(({ by, presents, status }) => ({ by, presents, status })),
      calls.flatMap(({ by, presents, attempts }) =>
        attempts.map(({ answer }) => ({
          by,
          presents,
          status: INTERACTION[answer].response.status,
        })),
      ),
    );
    // The wait before the retry is the Retry-After the 429 carried.
    const limited = seen.filter((s) => s.status === 429);
    assert.deepEqual(
      limited.map((s) => s.retryAfter),
      [String(windowSeconds)],
    );
    assert.deepEqual(sleeps, [windowSeconds * 1000]);
  });
});
