/**
 * Each io-ts kind the fold reads, through every interpreter: the Pact matcher
 * that checks the same thing, the canonical example, the JSON Schema and the
 * words; and the shapes no interpreter can express, refused with their path.
 */
import assert from 'node:assert/strict';
import { MatchersV3 } from '@pact-foundation/pact';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import {
  branchesOf,
  brandedPattern,
  decode,
  deriveHeaderMatchers,
  deriveMatchers,
  describeRules,
  exampleOf,
  pattern,
  toJsonSchema,
  type DerivationError,
} from '../src/index.js';
import { right, template, typeAndRegex } from './results.js';
import { arbitraryOf, brokenArbitraryOf } from '../src/arbitrary.js';

const refusedPaths = (result: E.Either<DerivationError, unknown>): readonly string[] =>
  E.isLeft(result) ? result.left.problems.map((p) => p.path) : assert.fail('expected a refusal');

interface SkuBrand {
  readonly Sku: unique symbol;
}
const SkuPattern = pattern('SkuPattern', /^[A-Z]{3}-[0-9]{4}$/, 'ABC-1234', 'a SKU');
const Sku = brandedPattern<SkuBrand>(SkuPattern, 'Sku');

/** Every kind the fold supports and that a Pact body can state for every valid value. */
const KINDS = t.type(
  {
    id: t.Int,
    version: t.literal(2),
    live: t.literal(true),
    mode: t.keyof({ fast: null, slow: null }),
    labels: t.record(t.string, t.string),
    counts: t.record(t.string, t.Int),
    lines: t.readonlyArray(t.exact(t.type({ sku: Sku, qty: t.number }))),
    meta: t.intersection([
      t.type({ owner: t.type({ name: t.string }) }),
      t.partial({ note: t.string }),
    ]),
  },
  'Kinds',
);

describe('pact-io-ts kinds', () => {
  it('record(string, X): any key, each value by eachValue with the value rule', () => {
    assert.deepEqual(template(t.record(t.string, t.Int), { a: 3 }), {
      'pact:matcher:type': 'eachValue',
      rules: [MatchersV3.integer(3)],
      value: { a: 3 },
    });
    assert.deepEqual(right(exampleOf(t.record(t.string, t.string))), { key: 'string' });
    assert.deepEqual(right(toJsonSchema(t.record(t.string, t.number))).additionalProperties, {
      type: 'number',
    });
    assert.deepEqual(
      refusedPaths(deriveMatchers(t.type({ m: t.record(t.string, t.type({ a: t.string })) }))),
      ['m'],
    );
  });

  it('Int, number and boolean literals, keyof', () => {
    assert.deepEqual(template(KINDS, undefined), {
      id: MatchersV3.integer(0),
      version: MatchersV3.equal(2),
      live: MatchersV3.equal(true),
      mode: typeAndRegex('^(?:fast|slow)$', 'fast'),
      labels: {
        'pact:matcher:type': 'eachValue',
        rules: [MatchersV3.string('string')],
        value: { key: 'string' },
      },
      counts: {
        'pact:matcher:type': 'eachValue',
        rules: [MatchersV3.integer(0)],
        value: { key: 0 },
      },
      lines: {
        'pact:matcher:type': 'type',
        min: 0,
        value: [
          { sku: typeAndRegex('^[A-Z]{3}-[0-9]{4}$', 'ABC-1234'), qty: MatchersV3.number(0) },
        ],
      },
      meta: { owner: { name: MatchersV3.string('string') } },
    });
  });

  it('a brand of a pattern keeps the pattern; any other brand is refused', () => {
    assert.deepEqual(right(toJsonSchema(Sku)).pattern, SkuPattern.pattern.source);
    interface PositiveBrand {
      readonly Positive: unique symbol;
    }
    const Positive = t.brand(
      t.number,
      (n): n is t.Branded<number, PositiveBrand> => n > 0,
      'Positive',
    );
    assert.deepEqual(refusedPaths(deriveMatchers(t.type({ n: Positive }), { n: 1 })), ['n']);
  });

  it('nested objects and arrays of objects: one path notation in every refusal', () => {
    const codec = t.type({
      a: t.array(t.type({ b: t.array(t.type({ c: t.unknown })) })),
      d: t.record(t.string, t.any),
    });
    const expected = ['a[*].b[*].c', 'd.*'];
    assert.deepEqual(refusedPaths(deriveMatchers(codec)), expected);
    assert.deepEqual(refusedPaths(exampleOf(codec)), expected);
    assert.deepEqual(refusedPaths(toJsonSchema(codec)), expected);
    assert.deepEqual(refusedPaths(describeRules(codec)), expected);
    assert.throws(() => arbitraryOf(codec), /a\[\*\]\.b\[\*\]\.c \(unknown\)/);
  });

  it('refuses loudly what no interpreter can express, naming each path', () => {
    const codec = t.type({
      tuple: t.tuple([t.string, t.number]),
      mixed: t.union([t.string, t.number]),
      keyed: t.record(t.keyof({ a: null }), t.string),
      overlap: t.intersection([t.type({ x: t.string }), t.type({ x: t.string })]),
      recursive: t.recursion('R', () => t.type({ next: t.string })),
    });
    assert.deepEqual(refusedPaths(deriveMatchers(codec)), [
      'tuple',
      'mixed',
      'keyed',
      'overlap',
      'recursive',
    ]);
  });

  it('nullable and unions of object shapes: the matcher takes the branch the example takes', () => {
    const Nullable = t.type({ at: t.union([t.string, t.null]) });
    assert.deepEqual(template(Nullable, { at: null }), { at: MatchersV3.nullValue() });
    assert.deepEqual(template(Nullable, { at: 'x' }), { at: MatchersV3.string('x') });
    const Shape = t.union([
      t.type({ kind: t.literal('a'), a: t.number }),
      t.type({ kind: t.literal('b') }),
    ]);
    assert.deepEqual(template(Shape, { kind: 'b' }), { kind: MatchersV3.equal('b') });
    assert.deepEqual(right(toJsonSchema(Nullable)).properties?.['at'], {
      anyOf: [{ type: 'string' }, { type: 'null' }],
    });
    assert.deepEqual(
      refusedPaths(
        deriveHeaderMatchers(t.type({ 'X-A': t.union([t.string, t.null]) }), { 'X-A': null }),
      ),
      ['X-A'],
    );
  });

  it('arbitraries draw every branch, and only values the codec accepts', () => {
    const codec = t.type({
      at: t.union([t.string, t.null]),
      shape: t.union([t.type({ a: t.number }), t.type({ b: t.string })]),
      opt: t.partial({ o: t.string }),
    });
    const drawn = fc.sample(arbitraryOf(codec), { numRuns: 200, seed: 1 });
    assert.ok(drawn.some((v) => v.at === null) && drawn.some((v) => typeof v.at === 'string'));
    assert.ok(drawn.some((v) => 'a' in v.shape) && drawn.some((v) => 'b' in v.shape));
    assert.ok(drawn.some((v) => 'o' in v.opt) && drawn.some((v) => !('o' in v.opt)));
    for (const broken of fc.sample(brokenArbitraryOf(KINDS), { numRuns: 200, seed: 2 })) {
      const decoded = decode(KINDS)(broken.body);
      assert.ok(
        E.isLeft(decoded) && decoded.left.problems.some((p) => p.path === broken.path),
        broken.path,
      );
    }
  });
});

describe('pact-io-ts: what the random compositions found', () => {
  const Shape = t.union([t.type({ kind: t.literal('a') }), t.type({ kind: t.literal('b') })]);

  it('a union inside t.readonly derives as it does bare', () => {
    const wrapped = t.type({ shape: t.readonly(Shape) });
    assert.deepEqual(template(wrapped, { shape: { kind: 'b' } }), {
      shape: { kind: MatchersV3.equal('b') },
    });
    assert.deepEqual(
      right(branchesOf(wrapped)).map((b) => b.id),
      ['shape: member 1 ({ kind: "a" })', 'shape: member 2 ({ kind: "b" })'],
    );
  });

  it('a record of patterns lists the type and the regex as eachValue rules', () => {
    assert.deepEqual(template(t.record(t.string, SkuPattern), { x: 'ABC-1234' }), {
      'pact:matcher:type': 'eachValue',
      rules: [
        { 'pact:matcher:type': 'type' },
        { 'pact:matcher:type': 'regex', regex: '^[A-Z]{3}-[0-9]{4}$' },
      ],
      value: { x: 'ABC-1234' },
    });
  });

  it('elements of different branches are refused: Pact checks each against one template', () => {
    const codec = t.type({
      shapes: t.array(Shape),
      notes: t.record(t.string, t.union([t.string, t.null])),
    });
    assert.deepEqual(
      refusedPaths(
        deriveMatchers(codec, {
          shapes: [{ kind: 'a' }, { kind: 'b' }],
          notes: { x: null, y: 'y' },
        }),
      ),
      ['shapes', 'notes'],
    );
    assert.ok(
      E.isRight(deriveMatchers(codec, { shapes: [{ kind: 'b' }, { kind: 'b' }], notes: {} })),
    );
  });

  it('a body of null or "" is refused: Pact records it as no body', () => {
    assert.deepEqual(refusedPaths(deriveMatchers(t.union([t.string, t.null]), null)), ['(body)']);
    assert.deepEqual(refusedPaths(deriveMatchers(t.string, '')), ['(body)']);
    assert.ok(E.isRight(deriveMatchers(t.type({ a: t.string }), { a: '' })));
  });

  it('a pattern with flags is refused by every interpreter alike', () => {
    const codec = t.type({ x: pattern('Caseless', /^abc$/i, 'ABC') });
    for (const result of [exampleOf(codec), toJsonSchema(codec), describeRules(codec)]) {
      assert.deepEqual(refusedPaths(result), ['x']);
    }
    assert.throws(
      () => arbitraryOf(codec),
      (e: unknown) =>
        e instanceof Error && refusedPaths(E.left(e.cause as DerivationError)).includes('x'),
    );
  });

  it('decode errors name paths through t.readonly', () => {
    const codec = t.type({ list: t.readonly(t.array(t.readonly(t.keyof({ a: null })))) });
    const decoded = decode(codec)({ list: ['a', 'b'] });
    assert.ok(E.isLeft(decoded));
    assert.deepEqual(
      decoded.left.problems.map((p) => p.path),
      ['list[1]'],
    );
  });

  it("a pattern's meaning, or its brand's, reaches the rules and the JSON Schema", () => {
    const Plain = pattern('Plain', /^[a-z]+$/, 'abc');
    const Branded = brandedPattern<SkuBrand>(SkuPattern, 'Sku', 'a stock-keeping unit');
    const rules = right(describeRules(t.type({ plain: Plain, sku: Sku, branded: Branded })));
    assert.deepEqual(rules, [
      { path: 'plain', rule: 'plain must match the regex ^[a-z]+$', regex: '^[a-z]+$' },
      {
        path: 'sku',
        rule: 'sku must match the regex ^[A-Z]{3}-[0-9]{4}$ (a SKU)',
        regex: '^[A-Z]{3}-[0-9]{4}$',
        meaning: 'a SKU',
      },
      {
        path: 'branded',
        rule: 'branded must match the regex ^[A-Z]{3}-[0-9]{4}$ (a stock-keeping unit)',
        regex: '^[A-Z]{3}-[0-9]{4}$',
        meaning: 'a stock-keeping unit',
      },
    ]);
    assert.deepEqual(right(toJsonSchema(Plain)), {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      title: 'Plain',
      type: 'string',
      pattern: '^[a-z]+$',
    });
    assert.equal(right(toJsonSchema(Branded)).description, 'a stock-keeping unit');
  });
});
