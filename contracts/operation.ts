/** Facts about the operation and its participants, named once. */
import { pattern } from './primitives.js';

export const TOKEN_REFRESH_METHOD = 'POST';
export const TOKEN_REFRESH_PATH = '/v0/oauth2/token/refresh';

/** Pacticipant names, as in the pact file and the broker. */
export const CONSUMER_NAME = 'token-refresh-client';
export const PROVIDER_NAME = 'spendesk-public-api';

export const JSON_MEDIA_TYPE = 'application/json';

/** Letters in either case, as both JavaScript and Rust (Pact's engine) read it without flags. */
const anyCase = (text: string) =>
  text.replace(/[a-z]/g, (c) => `[${c.toUpperCase()}${c}]`).replace(/[.+]/g, '\\$&');

const UTF_8 = anyCase('utf-8');
/** OWS ";" OWS parameter (RFC 9110 §5.6.6, §8.3.1): only `charset=utf-8`, quoted or not. */
const CHARSET_UTF_8 = `[ \\t]*;[ \\t]*${anyCase('charset')}=(?:${UTF_8}|"${UTF_8}")`;

/**
 * `application/json`, optionally with a UTF-8 charset parameter, in the forms
 * RFC 9110 §8.3.1 allows: type, subtype and parameter name in any case,
 * whitespace around `;`, the value quoted or not (charset names are
 * case-insensitive too, §8.3.2). The client decodes bodies as UTF-8, so another
 * charset or parameter is refused: a demand declared with `JsonHeaders` (interactions.ts).
 */
export const JsonContentType = pattern(
  'JsonContentType',
  new RegExp(`^${anyCase(JSON_MEDIA_TYPE)}(?:${CHARSET_UTF_8})?$`),
  JSON_MEDIA_TYPE,
  'the media type application/json in any case, optionally with charset=utf-8, quoted or not',
);

/** The provider's published OpenAPI document (our copy), relative to the project root. */
export const PUBLISHED_OPENAPI_FILE = 'contracts/openapi/token-refresh.openapi.json';
