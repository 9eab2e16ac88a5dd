/** Token values for the client tests, and checks that no message leaks them. */
import assert from 'node:assert/strict';
import * as E from 'fp-ts/lib/Either.js';
import { DOCUMENTED_ERRORS, errorBody, type ErrorStatus } from '../../contracts/index.js';
import type { RefreshError } from '../../src/client/index.js';

export const REFRESH_TOKEN = 'rt_secret-refresh-token-0001';
export const ACCESS_TOKEN = 'at_secret-access-token-0001';
export const ROTATED_TOKEN = 'rt_secret-rotated-token-0002';
export const SECRETS = [REFRESH_TOKEN, ACCESS_TOKEN, ROTATED_TOKEN] as const;

export const tokenBody = (overrides: Readonly<Record<string, unknown>> = {}) => ({
  access_token: ACCESS_TOKEN,
  refresh_token: ROTATED_TOKEN,
  scope: 'payable:read supplier:read',
  token_type: 'Bearer',
  ...overrides,
});

export const documented = (status: ErrorStatus) => [DOCUMENTED_ERRORS[status]];
export { errorBody };

export const assertNoSecret = (text: string, secrets: readonly string[] = SECRETS) => {
  for (const secret of secrets) {
    assert.ok(!text.includes(secret), `a token leaked into: ${text}`);
  }
};

export const leftOf = <A>(result: E.Either<RefreshError, A>): RefreshError => {
  if (E.isRight(result)) assert.fail('expected a failure, got a token set');
  return result.left;
};

/** A sleep that records what it was asked to wait and waits for nothing. */
export const recordingSleep = () => {
  const delays: number[] = [];
  return {
    delays,
    sleep: (ms: number) => () => {
      delays.push(ms);
      return Promise.resolve();
    },
  };
};

export interface Deferred<A> {
  readonly promise: Promise<A>;
  readonly resolve: (value: A) => void;
}

export const deferred = <A = void>(): Deferred<A> => {
  let resolve: (value: A) => void = () => undefined;
  const promise = new Promise<A>((r) => {
    resolve = r;
  });
  return { promise, resolve };
};

/** Lets every pending callback and I/O event run once. */
export const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
