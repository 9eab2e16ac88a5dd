/**
 * Random io-ts codecs, composed freely from every combinator the README lists,
 * as a user might write them: a plain-data description of the tree (a `Spec`,
 * printed when a property fails) drawn by fast-check, and the codec it builds.
 * A few codecs no interpreter can express (`t.unknown`, a tuple, a predicate...)
 * are mixed in, anywhere in a tree, for the refusals.
 */
import fc from 'fast-check';
import * as t from 'io-ts';
import { brandedPattern, pattern, minItems } from '../src/index.js';

type Literal = string | number | boolean;
type Fields = readonly (readonly [string, Spec])[];

export type Spec =
  | { readonly k: 'string' | 'number' | 'Int' | 'boolean' }
  | { readonly k: 'literal'; readonly value: Literal }
  | { readonly k: 'keyof'; readonly keys: readonly string[] }
  | { readonly k: 'literals'; readonly values: readonly Literal[] }
  | { readonly k: 'pattern' | 'brandedPattern'; readonly index: number }
  | { readonly k: 'refused'; readonly index: number }
  | {
      readonly k: 'array' | 'readonlyArray' | 'record' | 'nullable' | 'readonly';
      readonly of: Spec;
    }
  | { readonly k: 'minItems'; readonly of: Spec; readonly min: number }
  /** `t.exact` takes a codec with props: a `t.type` or a `t.partial`. */
  | {
      readonly k: 'exact';
      readonly of: { readonly k: 'type' | 'partial'; readonly fields: Fields };
    }
  | ObjectSpec
  | { readonly k: 'union'; readonly members: readonly Spec[] };

type ObjectSpec =
  | { readonly k: 'type' | 'strict' | 'partial'; readonly fields: Fields }
  | { readonly k: 'intersection'; readonly members: readonly [ObjectSpec, ObjectSpec] };

/** Regexes both JavaScript and Rust read alike, with an example and, for some, a meaning. */
const PATTERNS: readonly (readonly [RegExp, string, string | undefined])[] = [
  [/^[A-Z]{3}-[0-9]{4}$/, 'ABC-1234', 'a SKU: three capitals, a dash, 4 digits'],
  [/^[a-z]+(?: [a-z]+)*$/, 'a b', undefined],
  [/^[\s\S]+$/, 'x', 'a non-empty string'],
  [/^[0-9a-f]{8}$/, 'deadbeef', undefined],
  [/^(?:GET|POST)$/, 'GET', 'an HTTP method'],
  [/^[^\s]*$/, '', 'no white space, possibly empty'],
];

interface BrandOfPattern {
  readonly BrandOfPattern: unique symbol;
}

const patternAt = (index: number) => {
  const [regex, example, meaning] = PATTERNS[index % PATTERNS.length] ?? PATTERNS[0] ?? [];
  return pattern(`Pattern${index}`, regex ?? /^$/, example ?? '', meaning);
};

/** Codecs no interpreter can express, each refused with its path. */
const REFUSED: readonly (() => t.Mixed)[] = [
  () => t.unknown,
  () => t.null,
  () => t.tuple([t.string, t.number]),
  () => t.union([t.string, t.number]),
  () => t.refinement(t.number, (n) => n > 0, 'Positive'),
  () => t.record(t.keyof({ a: null }), t.string),
  () => pattern('Caseless', /^abc$/i, 'ABC', 'abc in any case'),
  // A codec of its own: io-ts renames what the definition returns.
  () => t.recursion('Recursive', () => t.type({ next: t.string })),
  () =>
    new t.Type<string, string, unknown>(
      'Trimmed',
      t.string.is,
      (u, c) => (typeof u === 'string' ? t.success(u.trim()) : t.failure(u, c)),
      (s) => s,
    ),
];

const literalCodec = (value: Literal) => t.literal(value);

/** The codec a spec describes. */
export const build = (spec: Spec): t.Mixed => {
  switch (spec.k) {
    case 'string':
      return t.string;
    case 'number':
      return t.number;
    case 'Int':
      return t.Int;
    case 'boolean':
      return t.boolean;
    case 'literal':
      return literalCodec(spec.value);
    case 'keyof':
      return t.keyof(Object.fromEntries(spec.keys.map((k) => [k, null])));
    case 'literals': {
      const [a, b, ...rest] = spec.values.map(literalCodec);
      return a === undefined || b === undefined ? t.string : t.union([a, b, ...rest]);
    }
    case 'pattern':
      return patternAt(spec.index);
    case 'brandedPattern':
      return brandedPattern<BrandOfPattern>(
        patternAt(spec.index),
        'BrandOfPattern',
        spec.index % 2 === 0 ? 'a branded value' : undefined,
      );
    case 'refused':
      return (REFUSED[spec.index % REFUSED.length] ?? REFUSED[0] ?? (() => t.unknown))();
    default:
      return buildComposite(spec);
  }
};

const buildComposite = (spec: Spec): t.Mixed => {
  switch (spec.k) {
    case 'array':
      return t.array(build(spec.of));
    case 'readonlyArray':
      return t.readonlyArray(build(spec.of));
    case 'minItems':
      return minItems(build(spec.of), spec.min);
    case 'record':
      return t.record(t.string, build(spec.of));
    case 'nullable':
      return t.union([build(spec.of), t.null]);
    case 'readonly':
      return t.readonly(build(spec.of));
    case 'exact':
      return t.exact(
        spec.of.k === 'type' ? t.type(props(spec.of.fields)) : t.partial(props(spec.of.fields)),
      );
    case 'union': {
      const [a, b, ...rest] = spec.members.map(build);
      return a === undefined
        ? t.string
        : b === undefined
          ? t.union([a, t.null])
          : t.union([a, b, ...rest]);
    }
    default:
      return isObjectSpec(spec) ? buildObject(spec) : t.unknown;
  }
};

const isObjectSpec = (spec: Spec): spec is ObjectSpec =>
  spec.k === 'type' || spec.k === 'strict' || spec.k === 'partial' || spec.k === 'intersection';

const props = (fields: Fields): t.Props =>
  Object.fromEntries(fields.map(([key, spec]) => [key, build(spec)]));

const buildObject = (spec: ObjectSpec): t.Mixed => {
  switch (spec.k) {
    case 'type':
      return t.type(props(spec.fields));
    case 'strict':
      return t.strict(props(spec.fields));
    case 'partial':
      return t.partial(props(spec.fields));
    case 'intersection':
      return t.intersection([buildObject(spec.members[0]), buildObject(spec.members[1])]);
  }
};

/** How deep a spec nests: 1 for a leaf. */
export const depthOf = (spec: Spec): number => {
  if ('of' in spec) return 1 + depthOf(spec.of);
  if ('fields' in spec) return 1 + Math.max(0, ...spec.fields.map(([, s]) => depthOf(s)));
  if ('members' in spec) return 1 + Math.max(0, ...spec.members.map(depthOf));
  return 1;
};

/** Which combinators a spec uses. */
export const kindsOf = (spec: Spec): readonly string[] => {
  if ('of' in spec) return [spec.k, ...kindsOf(spec.of)];
  if ('fields' in spec) return [spec.k, ...spec.fields.flatMap(([, s]) => kindsOf(s))];
  if ('members' in spec) return [spec.k, ...spec.members.flatMap(kindsOf)];
  return [spec.k];
};

const KEYS = ['a', 'b', 'c', 'id', 'kind', 'x.y'] as const;
const LITERALS: readonly Literal[] = ['open', 'x y', '', 'a.b', 0, 1, -2.5, true, false];
const KEYOF = ['open', 'shipped', 'a.b', '(x)', 'c|d', ''] as const;

/** Leaves of string values, in a body or in headers. */
const keyofs = fc
  .uniqueArray(fc.constantFrom(...KEYOF), { minLength: 1, maxLength: 3 })
  .map((keys): Spec => ({ k: 'keyof', keys }));
const patterns = fc.nat(PATTERNS.length - 1).map((index): Spec => ({ k: 'pattern', index }));
const brandedPatterns = fc
  .nat(PATTERNS.length - 1)
  .map((index): Spec => ({ k: 'brandedPattern', index }));

const leaf: fc.Arbitrary<Spec> = fc.oneof(
  fc.constantFrom<Spec>({ k: 'string' }, { k: 'number' }, { k: 'Int' }, { k: 'boolean' }),
  fc.constantFrom(...LITERALS).map((value): Spec => ({ k: 'literal', value })),
  keyofs,
  fc
    .uniqueArray(fc.constantFrom(...LITERALS), { minLength: 2, maxLength: 4 })
    .map((values): Spec => ({ k: 'literals', values })),
  patterns,
  brandedPatterns,
);

/** Codec trees from every combinator, nested `maxDepth` deep at most; `refused` in about 1 of 40 leaves. */
export const specs = (maxDepth: number): fc.Arbitrary<Spec> =>
  fc.letrec<{ spec: Spec; object: ObjectSpec }>((tie) => {
    const spec = tie('spec');
    const object = tie('object');
    const fields = fc.uniqueArray(fc.tuple(fc.constantFrom(...KEYS), spec), {
      minLength: 1,
      maxLength: 3,
      selector: ([key]) => key,
    });
    const wrap = (k: 'array' | 'readonlyArray' | 'record' | 'nullable' | 'readonly') =>
      spec.map((of): Spec => ({ k, of }));
    return {
      spec: fc.oneof(
        { maxDepth, depthIdentifier: 'codec', depthSize: 'small' },
        { arbitrary: leaf, weight: 8 },
        {
          arbitrary: fc.nat(REFUSED.length - 1).map((index): Spec => ({ k: 'refused', index })),
          weight: 1,
        },
        { arbitrary: wrap('array'), weight: 2 },
        { arbitrary: wrap('readonlyArray'), weight: 1 },
        {
          arbitrary: fc
            .tuple(spec, fc.nat(3))
            .map(([of, min]): Spec => ({ k: 'minItems', of, min })),
          weight: 2,
        },
        { arbitrary: wrap('record'), weight: 2 },
        { arbitrary: wrap('nullable'), weight: 3 },
        { arbitrary: wrap('readonly'), weight: 2 },
        {
          arbitrary: fc
            .tuple(fc.constantFrom('type' as const, 'partial' as const), fields)
            .map(([k, f]): Spec => ({ k: 'exact', of: { k, fields: f } })),
          weight: 1,
        },
        { arbitrary: object, weight: 5 },
        {
          arbitrary: fc
            .array(object, { minLength: 2, maxLength: 3 })
            .map((members): Spec => ({ k: 'union', members })),
          weight: 3,
        },
        {
          arbitrary: fc
            .array(spec, { minLength: 2, maxLength: 3 })
            .map((members): Spec => ({ k: 'union', members })),
          weight: 1,
        },
      ),
      object: fc.oneof(
        { maxDepth, depthIdentifier: 'codec', depthSize: 'small' },
        fields.map((f): ObjectSpec => ({ k: 'type', fields: f })),
        fields.map((f): ObjectSpec => ({ k: 'strict', fields: f })),
        fields.map((f): ObjectSpec => ({ k: 'partial', fields: f })),
        fc.tuple(fields, fields).map(([required, optional]): ObjectSpec => ({
          k: 'intersection',
          members: [
            { k: 'type', fields: required },
            { k: 'partial', fields: optional },
          ],
        })),
        // Two objects of any kind: they may declare a key twice.
        fc.tuple(object, object).map((members): ObjectSpec => ({ k: 'intersection', members })),
      ),
    };
  }).spec;

/** Header codecs: an object of string leaves, as a request's or a response's headers. */
export const headerSpecs: fc.Arbitrary<Spec> = fc
  .uniqueArray(
    fc.tuple(
      fc.constantFrom('Content-Type', 'X-Request-Id', 'Retry-After', 'Accept'),
      fc.oneof(
        fc.constant<Spec>({ k: 'string' }),
        patterns,
        brandedPatterns,
        fc
          .constantFrom('application/json', 'no-cache')
          .map((value): Spec => ({ k: 'literal', value })),
        keyofs,
        leaf.map((of): Spec => ({ k: 'readonly', of })),
      ),
    ),
    { minLength: 1, maxLength: 3, selector: ([key]) => key },
  )
  .map((fields): Spec => ({ k: 'type', fields }));
