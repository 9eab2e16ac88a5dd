/** Facts about the operation and its participants, named once. */
import { pattern } from './primitives.js';

export const TOKEN_REFRESH_METHOD = 'POST';
export const TOKEN_REFRESH_PATH = '/v0/oauth2/token/refresh';

/** Pacticipant names, as in the pact file and the broker. */
export const CONSUMER_NAME = 'token-refresh-client';
export const PROVIDER_NAME = 'spendesk-public-api';

export const JSON_MEDIA_TYPE = 'application/json';

/** JSON, with or without a UTF-8 charset parameter. */
export const JsonContentType = pattern(
  'JsonContentType',
  /^application\/json(?:; *charset=(?:utf|UTF)-8)?$/,
  JSON_MEDIA_TYPE,
  'application/json, optionally with charset=utf-8',
);

/** `Retry-After` as delay-seconds (RFC 9110 §10.2.3), the form this provider promises. */
export const RetryAfterSeconds = pattern(
  'RetryAfterSeconds',
  /^[0-9]+$/,
  '1',
  'a whole number of seconds',
);
