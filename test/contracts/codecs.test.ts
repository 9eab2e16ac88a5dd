/**
 * The contract codecs decide what a body may be: each field is checked, a
 * wrong one is named by path and expected type, unknown fields are tolerated
 * and the domain forms (SDK names) round-trip to the wire.
 */
import assert from 'node:assert/strict';
import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import {
  decode,
  DOCUMENTED_ERRORS,
  errorBody,
  ErrorBody,
  errorBodyOf,
  joinScopes,
  KNOWN_SCOPES,
  RefreshTokenRequest,
  RefreshTokenRequestBody,
  Scope,
  scopeList,
  TokenResponse,
  TokenResponseBody,
  type ErrorStatus,
} from '../../contracts/index.js';

const accepts = <C extends t.Mixed>(codec: C, input: unknown): t.TypeOf<C> => {
  const result = decode(codec)(input);
  if (E.isLeft(result))
    assert.fail(`expected ${codec.name} to accept, got: ${result.left.message}`);
  return result.right;
};

/** The decode message of a refused input; asserts it names `path` and `expected`. */
const refuses = (codec: t.Mixed, input: unknown, path: string, expected: string): string => {
  const result = decode(codec)(input);
  if (E.isRight(result))
    return assert.fail(`expected ${codec.name} to refuse ${JSON.stringify(input)}`);
  const problem = result.left.problems.find((p) => p.path === path);
  assert.ok(problem, `no problem at ${path} in: ${result.left.message}`);
  assert.ok(
    problem.expected.includes(expected),
    `${path}: expected "${expected}" in "${problem.expected}"`,
  );
  assert.ok(result.left.message.includes(`${path}: expected`), result.left.message);
  return result.left.message;
};

const REQUEST = { grant_type: 'refresh_token', refresh_token: 'rt_secret-value' } as const;

const TOKENS = {
  access_token: 'at_secret-access',
  refresh_token: 'rt_secret-rotated',
  scope: 'payable:read supplier:read',
  token_type: 'Bearer',
} as const;

describe('contract codecs', () => {
  describe('RefreshTokenRequestBody', () => {
    it('accepts a refresh request and tolerates unknown fields', () => {
      assert.deepEqual(accepts(RefreshTokenRequestBody, REQUEST), REQUEST);
      accepts(RefreshTokenRequestBody, { ...REQUEST, client_id: 'abc' });
    });

    it('refuses a grant_type other than refresh_token', () => {
      refuses(
        RefreshTokenRequestBody,
        { ...REQUEST, grant_type: 'password' },
        'grant_type',
        '"refresh_token"',
      );
      refuses(RefreshTokenRequestBody, { refresh_token: 'x' }, 'grant_type', '"refresh_token"');
    });

    it('refuses an empty, missing or non-string refresh_token without quoting it', () => {
      refuses(
        RefreshTokenRequestBody,
        { ...REQUEST, refresh_token: '' },
        'refresh_token',
        'NonEmptyString',
      );
      refuses(
        RefreshTokenRequestBody,
        { grant_type: 'refresh_token' },
        'refresh_token',
        'NonEmptyString',
      );
      const message = refuses(
        RefreshTokenRequestBody,
        { grant_type: 'password', refresh_token: 42 },
        'refresh_token',
        'NonEmptyString',
      );
      assert.match(message, /got number 42/);
    });

    it('refuses a body that is not an object', () => {
      refuses(RefreshTokenRequestBody, null, '(body)', 'RefreshTokenRequestBody');
      refuses(RefreshTokenRequestBody, [REQUEST], '(body)', 'RefreshTokenRequestBody');
    });
  });

  describe('RefreshTokenRequest (SDK names)', () => {
    it('decodes the wire body into camelCase and encodes back', () => {
      const domain = accepts(RefreshTokenRequest, REQUEST);
      assert.deepEqual(domain, { grantType: 'refresh_token', refreshToken: 'rt_secret-value' });
      assert.deepEqual(RefreshTokenRequest.encode(domain), REQUEST);
    });

    it('names the wire path of a wrong field', () => {
      refuses(
        RefreshTokenRequest,
        { ...REQUEST, refresh_token: '' },
        'refresh_token',
        'NonEmptyString',
      );
    });
  });

  describe('TokenResponseBody', () => {
    it('accepts a token set and tolerates unknown fields such as expires_in', () => {
      assert.deepEqual(accepts(TokenResponseBody, TOKENS), TOKENS);
      const withExtra = accepts(TokenResponseBody, { ...TOKENS, expires_in: 3600 });
      assert.equal(withExtra.access_token, TOKENS.access_token);
    });

    for (const field of ['access_token', 'refresh_token'] as const) {
      it(`refuses an empty, missing or non-string ${field}`, () => {
        refuses(TokenResponseBody, { ...TOKENS, [field]: '' }, field, 'NonEmptyString');
        refuses(TokenResponseBody, { ...TOKENS, [field]: undefined }, field, 'NonEmptyString');
        refuses(TokenResponseBody, { ...TOKENS, [field]: 7 }, field, 'NonEmptyString');
      });
    }

    it('reads any string scope, as published, and refuses a non-string', () => {
      // The client splits the scope on spaces and drops empty tokens: it needs no grammar.
      for (const scope of ['', ' payable:read', 'payable:read ', 'payable:read  user:read']) {
        accepts(TokenResponseBody, { ...TOKENS, scope });
      }
      refuses(TokenResponseBody, { ...TOKENS, scope: 7 }, 'scope', 'string');
    });

    it('describes a wrong string value without quoting it (it may be a token)', () => {
      const message = refuses(
        TokenResponseBody,
        { ...TOKENS, access_token: '' },
        'access_token',
        'NonEmptyString',
      );
      assert.match(message, /got a string of 0 characters/);
      const rendered = refuses(
        TokenResponseBody,
        { ...TOKENS, token_type: 'secret' },
        'token_type',
        'Bearer',
      );
      assert.ok(rendered.includes('"secret"'), 'an enumeration quotes what it got');
    });

    it('refuses a token_type other than exactly Bearer', () => {
      for (const tokenType of ['bearer', 'BEARER', 'mac', '', undefined]) {
        refuses(TokenResponseBody, { ...TOKENS, token_type: tokenType }, 'token_type', '"Bearer"');
      }
    });

    it('names every wrong field at once', () => {
      const result = decode(TokenResponseBody)({ scope: 7, token_type: 'bearer' });
      assert.ok(E.isLeft(result));
      assert.deepEqual(
        result.left.problems.map((p) => p.path),
        ['access_token', 'refresh_token', 'scope', 'token_type'],
      );
    });
  });

  describe('TokenResponse (SDK names)', () => {
    it('decodes the wire body into camelCase and encodes back', () => {
      const domain = accepts(TokenResponse, { ...TOKENS, expires_in: 3600 });
      assert.deepEqual(domain, {
        accessToken: TOKENS.access_token,
        refreshToken: TOKENS.refresh_token,
        scope: TOKENS.scope,
        tokenType: 'Bearer',
      });
      assert.deepEqual(TokenResponse.encode(domain), TOKENS);
    });

    it('names the wire path of a wrong field', () => {
      refuses(TokenResponse, { ...TOKENS, token_type: 'bearer' }, 'token_type', '"Bearer"');
    });
  });

  describe('ErrorBody', () => {
    it('accepts documented errors, with or without source', () => {
      for (const status of Object.keys(DOCUMENTED_ERRORS).map(Number) as ErrorStatus[]) {
        accepts(ErrorBody, errorBody(status));
        accepts(errorBodyOf(status), errorBody(status, 'refresh_token'));
      }
      accepts(ErrorBody, { errors: [{ code: 'X', detail: '' }], trace_id: 'abc' });
    });

    it('accepts an empty errors list and refuses a missing one', () => {
      // The published Error schema sets no minimum: the status says what happened.
      accepts(ErrorBody, { errors: [] });
      refuses(ErrorBody, {}, 'errors', 'Array<ApiError>');
      refuses(ErrorBody, { errors: { code: 'X', detail: 'y' } }, 'errors', 'Array<ApiError>');
    });

    it('names the item and field of a wrong error item', () => {
      const second = {
        errors: [
          { code: 'X', detail: 'y' },
          { code: 7, detail: 'y' },
        ],
      };
      refuses(ErrorBody, second, 'errors[1].code', 'string');
      refuses(ErrorBody, { errors: [{ code: 'X' }] }, 'errors[0].detail', 'string');
      refuses(
        ErrorBody,
        { errors: [{ code: 'X', detail: 'y', source: 3 }] },
        'errors[0].source',
        'string',
      );
    });

    it('errorBodyOf(status) accepts only that status code', () => {
      refuses(errorBodyOf(401), errorBody(403), 'errors[0].code', '"AUTHENTICATION_ERROR"');
      accepts(errorBodyOf(429), errorBody(429));
    });
  });

  describe('Scope', () => {
    it('accepts every known scope, alone and joined', () => {
      for (const scope of KNOWN_SCOPES) accepts(Scope, scope);
      accepts(Scope, joinScopes(KNOWN_SCOPES));
    });

    it('refuses spaces out of place, empty tokens and excluded characters', () => {
      for (const scope of ['', ' ', ' a', 'a ', 'a  b', 'a\tb', 'a"b', 'a\\b', 'é']) {
        refuses(Scope, scope, '(body)', 'Scope');
      }
    });

    it('scopeList splits a granted scope and joinScopes puts it back', () => {
      assert.deepEqual(scopeList('payable:read supplier:read'), ['payable:read', 'supplier:read']);
      assert.deepEqual(scopeList(''), []);
      assert.equal(joinScopes(scopeList('a b c')), 'a b c');
    });
  });
});
