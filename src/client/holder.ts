/**
 * Keeps a token set for a process: one refresh at a time, the rotated refresh
 * token persisted before anyone sees the new access token, and the token set
 * reused until someone reports it stale. The contract carries no `expires_in`,
 * so staleness is learned from the APIs that reject the access token (401).
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import type { TokenResponse } from '../../contracts/index.js';
import type { TokenRefreshClient } from './client.js';
import { abortedError, renderRefreshError, type RefreshError } from './errors.js';
import { renderStoreError, type RefreshTokenStore, type StoreError } from './store.js';

export type HolderError = RefreshError | StoreError;

export const renderHolderError = (error: HolderError): string =>
  error._tag === 'StoreError' ? renderStoreError(error) : renderRefreshError(error);

export interface TokenHolderOptions {
  readonly client: TokenRefreshClient;
  readonly store: RefreshTokenStore;
}

export interface WaitOptions {
  /**
   * Ends this caller's wait with an `AbortedError`, never the shared refresh:
   * cancelling a request the provider may already have answered would lose the
   * rotated refresh token, and the other callers want the token set.
   */
  readonly signal?: AbortSignal;
}

export interface TokenHolder {
  /** The cached token set, or a refresh when there is none. */
  readonly accessToken: (options?: WaitOptions) => TE.TaskEither<HolderError, TokenResponse>;
  /** A new token set even when one is cached. Joins a refresh already in flight. */
  readonly refresh: (options?: WaitOptions) => TE.TaskEither<HolderError, TokenResponse>;
  /**
   * Forget the cached token set, e.g. after another API answered 401. Given the
   * rejected access token, forgets only if it is still the cached one, so that
   * callers reporting the same 401 cause one refresh, not one each.
   */
  readonly invalidate: (rejectedAccessToken?: string) => void;
}

type Outcome = E.Either<HolderError, TokenResponse>;

/** What `start` gives, unless `signal` aborts first. An aborted caller starts nothing. */
const awaitUnlessAborted = (
  start: () => Promise<Outcome>,
  signal: AbortSignal | undefined,
): Promise<Outcome> => {
  if (signal === undefined) return start();
  if (signal.aborted) return Promise.resolve(E.left(abortedError));
  return new Promise((resolve) => {
    const onAbort = () => resolve(E.left(abortedError));
    signal.addEventListener('abort', onAbort, { once: true });
    void start().then((outcome) => {
      signal.removeEventListener('abort', onAbort);
      resolve(outcome);
    });
  });
};

export const createTokenHolder = ({ client, store }: TokenHolderOptions): TokenHolder => {
  let cached: TokenResponse | undefined;
  /** Received but not yet saved: the store holds a token the provider has already rotated. */
  let unsaved: TokenResponse | undefined;
  let inFlight: Promise<Outcome> | undefined;

  const persist = (tokens: TokenResponse): TE.TaskEither<HolderError, TokenResponse> => {
    unsaved = tokens;
    return pipe(
      store.save(tokens.refreshToken),
      TE.map(() => {
        unsaved = undefined;
        cached = tokens;
        return tokens;
      }),
    );
  };

  /**
   * A failed save leaves the new token set in memory: the next call saves it
   * again instead of refreshing with the stored, already rotated, token.
   */
  const obtain = (): TE.TaskEither<HolderError, TokenResponse> =>
    unsaved !== undefined
      ? persist(unsaved)
      : pipe(store.load(), TE.flatMap(client.refresh), TE.flatMap(persist));

  /** Single flight: every caller until it settles shares the same outcome. */
  const shared = (): Promise<Outcome> => {
    if (inFlight === undefined) {
      inFlight = obtain()().finally(() => {
        inFlight = undefined;
      });
    }
    return inFlight;
  };

  return {
    accessToken:
      ({ signal } = {}) =>
      () =>
        cached === undefined
          ? awaitUnlessAborted(shared, signal)
          : Promise.resolve(E.right(cached)),
    refresh:
      ({ signal } = {}) =>
      () =>
        awaitUnlessAborted(shared, signal),
    invalidate: (rejectedAccessToken) => {
      if (rejectedAccessToken === undefined || cached?.accessToken === rejectedAccessToken) {
        cached = undefined;
      }
    },
  };
};
