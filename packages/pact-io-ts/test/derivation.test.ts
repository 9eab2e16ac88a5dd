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
  deriveHeaderMatchers,
  deriveMatchers,
  describeRules,
  exampleOf,
  headerMatchersFor,
  matchersFor,
  minItems,
  pattern,
} from '../src/index.js';
import { arrayOf, left, refusedAt, right, template, typeAndRegex } from './results.js';

/** The regex of a type-AND-regex template, read as Pact would. */
const RegexTemplate = t.type({
  'pact:matcher:type': t.tuple([t.unknown, t.type({ regex: t.string })]),
});
const regexOf = (codec: t.Mixed): RegExp => {
  const decoded = RegexTemplate.decode(template(codec));
  return E.isRight(decoded)
    ? new RegExp(decoded.right['pact:matcher:type'][1].regex)
    : assert.fail('no regex in the template');
};

const Words = pattern('Words', /^[a-z]+(?: [a-z]+)*$/, 'a b', 'lower-case words');

describe('pact-io-ts derivation', () => {
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
      assert.deepEqual(template(codec, 'c|d'), typeAndRegex('^(?:a\\.b|c\\|d|\\(e\\))$', 'c|d'));
      const union = t.union([t.literal('low'), t.literal('high')]);
      assert.deepEqual(template(union), typeAndRegex('^(?:low|high)$', 'low'));
      assert.ok(regexOf(t.keyof({ 'a.b': null, '^$': null })).test('^$'));
      assert.ok(!regexOf(t.keyof({ 'a.b': null })).test('axb'));
    });

    it('a PatternType by type AND its regex, as the codec checks both; flags are refused', () => {
      assert.deepEqual(template(Words, 'a b'), typeAndRegex('^[a-z]+(?: [a-z]+)*$', 'a b'));
      const flagged = pattern('Caseless', /^abc$/i, 'ABC', 'abc in any case');
      refusedAt(left(deriveMatchers(t.type({ x: flagged }))), 'x', 'Caseless');
    });

    it('an array by a type matcher with the codec minimum, showing one element at least', () => {
      assert.deepEqual(template(t.array(t.string), []), arrayOf(0, MatchersV3.string('string')));
      assert.deepEqual(template(t.array(t.string), ['x', 'y']), arrayOf(0, MatchersV3.string('x')));
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

    it('matchersFor throws a message listing every problem', () => {
      assert.throws(
        () => matchersFor(t.type({ a: t.unknown, b: t.any })),
        (e: unknown) =>
          e instanceof Error && /a \(unknown\)/.test(e.message) && /b \(any\)/.test(e.message),
      );
      assert.deepEqual(matchersFor(t.string, 'x'), MatchersV3.string('x'));
    });
  });

  describe('deriveMatchers: the example and the codec', () => {
    const Token = pattern('Token', /^[\s\S]+$/, 'a-token', 'a non-empty string');
    const Request = t.type({ grant: t.literal('refresh'), token: Token }, 'Request');
    const Errors = t.type(
      { errors: t.array(t.type({ code: t.string, detail: t.string }, 'Item')) },
      'Errors',
    );

    it('refuses a transforming codec: derive from the wire codec', () => {
      const Trimmed = new t.Type<string, string, unknown>(
        'Trimmed',
        t.string.is,
        (u, c) => (typeof u === 'string' ? t.success(u.trim()) : t.failure(u, c)),
        (s) => s,
      );
      refusedAt(left(deriveMatchers(Trimmed)), '(body)', 'Trimmed');
    });

    it('decodes the example first and names every invalid path', () => {
      const error = left(deriveMatchers(Errors, { errors: [{ code: 7, detail: 3 }] }));
      refusedAt(error, 'errors[0].code', 'string');
      refusedAt(error, 'errors[0].detail', 'string');
      const message = left(deriveMatchers(Request, { grant: 'password' })).message;
      for (const path of ['grant', 'token']) assert.ok(message.includes(path), message);
    });

    it('fromProviderState injects a leaf, which keeps its own rule', () => {
      const body = template(
        Request,
        { grant: 'refresh', token: 'rt_x' },
        { fromProviderState: { token: '${token}' } },
      );
      assert.deepEqual(body, {
        grant: MatchersV3.equal('refresh'),
        token: {
          ...typeAndRegex('^[\\s\\S]+$', 'rt_x'),
          'pact:generator:type': 'ProviderState',
          expression: '${token}',
        },
      });
      const nested = template(Errors, undefined, {
        fromProviderState: { 'errors[*].code': '${code}' },
      });
      assert.match(JSON.stringify(nested), /"expression":"\$\{code\}"/);
    });

    it('fromProviderState refuses a path the codec does not have, or one that is not a single value', () => {
      const missing = left(
        deriveMatchers(Request, undefined, { fromProviderState: { other: '${t}' } }),
      );
      refusedAt(missing, 'other', 'Request');
      const tree = left(
        deriveMatchers(Errors, undefined, { fromProviderState: { errors: '${e}' } }),
      );
      refusedAt(tree, 'errors', 'Array<Item>');
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

  describe('describeRules', () => {
    it('refuses what the matchers refuse', () => {
      refusedAt(left(describeRules(t.type({ a: t.unknown }))), 'a', 'unknown');
    });
  });
});
