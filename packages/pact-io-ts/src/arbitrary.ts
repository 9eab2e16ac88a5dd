/**
 * Interpreter (`pact-io-ts/arbitrary`, needs fast-check): arbitraries of a
 * codec, so property tests draw exactly the values the codec accepts, every
 * branch of it (optional fields present and absent, null and not, each member
 * of a union); and bodies broken in exactly one place. Every drawn value is
 * decoded before it is handed out: a generator that drifts from its codec
 * fails loudly.
 */
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { branchCoverage, type ExampleUse } from './branches.js';
import { decode } from './decode.js';
import { arbitraryAlgebra, SPOILERS, type ArbitraryOptions } from './draw.js';
import { orThrow } from './error.js';
import {
  alongside,
  interpret,
  type AlgebraOf,
  type At,
  type Beside,
  type Both,
  type Field,
} from './fold.js';
import type { Kind } from './node.js';
import { fieldPath, isRecord, showPath } from './path.js';

/**
 * Values `codec` accepts, in wire (output) form. Throws at once for an
 * unsupported codec: an Error listing every path, its `cause` the DerivationError.
 */
export const arbitraryOf = <C extends t.Mixed>(
  codec: C,
  options: ArbitraryOptions = {},
): fc.Arbitrary<t.OutputOf<C>> => {
  const algebra = arbitraryAlgebra({
    optionalFields: options.optionalFields ?? true,
    unknownFields: options.unknownFields ?? false,
    extraItems: options.extraItems ?? 3,
  });
  return orThrow('arbitraryOf', interpret(algebra)(codec)).map((value) => {
    const decoded = decode(codec)(value);
    if (E.isLeft(decoded)) {
      throw new Error(`arbitraryOf drew an invalid value: ${decoded.left.message}`);
    }
    // The drawn wire value itself (decoded above), not `encode(decoded)`: an
    // exact codec would strip the unknown fields this generator adds on purpose.
    return value as t.OutputOf<C>;
  });
};

/** A value the codec refuses, with the path of the one thing that was broken. */
export interface Broken {
  readonly body: unknown;
  /** Decode-style path (`errors[0].code`, `(body)`) of the broken value. */
  readonly path: string;
  readonly how: string;
}

const CONTRACT_ONLY = arbitraryAlgebra({
  optionalFields: false,
  unknownFields: false,
  extraItems: 2,
});

/** The key a broken record value is put under. */
const BROKEN_KEY = 'key';

/**
 * The decode path of the value broken at codec path `path`: the broken element
 * is always the first (`[*]` is `[0]`), the broken record value is under `key`.
 */
const valuePath = (path: string) =>
  showPath(path.replace(/\[\*\]/g, '[0]').replace(/(^|\.)\*(?=$|[.[])/g, `$1${BROKEN_KEY}`));

const broken = (body: unknown, at: At, how: string): Broken => ({
  body,
  path: valuePath(at.path),
  how,
});

/** JSON values of another type than `kind` accepts. */
const wrongTypes = (kind: Kind): readonly unknown[] => {
  switch (kind) {
    case 'number':
    case 'integer':
      return ['1', true, null, [], {}];
    case 'boolean':
      return ['true', 0, null, [], {}];
    case 'array':
      return ['x', 0, null, {}];
    case 'object':
    case 'record':
    case 'union':
      return ['x', 0, null, []];
    default:
      return [0, true, null, [], {}];
  }
};

const spoilers = Object.values(SPOILERS);

const wrongType = (kind: Kind, at: At) =>
  fc.constantFrom(...wrongTypes(kind)).map((value) => broken(value, at, `not a ${kind}`));

/**
 * A valid string spoiled (or any string) that the codec refuses; where the
 * candidate is still valid (a pattern may accept every string), a value of
 * the wrong type instead. Never a filter that could wait forever.
 */
const spoiled = (
  valid: fc.Arbitrary<string>,
  refuses: (s: string) => boolean,
  at: At,
  how: string,
  wrong: fc.Arbitrary<Broken>,
) =>
  fc
    .tuple(
      fc.oneof(
        fc.tuple(valid, fc.constantFrom(...spoilers)).map(([s, spoil]) => spoil(s)),
        fc.string(),
      ),
      wrong,
    )
    .map(([candidate, wrong]) => (refuses(candidate) ? broken(candidate, at, how) : wrong));

/** Each child: its valid values, and the values broken in one place below it. */
type Breakable = Both<fc.Arbitrary<unknown>, fc.Arbitrary<Broken>>;

/** The breaks of each node, given its valid values (`at.first`) and its children's. */
type BreaksAlgebra = AlgebraOf<Breakable, fc.Arbitrary<Broken>, Beside<fc.Arbitrary<unknown>>>;

/** An object with one required field missing, or one broken; the others valid. */
const objectBreaks = (
  fields: readonly Field<Breakable>[],
  records: fc.Arbitrary<Readonly<Record<string, unknown>>>,
  at: At,
): fc.Arbitrary<Broken> => {
  const required = fields.filter((f) => !f.optional);
  return fc.oneof(
    wrongType('object', at),
    ...required.map((f) =>
      records.map((o) => {
        const { [f.key]: _missing, ...rest } = o;
        return { body: rest, path: valuePath(fieldPath(at.path, f.key)), how: 'missing' };
      }),
    ),
    ...required.map((f) =>
      fc
        .tuple(records, f.value[1])
        .map(([o, bad]) => ({ ...bad, body: { ...o, [f.key]: bad.body } })),
    ),
  );
};

/** An array whose first element is broken, or with too few elements. */
const arrayBreaks = ([valid, brokenElement]: Breakable, min: number, at: At) => {
  const items = fc.array(valid, { minLength: Math.max(1, min), maxLength: Math.max(1, min) + 2 });
  const options = [
    wrongType('array', at),
    fc
      .tuple(items, brokenElement)
      .map(([[, ...rest], bad]) => ({ ...bad, body: [bad.body, ...rest] })),
  ];
  if (min > 0) {
    const tooFew = fc.array(valid, { minLength: min - 1, maxLength: min - 1 });
    options.push(tooFew.map((few) => broken(few, at, `fewer than ${min} items`)));
  }
  return fc.oneof(...options);
};

const breaks = (arbitrary: fc.Arbitrary<Broken>) => E.right<never, fc.Arbitrary<Broken>>(arbitrary);

const breaksAlgebra: BreaksAlgebra = {
  string: (at) => breaks(wrongType('string', at)),
  number: (at) => breaks(wrongType('number', at)),
  integer: (at) => breaks(wrongType('integer', at)),
  boolean: (at) => breaks(wrongType('boolean', at)),
  literal: (value, at) => {
    // A literal `true` or `0` is among the other types' values: never draw it.
    const other = wrongType('literal', at).filter((b) => b.body !== value);
    return breaks(
      typeof value !== 'string'
        ? other
        : spoiled(fc.constant(value), (s) => s !== value, at, 'other value', other),
    );
  },
  enum: (values, at) => {
    const options: readonly unknown[] = values;
    const other = wrongType('enum', at).filter((b) => !options.includes(b.body));
    return breaks(
      spoiled(
        fc.constantFrom(...values.map(String)),
        (s) => !options.includes(s),
        at,
        'no option',
        other,
      ),
    );
  },
  pattern: ({ name, pattern }, at) =>
    breaks(
      spoiled(
        at.first.filter((v): v is string => typeof v === 'string'),
        (s) => !pattern.test(s),
        at,
        `not matching ${name}`,
        wrongType('pattern', at),
      ),
    ),
  array: (element, min, at) => breaks(arrayBreaks(element, min, at)),
  object: (fields, at) => breaks(objectBreaks(fields, at.first.filter(isRecord), at)),
  record: ([, value], at) =>
    breaks(
      fc.oneof(
        wrongType('record', at),
        value.map((bad) => ({ ...bad, body: { [BROKEN_KEY]: bad.body } })),
      ),
    ),
  // null is valid here: only the inner value's other breaks are.
  nullable: ([, inner]) => breaks(inner.filter((b) => b.body !== null)),
  union: (_, at) => breaks(wrongType('union', at)),
};

/**
 * Bodies broken in exactly one place for a contract reason (missing field,
 * wrong JSON type, spoiled literal or pattern, too few items), siblings valid
 * and no optional or unknown fields, so the break is the only reason to refuse.
 * Throws for an unsupported codec, as {@link arbitraryOf} does.
 */
export const brokenArbitraryOf = (codec: t.Mixed): fc.Arbitrary<Broken> =>
  orThrow('brokenArbitraryOf', interpret(alongside(CONTRACT_ONLY, breaksAlgebra))(codec))[1].map(
    (b) => {
      if (E.isRight(decode(codec)(b.body))) {
        throw new Error(`brokenArbitraryOf drew a valid value at ${b.path} (${b.how})`);
      }
      return b;
    },
  );

/**
 * {@link branchCoverage} with the client's tests drawing from {@link arbitraryOf}:
 * `runs` values (default 200) from a fixed `seed`, so the check is repeatable.
 */
export const branchCoverageOf = (
  codec: t.Mixed,
  uses: readonly ExampleUse[],
  { runs = 200, seed = 1 }: { readonly runs?: number; readonly seed?: number } = {},
) => branchCoverage(codec, uses, fc.sample(arbitraryOf(codec), { numRuns: runs, seed }));

export type { ArbitraryOptions };
