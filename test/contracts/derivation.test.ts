/**
 * exampleOf / deriveMatchers / describeRules read a codec the way the decoder
 * does: each rule becomes the Pact matcher that checks the same thing, and a
 * shape with no faithful matcher is refused, naming its path and codec.
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
  minItems,
  NonEmptyString,
  pattern,
  RefreshTokenRequest,
  RefreshTokenRequestBody,
  Scope,
  TokenResponse,
  TokenResponseBody,
} from '../../contracts/index.js';
import {
  alternation,
  arrayLike,
  deriveHeaderMatchers,
  deriveMatchers,
  describeRules,
  exampleOf,
  headerMatchersFor,
  isRecord,
  matchersFor,
  stringMatching,
  type DerivationError,
  type DeriveOptions,
  type Template,
} from 'pact-io-ts';

const right = <A>(result: E.Either<DerivationError, A>): A => {
  if (E.isLeft(result)) return assert.fail(result.left.message);
  return result.right;
};

const left = <A>(result: E.Either<DerivationError, A>): DerivationError => {
  if (E.isRight(result))
    return assert.fail(`expected a DerivationError, got ${JSON.stringify(result.right)}`);
  return result.left;
};

const template = (codec: t.Mixed, example?: unknown, options?: DeriveOptions): Template =>
  right(deriveMatchers(codec, example, options));

/** Asserts one problem names `path` and `codec`; returns the error message. */
const refusedAt = (error: DerivationError, path: string, codec: string): string => {
  assert.ok(
    error.problems.some((p) => p.path === path && p.codec.startsWith(codec)),
    `no problem at ${path} (${codec}) in: ${error.message}`,
  );
  return error.message;
};

const CONTRACT_CODECS: readonly t.Mixed[] = [
  RefreshTokenRequestBody,
  TokenResponseBody,
  ErrorBody,
  errorBodyOf(429),
];

describe('pact-io-ts', () => {
  describe('exampleOf', () => {
    it('builds a valid example from the codec alone', () => {
      const codec = t.type({
        name: t.string,
        count: t.number,
        id: t.Int,
        on: t.boolean,
        kind: t.literal('fixed'),
        mode: t.keyof({ fast: null, slow: null }),
        level: t.union([t.literal('low'), t.literal('high')]),
        code: pattern('Code', /^[A-Z]{3}$/, 'ABC', 'three capitals'),
        tags: t.array(t.string),
        twice: minItems(t.boolean, 2),
        nested: t.readonly(t.strict({ inner: t.string })),
        both: t.intersection([t.type({ a: t.string }), t.partial({ b: t.string })]),
      });
      assert.deepEqual(right(exampleOf(codec)), {
        name: 'string',
        count: 0,
        id: 0,
        on: true,
        kind: 'fixed',
        mode: 'fast',
        level: 'low',
        code: 'ABC',
        tags: ['string'],
        twice: [true, true],
        nested: { inner: 'string' },
        both: { a: 'string' },
      });
    });

    it('gives a decodable example for every contract codec', () => {
      for (const codec of CONTRACT_CODECS) {
        const example = right(exampleOf(codec));
        assert.ok(E.isRight(decode(codec)(example)), codec.name);
      }
      assert.equal(right(exampleOf(errorBodyOf(401))).errors[0]?.code, 'AUTHENTICATION_ERROR');
      assert.equal(right(exampleOf(TokenResponseBody)).access_token, NonEmptyString.example);
    });

    it('refuses unsupported shapes, naming each path', () => {
      const error = left(exampleOf(t.type({ a: t.unknown, b: t.array(t.type({ c: t.any })) })));
      refusedAt(error, 'a', 'unknown');
      refusedAt(error, 'b[*].c', 'any');
    });
  });

  describe('deriveMatchers: one rule per codec shape', () => {
    it('a string is matched by type, keeping the example value', () => {
      assert.deepEqual(template(t.string, 'hello'), MatchersV3.string('hello'));
      assert.deepEqual(template(t.string), MatchersV3.string('string'));
    });

    it('a number by number, an Int by integer, a boolean by type', () => {
      assert.deepEqual(template(t.number, 1.5), MatchersV3.number(1.5));
      assert.deepEqual(template(t.Int, 3), MatchersV3.integer(3));
      assert.deepEqual(template(t.boolean, false), MatchersV3.boolean(false));
    });

    it('a single literal by equality, which a parent type matcher cannot loosen', () => {
      assert.deepEqual(template(t.literal('Bearer')), MatchersV3.equal('Bearer'));
      assert.deepEqual(template(t.literal(2)), MatchersV3.equal(2));
    });

    it('a keyof or a union of literals by an anchored alternation of every option', () => {
      const codec = t.keyof({ 'a.b': null, 'c|d': null, '(e)': null });
      assert.deepEqual(template(codec, 'c|d'), stringMatching('^(?:a\\.b|c\\|d|\\(e\\))$', 'c|d'));
      const union = t.union([t.literal('low'), t.literal('high')]);
      assert.deepEqual(template(union), stringMatching('^(?:low|high)$', 'low'));
      assert.ok(new RegExp(alternation(['a.b', '^$'])).test('^$'));
      assert.ok(!new RegExp(alternation(['a.b'])).test('axb'));
    });

    it('a regex leaf is also a string: type AND regex, as the codec checks both', () => {
      assert.deepEqual(stringMatching('^a$', 'a'), {
        'pact:matcher:type': [
          { 'pact:matcher:type': 'type' },
          { 'pact:matcher:type': 'regex', regex: '^a$' },
        ],
        value: 'a',
      });
    });

    it('a PatternType by its regex; a pattern with flags is refused', () => {
      assert.deepEqual(template(Scope, 'a b'), stringMatching(Scope.pattern.source, 'a b'));
      const flagged = pattern('Caseless', /^abc$/i, 'ABC', 'abc in any case');
      refusedAt(left(deriveMatchers(t.type({ x: flagged }))), 'x', 'Caseless');
    });

    it('an array by a type matcher with the codec minimum, showing one element at least', () => {
      assert.deepEqual(template(t.array(t.string), []), arrayLike(MatchersV3.string('string'), 0));
      assert.deepEqual(arrayLike(MatchersV3.string('x'), 0), {
        'pact:matcher:type': 'type',
        min: 0,
        value: [MatchersV3.string('x')],
      });
      assert.deepEqual(
        template(t.array(t.string), ['x', 'y']),
        arrayLike(MatchersV3.string('x'), 0),
      );
      const three = template(minItems(t.boolean, 3));
      assert.deepEqual(three, MatchersV3.eachLike(MatchersV3.boolean(true), 3));
    });

    it('objects recursively through type, strict, exact, intersection and readonly', () => {
      const codec = t.intersection([
        t.type({ a: t.string }),
        t.strict({ b: t.readonly(t.type({ c: t.literal('x') })) }),
        t.exact(t.type({ d: t.number })),
      ]);
      assert.deepEqual(template(codec, { a: 'A', b: { c: 'x' }, d: 4, extra: true }), {
        a: MatchersV3.string('A'),
        b: { c: MatchersV3.equal('x') },
        d: MatchersV3.number(4),
      });
    });

    it('leaves partial fields out, even when the example has them', () => {
      const codec = t.intersection([t.type({ code: t.string }), t.partial({ source: t.string })]);
      assert.deepEqual(template(codec, { code: 'X', source: 'field' }), {
        code: MatchersV3.string('X'),
      });
    });

    it('refuses refinements and brands other than Int: they would lose their predicate', () => {
      const Positive = t.refinement(t.number, (n) => n > 0, 'Positive');
      refusedAt(left(deriveMatchers(t.type({ n: Positive }), { n: 1 })), 'n', 'Positive');
    });

    it('refuses unsupported shapes, naming every path and codec at once', () => {
      const codec = t.type({
        a: t.unknown,
        b: t.union([t.string, t.number]),
        c: t.record(t.keyof({ x: null }), t.string),
        d: t.Function,
        errors: minItems(t.type({ source: t.any }), 1),
      });
      const error = left(deriveMatchers(codec));
      for (const [path, name] of [
        ['a', 'unknown'],
        ['b', '(string | number)'],
        ['c', '{ [K in "x"]: string }'],
        ['d', 'Function'],
        ['errors[*].source', 'any'],
      ] as const) {
        refusedAt(error, path, name);
      }
    });

    it('refuses a transforming codec such as TokenResponse (SDK names): derive from the wire codec', () => {
      refusedAt(left(deriveMatchers(TokenResponse)), '(body)', 'TokenResponse');
      refusedAt(left(deriveMatchers(RefreshTokenRequest)), '(body)', 'RefreshTokenRequest');
    });

    it('decodes the example first and names every invalid path', () => {
      const error = left(deriveMatchers(ErrorBody, { errors: [{ code: 7, detail: 3 }] }));
      refusedAt(error, 'errors[0].code', 'string');
      refusedAt(error, 'errors[0].detail', 'string');
      const message = left(deriveMatchers(TokenResponseBody, { token_type: 'bearer' })).message;
      for (const path of ['access_token', 'refresh_token', 'scope', 'token_type']) {
        assert.ok(message.includes(path), message);
      }
    });

    it('matchersFor throws a message listing every problem', () => {
      assert.throws(
        () => matchersFor(t.type({ a: t.unknown, b: t.any })),
        (e: unknown) =>
          e instanceof Error && /a \(unknown\)/.test(e.message) && /b \(any\)/.test(e.message),
      );
      assert.deepEqual(matchersFor(t.string, 'x'), MatchersV3.string('x'));
    });
  });

  describe('deriveMatchers: fromProviderState', () => {
    const options = { fromProviderState: { refresh_token: '${refreshToken}' } };

    it('injects the leaf from the provider state and keeps its own rule', () => {
      const body = template(
        RefreshTokenRequestBody,
        { grant_type: 'refresh_token', refresh_token: 'rt_x' },
        options,
      );
      assert.deepEqual(body, {
        grant_type: MatchersV3.equal('refresh_token'),
        refresh_token: {
          ...stringMatching(NonEmptyString.pattern.source, 'rt_x'),
          'pact:generator:type': 'ProviderState',
          expression: '${refreshToken}',
        },
      });
    });

    it('refuses a path the codec does not have, or one that is not a single value', () => {
      const missing = left(
        deriveMatchers(RefreshTokenRequestBody, undefined, {
          fromProviderState: { token: '${t}' },
        }),
      );
      refusedAt(missing, 'token', 'RefreshTokenRequestBody');
      const tree = left(
        deriveMatchers(ErrorBody, undefined, { fromProviderState: { errors: '${e}' } }),
      );
      refusedAt(tree, 'errors', 'Array<ApiError>');
      const nested = template(ErrorBody, undefined, {
        fromProviderState: { 'errors[*].code': '${code}' },
      });
      assert.match(JSON.stringify(nested), /"expression":"\$\{code\}"/);
    });
  });

  describe('deriveHeaderMatchers', () => {
    it('derives header matchers from a headers codec', () => {
      const Headers = t.type({
        'Content-Type': t.literal('application/json'),
        'Retry-After': t.string,
      });
      assert.deepEqual(
        headerMatchersFor(Headers, { 'Content-Type': 'application/json', 'Retry-After': '3' }),
        {
          'Content-Type': MatchersV3.equal('application/json'),
          'Retry-After': MatchersV3.string('3'),
        },
      );
    });

    it('refuses a header whose codec is not a string', () => {
      refusedAt(left(deriveHeaderMatchers(t.type({ 'X-Count': t.number }))), 'X-Count', 'number');
    });
  });

  describe('the contract codecs', () => {
    it('TokenResponseBody: non-empty tokens, any scope string, exactly Bearer', () => {
      assert.deepEqual(template(TokenResponseBody), {
        access_token: stringMatching('^[\\s\\S]+$', NonEmptyString.example),
        refresh_token: stringMatching('^[\\s\\S]+$', NonEmptyString.example),
        scope: MatchersV3.string('string'),
        token_type: MatchersV3.equal('Bearer'),
      });
    });

    it('ErrorBody: at least one error, each with a code and a detail, source left out', () => {
      assert.deepEqual(template(errorBodyOf(400)), {
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
        const body = template(response.body, response.bodyExample);
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
        const body = template(request.body, request.bodyExample, options);
        assert.deepEqual(MatchersV3.reify(body), request.bodyExample, key);
        for (const field of Object.keys(request.fromProviderState)) {
          assert.ok(isRecord(body) && JSON.stringify(body[field]).includes('ProviderState'), key);
        }
        const headers = right(deriveHeaderMatchers(request.headers, request.headersExample));
        assert.deepEqual(MatchersV3.reify(headers), request.headersExample, key);
      }
    });
  });

  describe('describeRules', () => {
    it('says each rule of TokenResponseBody in plain words', () => {
      assert.deepEqual(right(describeRules(TokenResponseBody)), [
        {
          path: 'access_token',
          rule: 'access_token must match the regex ^[\\s\\S]+$ (a non-empty string)',
        },
        {
          path: 'refresh_token',
          rule: 'refresh_token must match the regex ^[\\s\\S]+$ (a non-empty string)',
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

    it('refuses what the matchers refuse', () => {
      refusedAt(left(describeRules(t.type({ a: t.unknown }))), 'a', 'unknown');
    });
  });
});
