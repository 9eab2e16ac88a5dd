import assert from 'node:assert/strict';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { errorBody, type TokenResponse } from '../../contracts/index.js';
import {
  createInMemoryRefreshTokenStore,
  createTokenHolder,
  createTokenRefreshClient,
  type HolderError,
  type RefreshTokenStore,
  renderHolderError,
  storeError,
} from '../../src/client/index.js';
import {
  ACCESS_TOKEN,
  assertNoSecret,
  deferred,
  REFRESH_TOKEN,
  ROTATED_TOKEN,
  settle,
  tokenBody,
} from './fixtures.js';
import {
  type Handler,
  replyJson,
  type ScriptedServer,
  startScriptedServer,
} from './scripted-server.js';

const TOKENS: TokenResponse = {
  accessToken: ACCESS_TOKEN,
  refreshToken: ROTATED_TOKEN,
  scope: 'payable:read supplier:read',
  tokenType: 'Bearer',
};

/** The n-th token set the scripted provider issues (n from 1). */
const issued = (n: number) => ({ access_token: `at_${n}`, refresh_token: `rt_${n}` });

const sentToken = (server: ScriptedServer, index: number): unknown =>
  (JSON.parse(server.requests[index]?.body ?? '{}') as { refresh_token?: unknown }).refresh_token;

/** A token set answer held back until `release()`; `received` settles once the request is in. */
const heldTokenAnswer = () => {
  const received = deferred();
  const release = deferred();
  const handler: Handler = (request, response) => {
    received.resolve();
    void release.promise.then(() => replyJson(200, tokenBody())(request, response));
  };
  return { received: received.promise, release: () => release.resolve(), handler };
};

const loaded = async (store: RefreshTokenStore) => store.load()();

describe('token holder', () => {
  let server: ScriptedServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const holderAgainst = async (
    handlers: readonly [Handler, ...Handler[]],
    store: RefreshTokenStore = createInMemoryRefreshTokenStore(REFRESH_TOKEN),
  ) => {
    const started = await startScriptedServer(...handlers);
    server = started;
    const client = createTokenRefreshClient({ baseUrl: started.baseUrl });
    return { holder: createTokenHolder({ client, store }), server: started, store };
  };

  it('gives 1,000 concurrent callers one refresh and the same token set', async () => {
    const held = heldTokenAnswer();
    const { holder, server: provider, store } = await holderAgainst([held.handler]);
    const callers: Promise<E.Either<HolderError, TokenResponse>>[] = [];
    for (let i = 0; i < 1_000; i += 1) {
      callers.push(i % 2 === 0 ? holder.accessToken()() : holder.refresh()());
      // Callers arrive over many turns of the event loop, not in one burst.
      if (i % 50 === 49) await settle();
    }
    await held.received;
    await settle();
    held.release();
    const results = await Promise.all(callers);

    assert.equal(provider.requests.length, 1);
    assert.deepEqual(results[0], E.right(TOKENS));
    assert.ok(results.every((result) => result === results[0]));
    assert.deepEqual(await loaded(store), E.right(ROTATED_TOKEN));
  });

  it('saves the rotated refresh token before any caller gets the token set', async () => {
    const inner = createInMemoryRefreshTokenStore(REFRESH_TOKEN);
    const saving = deferred();
    const allowSave = deferred();
    const events: string[] = [];
    const store: RefreshTokenStore = {
      load: inner.load,
      save: (token) =>
        pipe(
          TE.fromTask(() => {
            saving.resolve();
            return allowSave.promise;
          }),
          TE.chain(() => inner.save(token)),
          TE.map(() => {
            events.push(`saved ${token}`);
          }),
        ),
    };
    const { holder } = await holderAgainst([replyJson(200, tokenBody())], store);
    const callers = Array.from({ length: 10 }, () =>
      holder
        .accessToken()()
        .then((result) => {
          events.push('resolved');
          return result;
        }),
    );
    await saving.promise;
    await settle();
    assert.deepEqual(events, [], 'a caller got the token set before it was saved');
    allowSave.resolve();
    await Promise.all(callers);
    assert.deepEqual(events, [`saved ${ROTATED_TOKEN}`, ...Array<string>(10).fill('resolved')]);
  });

  it('shares a failure with the concurrent callers, then tries again on the next call', async () => {
    const {
      holder,
      server: provider,
      store,
    } = await holderAgainst([replyJson(500, errorBody(500)), replyJson(200, tokenBody())]);
    const failures = await Promise.all(Array.from({ length: 20 }, () => holder.accessToken()()));
    assert.equal(provider.requests.length, 1);
    for (const failure of failures) {
      assert.ok(E.isLeft(failure) && failure.left._tag === 'HttpError');
      assert.equal(failure.left.status, 500);
    }
    assert.deepEqual(await loaded(store), E.right(REFRESH_TOKEN));

    assert.deepEqual(await holder.accessToken()(), E.right(TOKENS));
    assert.equal(provider.requests.length, 2);
    assert.equal(sentToken(provider, 1), REFRESH_TOKEN);
  });

  it('a caller that aborts stops waiting; the shared refresh goes on and saves the rotated token', async () => {
    const held = heldTokenAnswer();
    const { holder, server: provider, store } = await holderAgainst([held.handler]);
    const controller = new AbortController();
    const impatient = holder.accessToken({ signal: controller.signal })();
    const patient = holder.accessToken()();
    await held.received;
    controller.abort();
    assert.deepEqual(await impatient, E.left({ _tag: 'AbortedError' }));
    held.release();
    assert.deepEqual(await patient, E.right(TOKENS));
    assert.equal(provider.requests.length, 1);
    assert.deepEqual(await loaded(store), E.right(ROTATED_TOKEN));
  });

  it('an already aborted caller starts no refresh', async () => {
    const { holder, server: provider } = await holderAgainst([replyJson(200, tokenBody())]);
    const signal = AbortSignal.abort();
    assert.deepEqual(await holder.refresh({ signal })(), E.left({ _tag: 'AbortedError' }));
    assert.deepEqual(await holder.accessToken({ signal })(), E.left({ _tag: 'AbortedError' }));
    assert.equal(provider.requests.length, 0);
  });

  it('returns the cached token set until invalidated, then refreshes once with the rotated token', async () => {
    const { holder, server: provider } = await holderAgainst([
      replyJson(200, tokenBody(issued(1))),
      replyJson(200, tokenBody(issued(2))),
      replyJson(200, tokenBody(issued(3))),
    ]);
    const first = await holder.accessToken()();
    assert.deepEqual(await holder.accessToken()(), first);
    assert.equal(provider.requests.length, 1);

    holder.invalidate();
    const [a, b] = await Promise.all([holder.accessToken()(), holder.accessToken()()]);
    assert.equal(provider.requests.length, 2);
    assert.ok(E.isRight(a) && a.right.accessToken === 'at_2');
    assert.deepEqual(b, a);
    // Rotation: the second refresh presents the token the first one returned.
    assert.deepEqual([sentToken(provider, 0), sentToken(provider, 1)], [REFRESH_TOKEN, 'rt_1']);
  });

  it('ignores an invalidation for an access token that is no longer cached', async () => {
    const { holder, server: provider } = await holderAgainst([
      replyJson(200, tokenBody(issued(1))),
      replyJson(200, tokenBody(issued(2))),
    ]);
    await holder.accessToken()();
    holder.invalidate('at_0');
    await holder.accessToken()();
    assert.equal(provider.requests.length, 1);

    holder.invalidate('at_1');
    const renewed = await holder.accessToken()();
    assert.ok(E.isRight(renewed) && renewed.right.accessToken === 'at_2');
    assert.equal(provider.requests.length, 2);
  });

  it('refresh() gets a new token set even when one is cached', async () => {
    const { holder, server: provider } = await holderAgainst([
      replyJson(200, tokenBody(issued(1))),
      replyJson(200, tokenBody(issued(2))),
    ]);
    await holder.accessToken()();
    const renewed = await holder.refresh()();
    assert.ok(E.isRight(renewed) && renewed.right.refreshToken === 'rt_2');
    assert.equal(sentToken(provider, 1), 'rt_1');
  });

  it('reports a store that cannot load, without calling the provider', async () => {
    const failing: RefreshTokenStore = {
      load: () => TE.left(storeError('load', 'database locked')),
      save: () => TE.right(undefined),
    };
    const { holder, server: provider } = await holderAgainst(
      [replyJson(200, tokenBody())],
      failing,
    );
    const result = await holder.accessToken()();
    assert.deepEqual(result, E.left(storeError('load', 'database locked')));
    assert.equal(provider.requests.length, 0);
    assert.equal(
      E.isLeft(result) && renderHolderError(result.left),
      'refresh token store failed to load: database locked',
    );
  });

  it('after a failed save, saves the received token set on the next call instead of refreshing', async () => {
    const inner = createInMemoryRefreshTokenStore(REFRESH_TOKEN);
    let saves = 0;
    const flaky: RefreshTokenStore = {
      load: inner.load,
      save: (token) => {
        saves += 1;
        return saves === 1 ? TE.left(storeError('save', 'disk full')) : inner.save(token);
      },
    };
    const { holder, server: provider } = await holderAgainst([replyJson(200, tokenBody())], flaky);
    const failed = await holder.accessToken()();
    assert.deepEqual(failed, E.left(storeError('save', 'disk full')));
    assert.ok(E.isLeft(failed));
    assertNoSecret(renderHolderError(failed.left));

    assert.deepEqual(await holder.accessToken()(), E.right(TOKENS));
    assert.equal(provider.requests.length, 1);
    assert.deepEqual(await loaded(inner), E.right(ROTATED_TOKEN));
  });

  it('in-memory store: load fails when nothing is stored, then returns what was saved', async () => {
    const store = createInMemoryRefreshTokenStore();
    const empty = await store.load()();
    assert.ok(E.isLeft(empty) && empty.left.operation === 'load');
    await store.save('rt_saved')();
    assert.deepEqual(await store.load()(), E.right('rt_saved'));
  });
});
