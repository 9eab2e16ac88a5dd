/**
 * pact-io-ts on this project's codecs and catalogue: the matchers, examples and
 * rules the pact is built from. The package's own tests cover each codec kind
 * (packages/pact-io-ts/test).
 */
import assert from 'node:assert/strict';
import { MatchersV3 } from '@pact-foundation/pact';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import {
  decode,
  ErrorBody,
  errorBodyOf,
  INTERACTIONS,
  JsonContentType,
  NonEmptyString,
  RefreshTokenRequestBody,
  TokenResponseBody,
} from '../../contracts/index.js';
import {
  deriveHeaderMatchers,
  describeRules,
  exampleOf,
  matchersFor,
  type DerivationError,
} from 'pact-io-ts';

/** A string matched by type AND a regex, as the pact must carry it (written out, not derived). */
const typeAndRegex = (regex: string, value: string) => ({
  'pact:matcher:type': [{ 'pact:matcher:type': 'type' }, { 'pact:matcher:type': 'regex', regex }],
  value,
});

/** The value of a derivation, or the test fails with the derivation's message. */
const right = E.getOrElseW((error: DerivationError) => assert.fail(error.message));

const CONTRACT_CODECS: readonly t.Mixed[] = [
  RefreshTokenRequestBody,
  TokenResponseBody,
  ErrorBody,
  errorBodyOf(429),
];

describe('pact-io-ts on the contract codecs', () => {
  describe('exampleOf', () => {
    it('gives a decodable example for every contract codec', () => {
      for (const codec of CONTRACT_CODECS) {
        const example = right(exampleOf(codec));
        assert.ok(E.isRight(decode(codec)(example)), codec.name);
      }
      assert.equal(right(exampleOf(errorBodyOf(401))).errors[0]?.code, 'AUTHENTICATION_ERROR');
      assert.equal(right(exampleOf(TokenResponseBody)).access_token, NonEmptyString.example);
    });
  });

  describe('the contract codecs', () => {
    it('TokenResponseBody: non-empty tokens, any scope string, exactly Bearer', () => {
      assert.deepEqual(matchersFor(TokenResponseBody), {
        access_token: typeAndRegex('^[\\s\\S]+$', NonEmptyString.example),
        refresh_token: typeAndRegex('^[\\s\\S]+$', NonEmptyString.example),
        scope: MatchersV3.string('string'),
        token_type: MatchersV3.equal('Bearer'),
      });
    });

    it('ErrorBody: at least one error, each with a code and a detail, source left out', () => {
      assert.deepEqual(matchersFor(errorBodyOf(400)), {
        errors: MatchersV3.eachLike(
          {
            code: MatchersV3.equal('BAD_REQUEST_INCORRECT_OR_MISSING_FIELD'),
            detail: MatchersV3.string('string'),
          },
          1,
        ),
      });
    });

    it('every catalogued response derives, showing its examples minus the optional source', () => {
      for (const { key, response } of INTERACTIONS) {
        const body = matchersFor(response.body, response.bodyExample);
        const { errors, ...rest } = response.bodyExample as { errors?: { source?: string }[] };
        const shown =
          errors === undefined
            ? rest
            : { ...rest, errors: errors.map(({ source: _s, ...e }) => e) };
        assert.deepEqual(MatchersV3.reify(body), shown, key);
        const headers = right(deriveHeaderMatchers(response.headers, response.headersExample));
        assert.deepEqual(MatchersV3.reify(headers), response.headersExample, key);
      }
    });

    it('every catalogued request derives, with its provider-state fields injected', () => {
      for (const { key, request } of INTERACTIONS) {
        const options = {
          fromProviderState: Object.fromEntries(
            Object.entries(request.fromProviderState).map(([field, name]) => [
              field,
              `\${${name}}`,
            ]),
          ),
        };
        const body = matchersFor(request.body, request.bodyExample, options);
        assert.deepEqual(MatchersV3.reify(body), request.bodyExample, key);
        for (const field of Object.keys(request.fromProviderState)) {
          assert.match(
            JSON.stringify((body as Record<string, unknown>)[field]),
            /ProviderState/,
            key,
          );
        }
        const headers = right(deriveHeaderMatchers(request.headers, request.headersExample));
        assert.deepEqual(MatchersV3.reify(headers), request.headersExample, key);
      }
    });
  });

  describe('describeRules', () => {
    it('gives every response Content-Type rule its meaning, for a report to show in words', () => {
      for (const { key, response } of INTERACTIONS) {
        const [rule] = right(describeRules(response.headers)).filter(
          (r) => r.path === 'Content-Type',
        );
        assert.equal(rule?.meaning, JsonContentType.meaning, key);
        assert.equal(rule?.regex, JsonContentType.pattern.source, key);
      }
    });

    it('says each rule of TokenResponseBody in plain words', () => {
      assert.deepEqual(right(describeRules(TokenResponseBody)), [
        {
          path: 'access_token',
          rule: 'access_token must match the regex ^[\\s\\S]+$ (a non-empty string)',
          regex: '^[\\s\\S]+$',
          meaning: 'a non-empty string',
        },
        {
          path: 'refresh_token',
          rule: 'refresh_token must match the regex ^[\\s\\S]+$ (a non-empty string)',
          regex: '^[\\s\\S]+$',
          meaning: 'a non-empty string',
        },
        { path: 'scope', rule: 'scope must be a string' },
        { path: 'token_type', rule: 'token_type must equal Bearer' },
      ]);
    });

    it('describes arrays, elements and optional fields of ErrorBody', () => {
      const rules = right(describeRules(ErrorBody)).map((r) => r.rule);
      assert.deepEqual(rules, [
        'errors must be an array (possibly empty)',
        'errors[*] must be an object',
        'errors[*].code must be a string',
        'errors[*].detail must be a string',
        'errors[*].source is optional: not part of the contract (Pact cannot say "may be absent")',
      ]);
    });
  });
});
