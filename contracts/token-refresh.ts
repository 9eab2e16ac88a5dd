/**
 * POST /v0/oauth2/token/refresh: the request body and the 200 body, as on the
 * wire (snake_case), and their domain form with the SDK's names (camelCase).
 */
import * as t from 'io-ts';
import { declareDemands } from './demands.js';
import { NonEmptyString, renamedRecord } from './primitives.js';

export const GrantType = t.literal('refresh_token');
export const TokenType = t.literal('Bearer');

const request = renamedRecord('RefreshTokenRequest', {
  grantType: ['grant_type', GrantType],
  refreshToken: ['refresh_token', NonEmptyString],
} as const);

/** The JSON request body, as on the wire. */
export const RefreshTokenRequestBody = request.wire;
export type RefreshTokenRequestBody = t.TypeOf<typeof RefreshTokenRequestBody>;
/** The request with the SDK's names (`PostTokenRefreshJsonRequestBody`). */
export type RefreshTokenRequest = t.TypeOf<typeof request.domain>;
/** Decodes a wire body into a {@link RefreshTokenRequest}; encodes back. */
export const RefreshTokenRequest = request.fromWire;

const response = renamedRecord('TokenResponse', {
  accessToken: ['access_token', NonEmptyString],
  refreshToken: ['refresh_token', NonEmptyString],
  // A plain string, as published: the client splits it on spaces and drops
  // empty tokens, so it needs no RFC 6749 grammar (`Scope`) to read it.
  scope: ['scope', t.string],
  tokenType: ['token_type', TokenType],
} as const);

/** The 200 body, as on the wire. Unknown fields (`expires_in`, ...) are tolerated. */
export const TokenResponseBody = response.wire;
export type TokenResponseBody = t.TypeOf<typeof TokenResponseBody>;
/**
 * Beyond the published 200 schema (plain strings), the client needs both tokens
 * non-empty. Everything else the schema allows, the client reads.
 */
export const TOKEN_RESPONSE_DEMANDS = declareDemands(TokenResponseBody, [
  {
    path: 'access_token',
    kind: 'pattern',
    reason:
      'The client hands it to its caller to send as a bearer token; an empty one authenticates nothing, so the refresh would look successful and every call after it would fail.',
  },
  {
    path: 'refresh_token',
    kind: 'pattern',
    reason:
      'The client stores it in place of the token it just spent (rotation); an empty one could never be used again, so the connection would be lost at the next refresh.',
  },
]);

/** The token set with the SDK's names (`PostTokenRefreshJsonResponseBody`). */
export type TokenResponse = t.TypeOf<typeof response.domain>;
/** Decodes a wire 200 body into a {@link TokenResponse}; encodes back. */
export const TokenResponse = response.fromWire;

/** The request body for a refresh token: what every client sends. */
export const refreshTokenRequestBody = (refreshToken: string): RefreshTokenRequestBody => ({
  grant_type: 'refresh_token',
  refresh_token: refreshToken,
});
