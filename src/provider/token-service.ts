/**
 * The refresh-token grant (RFC 6749 §6) with rotation and reuse detection
 * (RFC 9700 §4.14): each success spends the presented refresh token and hands
 * out a successor in the same family; presenting a spent token again revokes
 * the whole family. Failures are values; the HTTP layer maps them to statuses.
 */
import { randomUUID, timingSafeEqual } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { decode, Scope, type TokenResponse } from '../../contracts/index.js';
import type { Clock } from './clock.js';
import type { RateLimiter } from './rate-limiter.js';
import { ACCESS_TOKEN_PREFIX, digestOf, newSecret, REFRESH_TOKEN_PREFIX } from './secrets.js';
import type { ClientRecord, RefreshTokenView, Rotation, TokenStore } from './store/index.js';

export type RefreshFailure =
  | { readonly _tag: 'UnknownToken' }
  | { readonly _tag: 'ExpiredToken' }
  | { readonly _tag: 'RevokedFamily' }
  /** A spent token came back: the family has just been revoked. */
  | { readonly _tag: 'ReuseDetected' }
  | { readonly _tag: 'ClientSuspended' }
  | { readonly _tag: 'RateLimited'; readonly retryAfterSeconds: number }
  | StoreFailure;

export interface StoreFailure {
  readonly _tag: 'StoreFailure';
  /** For logs only: never sent to a client. */
  readonly cause: unknown;
}

export interface InvalidScope {
  readonly _tag: 'InvalidScope';
  readonly message: string;
}

export type GrantFailure = StoreFailure | InvalidScope;

export interface TokenLifetimes {
  readonly refreshTokenSeconds: number;
  readonly accessTokenSeconds: number;
}

export const DEFAULT_LIFETIMES: TokenLifetimes = {
  refreshTokenSeconds: 30 * 24 * 60 * 60,
  accessTokenSeconds: 60 * 60,
};

export interface Grant {
  readonly clientId: string;
  readonly familyId: string;
  /** The plaintext refresh token: returned once, stored only as a digest. */
  readonly refreshToken: string;
  readonly expiresAt: number;
}

export interface GrantRequest {
  readonly clientId: string;
  readonly scope: string;
  /** Defaults to now + the refresh token lifetime; a past instant issues an expired token. */
  readonly expiresAt?: number;
}

export interface TokenService {
  readonly refresh: (presented: string) => TE.TaskEither<RefreshFailure, TokenResponse>;
  readonly registerClient: (client: {
    readonly id?: string;
    readonly name: string;
  }) => TE.TaskEither<StoreFailure, ClientRecord>;
  readonly findClient: (id: string) => TE.TaskEither<StoreFailure, ClientRecord | undefined>;
  readonly grant: (request: GrantRequest) => TE.TaskEither<GrantFailure, Grant>;
  readonly suspendClient: (clientId: string) => TE.TaskEither<StoreFailure, boolean>;
}

export interface TokenServiceDeps {
  readonly store: TokenStore;
  readonly limiter: RateLimiter;
  readonly clock: Clock;
  readonly lifetimes?: TokenLifetimes;
}

const storeFailure = (cause: unknown): StoreFailure => ({ _tag: 'StoreFailure', cause });

const fromStore = <A>(call: () => Promise<A>): TE.TaskEither<StoreFailure, A> =>
  TE.tryCatch(call, storeFailure);

/** Why a token cannot be exchanged at `now`, checked in order of severity. */
export const judge = (
  token: RefreshTokenView,
  now: number,
): E.Either<RefreshFailure, RefreshTokenView> => {
  if (token.familyRevokedAt !== undefined) return E.left({ _tag: 'RevokedFamily' });
  if (token.rotatedAt !== undefined) return E.left({ _tag: 'ReuseDetected' });
  if (token.expiresAt <= now) return E.left({ _tag: 'ExpiredToken' });
  if (token.clientSuspendedAt !== undefined) return E.left({ _tag: 'ClientSuspended' });
  return E.right(token);
};

/** The index lookup found the row; compare digests once more in constant time. */
const sameDigest = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));

/** The service's dependencies with defaults applied: what every step below reads. */
interface Context {
  readonly store: TokenStore;
  readonly limiter: RateLimiter;
  readonly clock: Clock;
  readonly lifetimes: TokenLifetimes;
}

const find =
  ({ store }: Context) =>
  (digest: string): TE.TaskEither<RefreshFailure, RefreshTokenView> =>
    pipe(
      fromStore(() => store.findRefreshToken(digest)),
      TE.flatMap((view) =>
        view !== undefined && sameDigest(view.digest, digest)
          ? TE.right(view)
          : TE.left<RefreshFailure>({ _tag: 'UnknownToken' }),
      ),
    );

/** Judges the token; a reuse revokes its family before being reported. */
const check =
  ({ store }: Context) =>
  (token: RefreshTokenView, now: number): TE.TaskEither<RefreshFailure, RefreshTokenView> => {
    const verdict = judge(token, now);
    if (E.isRight(verdict) || verdict.left._tag !== 'ReuseDetected') return TE.fromEither(verdict);
    const reuse = verdict.left;
    return pipe(
      fromStore(() => store.revokeFamily(token.familyId, now, 'reuse-detected')),
      TE.flatMap(() => TE.left(reuse)),
    );
  };

const throttle =
  ({ limiter }: Context) =>
  (token: RefreshTokenView): TE.TaskEither<RefreshFailure, RefreshTokenView> => {
    const decision = limiter.attempt(token.familyId);
    return decision.allowed
      ? TE.right(token)
      : TE.left({ _tag: 'RateLimited', retryAfterSeconds: decision.retryAfterSeconds });
  };

/** A fresh refresh/access token pair, and the rotation that stores their digests. */
const issue = (
  lifetimes: TokenLifetimes,
  token: RefreshTokenView,
  presentedDigest: string,
  now: number,
) => {
  const refreshToken = newSecret(REFRESH_TOKEN_PREFIX);
  const accessToken = newSecret(ACCESS_TOKEN_PREFIX);
  const lifetime = (seconds: number) => ({ issuedAt: now, expiresAt: now + seconds * 1000 });
  const rotation: Rotation = {
    presentedDigest,
    now,
    refreshToken: { digest: digestOf(refreshToken), ...lifetime(lifetimes.refreshTokenSeconds) },
    accessToken: { digest: digestOf(accessToken), ...lifetime(lifetimes.accessTokenSeconds) },
  };
  const issued: TokenResponse = {
    accessToken,
    refreshToken,
    scope: token.scope,
    tokenType: 'Bearer',
  };
  return { rotation, issued };
};

const rotate =
  (context: Context) =>
  (
    token: RefreshTokenView,
    presentedDigest: string,
    now: number,
  ): TE.TaskEither<RefreshFailure, TokenResponse> => {
    const { rotation, issued } = issue(context.lifetimes, token, presentedDigest, now);
    return pipe(
      fromStore(() => context.store.rotate(rotation)),
      TE.flatMap((outcome) =>
        outcome === 'rotated'
          ? TE.right(issued)
          : // Lost a race: whoever changed the token decides why it failed. A
            // concurrent rotation makes this request a reuse (RFC 9700 §4.14).
            pipe(
              find(context)(presentedDigest),
              TE.flatMap((current) => check(context)(current, now)),
              TE.flatMap(() =>
                TE.left<RefreshFailure>(
                  storeFailure(new Error('token store: rotation refused a valid token')),
                ),
              ),
            ),
      ),
    );
  };

const refresh =
  (context: Context) =>
  (presented: string): TE.TaskEither<RefreshFailure, TokenResponse> => {
    const digest = digestOf(presented);
    const now = context.clock.now();
    return pipe(
      find(context)(digest),
      TE.flatMap((token) => check(context)(token, now)),
      TE.flatMap(throttle(context)),
      TE.flatMap((token) => rotate(context)(token, digest, now)),
    );
  };

const grant =
  ({ store, clock, lifetimes }: Context): TokenService['grant'] =>
  (request) => {
    const now = clock.now();
    const refreshToken = newSecret(REFRESH_TOKEN_PREFIX);
    const expiresAt = request.expiresAt ?? now + lifetimes.refreshTokenSeconds * 1000;
    const familyId = `family_${randomUUID()}`;
    return pipe(
      // The scope is echoed in every token response: it must satisfy the contract.
      TE.fromEither(decode(Scope)(request.scope)),
      TE.mapLeft((error): GrantFailure => ({ _tag: 'InvalidScope', message: error.message })),
      TE.flatMap((scope) =>
        fromStore(() =>
          store.createFamily(
            { id: familyId, clientId: request.clientId, scope, createdAt: now },
            { digest: digestOf(refreshToken), issuedAt: now, expiresAt },
          ),
        ),
      ),
      TE.map(() => ({ clientId: request.clientId, familyId, refreshToken, expiresAt })),
    );
  };

export const createTokenService = (deps: TokenServiceDeps): TokenService => {
  const context: Context = { ...deps, lifetimes: deps.lifetimes ?? DEFAULT_LIFETIMES };
  const { store, clock } = context;
  return {
    refresh: refresh(context),
    registerClient: (client) =>
      fromStore(() =>
        store.createClient({
          id: client.id ?? `client_${randomUUID()}`,
          name: client.name,
          createdAt: clock.now(),
        }),
      ),
    findClient: (id) => fromStore(() => store.findClient(id)),
    grant: grant(context),
    suspendClient: (clientId) => fromStore(() => store.suspendClient(clientId, clock.now())),
  };
};
