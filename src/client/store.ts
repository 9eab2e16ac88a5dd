/**
 * Where the current refresh token lives between refreshes. Refresh tokens
 * rotate: after a successful refresh only the new one is valid, and presenting
 * the old one again may revoke the whole token family (RFC 9700 §4.14).
 */
import * as TE from 'fp-ts/lib/TaskEither.js';

export interface StoreError {
  readonly _tag: 'StoreError';
  readonly operation: 'load' | 'save';
  /** Must not contain the token. */
  readonly message: string;
}

export const storeError = (operation: StoreError['operation'], message: string): StoreError => ({
  _tag: 'StoreError',
  operation,
  message,
});

export interface RefreshTokenStore {
  readonly load: () => TE.TaskEither<StoreError, string>;
  readonly save: (token: string) => TE.TaskEither<StoreError, void>;
}

export const renderStoreError = (error: StoreError): string =>
  `refresh token store failed to ${error.operation}: ${error.message}`.replace(/\s+/g, ' ');

/** Keeps the token in memory: for tests and short-lived processes. */
export const createInMemoryRefreshTokenStore = (initial?: string): RefreshTokenStore => {
  let current = initial;
  return {
    load: () =>
      current === undefined
        ? TE.left(storeError('load', 'no refresh token stored'))
        : TE.right(current),
    save: (token) =>
      TE.fromIO(() => {
        current = token;
      }),
  };
};
