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

/** The characters of a token (RFC 9110 §5.6.2); the regular expressions below are sources. */
const TCHARS = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/** A character class of `chars`, runs of three or more written as ranges (`0-9`). */
const classOf = (chars: string) => {
  const codes = [...new Set(chars)].map((c) => c.charCodeAt(0)).sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const code of codes) {
    const last = runs.at(-1);
    if (last !== undefined && last[1] === code - 1) last[1] = code;
    else runs.push([code, code]);
  }
  const char = (code: number) => String.fromCharCode(code).replace(/[\\\]^-]/, '\\$&');
  const written = runs.map(([from, to]) =>
    to - from >= 2 ? `${char(from)}-${char(to)}` : `${char(from)}${from === to ? '' : char(to)}`,
  );
  return `[${written.join('')}]`;
};
const TCHAR = classOf(TCHARS);
export const HTTP_TOKEN = `${TCHAR}+`;
/** A quoted-string (RFC 9110 §5.6.4): its text, and `\` before any character. */
export const HTTP_QUOTED_STRING =
  '"(?:[\\t \\x21\\x23-\\x5B\\x5D-\\x7E\\x80-\\xFF]|\\\\[\\t \\x21-\\x7E\\x80-\\xFF])*"';
/** Optional whitespace (RFC 9110 §5.6.3). */
export const HTTP_OWS = '[ \\t]*';

/**
 * Any token but `word` (letters, any case): shorter, longer, or unlike it at some place. Spelt
 * out because Rust's regex, Pact's engine, has no lookahead to say "not".
 */
const tokenOtherThan = (word: string) => {
  const unlike = [...word].map((c, i) => {
    const others = TCHARS.replace(c.toLowerCase(), '').replace(c.toUpperCase(), '');
    return `${anyCase(word.slice(0, i))}${classOf(others)}${TCHAR}{${word.length - i - 1}}`;
  });
  return `(?:${TCHAR}{1,${word.length - 1}}|${TCHAR}{${word.length + 1},}|${unlike.join('|')})`;
};

const UTF_8 = anyCase('utf-8');
/** `charset=utf-8`, quoted or not, or any other parameter, with any value. */
const PARAMETER = `(?:${anyCase('charset')}=(?:${UTF_8}|"${UTF_8}")|${tokenOtherThan('charset')}=(?:${HTTP_TOKEN}|${HTTP_QUOTED_STRING}))`;
/** parameters = *( OWS ";" OWS [ parameter ] ) (RFC 9110 §5.6.6). */
const PARAMETERS = `(?:${HTTP_OWS};${HTTP_OWS}(?:${PARAMETER})?)*`;

/**
 * `application/json` in every form RFC 9110 §8.3.1 allows: type and subtype in any case, any
 * parameters (none changes how JSON decodes), whitespace around `;`, values quoted or not. A
 * charset parameter must name UTF-8 (any case, §8.3.2): JSON is UTF-8 (RFC 8259 §8.1), so
 * another charset claims a body the client cannot read. Declared with `JsonHeaders`
 * (interactions.ts), the published document naming the media type without parameters.
 */
export const JsonContentType = pattern(
  'JsonContentType',
  new RegExp(`^${anyCase(JSON_MEDIA_TYPE)}${PARAMETERS}$`),
  JSON_MEDIA_TYPE,
  'the media type application/json in any case, with any parameters but a charset other than utf-8',
);

/** The provider's published OpenAPI document (our copy), relative to the project root. */
export const PUBLISHED_OPENAPI_FILE = 'contracts/openapi/token-refresh.openapi.json';
