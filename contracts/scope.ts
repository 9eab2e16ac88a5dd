/**
 * OAuth 2.0 scope (RFC 6749 §3.3):
 *   scope       = scope-token *( SP scope-token )
 *   scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
 * One space between tokens, no empty token, no leading or trailing space.
 */
import { pattern } from './primitives.js';

const SCOPE_TOKEN = '[\\x21\\x23-\\x5B\\x5D-\\x7E]+';

export const Scope = pattern(
  'Scope',
  new RegExp(`^${SCOPE_TOKEN}(?: ${SCOPE_TOKEN})*$`),
  'payable:read supplier:read',
  'space-separated scope tokens (RFC 6749 §3.3)',
);

/** Scopes the Spendesk Public API names; a provider may grant others. */
export const KNOWN_SCOPES = [
  'bank-fee:read',
  'payable:read',
  'payable-attachment:read',
  'settlement:read',
  'wallet-load:read',
  'wallet-summary:read',
  'user:read',
  'supplier:read',
  'analytical-field:read',
] as const;

/** The granted scopes as a list (the wire carries them space-separated). */
export const scopeList = (scope: string): readonly string[] =>
  scope.split(' ').filter((token) => token.length > 0);

/** The wire form of a list of scope tokens. */
export const joinScopes = (scopes: readonly string[]): string => scopes.join(' ');
