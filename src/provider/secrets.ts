/**
 * Bearer secrets (refresh and access tokens): 256 random bits, base64url, with
 * a prefix saying what they are. Only their SHA-256 digest is ever stored, so
 * a copy of the database gives nobody a usable token.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const SECRET_BYTES = 32;

export const REFRESH_TOKEN_PREFIX = 'rt_';
export const ACCESS_TOKEN_PREFIX = 'at_';

/** A new secret: `prefix` + 43 base64url characters (32 random bytes). */
export const newSecret = (prefix: string): string =>
  `${prefix}${randomBytes(SECRET_BYTES).toString('base64url')}`;

/** The stored form of a secret: SHA-256, lowercase hex (64 characters). */
export const digestOf = (secret: string): string =>
  createHash('sha256').update(secret, 'utf8').digest('hex');

/**
 * Compares two strings in time independent of where they differ. Both sides
 * are hashed first so that their lengths do not leak either.
 */
export const sameSecret = (a: string, b: string): boolean =>
  timingSafeEqual(
    createHash('sha256').update(a, 'utf8').digest(),
    createHash('sha256').update(b, 'utf8').digest(),
  );
