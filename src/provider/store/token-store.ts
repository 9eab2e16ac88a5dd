/**
 * What the provider needs from persistence, independent of the engine. Times
 * are epoch milliseconds; secrets only ever appear as SHA-256 hex digests.
 * Every method may reject (the engine is down, the disk is full): callers turn
 * a rejection into a 500, never into a verdict about the token.
 */

export interface ClientRecord {
  readonly id: string;
  readonly name: string;
  readonly createdAt: number;
  readonly suspendedAt: number | undefined;
}

export interface NewClient {
  readonly id: string;
  readonly name: string;
  readonly createdAt: number;
}

/** A token family: every refresh token descended from one grant (RFC 9700 §4.14). */
export interface NewFamily {
  readonly id: string;
  readonly clientId: string;
  /** The scope granted once and for all to the family, RFC 6749 §3.3 form. */
  readonly scope: string;
  readonly createdAt: number;
}

export interface NewToken {
  readonly digest: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
}

/** A refresh token with what deciding on it requires: its family and client. */
export interface RefreshTokenView {
  readonly digest: string;
  readonly familyId: string;
  readonly clientId: string;
  readonly scope: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
  /** Set once the token has been exchanged: presenting it again is reuse. */
  readonly rotatedAt: number | undefined;
  readonly familyRevokedAt: number | undefined;
  readonly clientSuspendedAt: number | undefined;
}

export interface Rotation {
  readonly presentedDigest: string;
  readonly refreshToken: NewToken;
  readonly accessToken: NewToken;
  readonly now: number;
}

/**
 * `rotated`: the presented token is now spent and the new pair is stored.
 * `stale`: nothing changed, because the token was no longer exchangeable at
 * `now` (rotated by a concurrent request, revoked, expired, client suspended).
 */
export type RotationOutcome = 'rotated' | 'stale';

/** An access token as a resource server would check it. */
export interface AccessTokenView {
  readonly digest: string;
  readonly familyId: string;
  readonly scope: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
  readonly familyRevokedAt: number | undefined;
}

export type RevocationReason = 'reuse-detected' | 'administrative';

export interface TokenStore {
  readonly createClient: (client: NewClient) => Promise<ClientRecord>;
  readonly findClient: (id: string) => Promise<ClientRecord | undefined>;
  /** Returns false when there is no such client. */
  readonly suspendClient: (id: string, at: number) => Promise<boolean>;
  /** Creates a family and its first refresh token, together or not at all. */
  readonly createFamily: (family: NewFamily, firstToken: NewToken) => Promise<void>;
  readonly findRefreshToken: (digest: string) => Promise<RefreshTokenView | undefined>;
  /**
   * Spends the presented refresh token and stores its successor and an access
   * token, atomically: of concurrent rotations of one token exactly one
   * returns `rotated`.
   */
  readonly rotate: (rotation: Rotation) => Promise<RotationOutcome>;
  readonly findAccessToken: (digest: string) => Promise<AccessTokenView | undefined>;
  /** Revokes every token of the family; returns false when it was already revoked. */
  readonly revokeFamily: (
    familyId: string,
    at: number,
    reason: RevocationReason,
  ) => Promise<boolean>;
  /** Makes one refresh token expire at `at` (administrative; tests and states). */
  readonly expireRefreshToken: (digest: string, at: number) => Promise<boolean>;
  readonly close: () => Promise<void>;
}
