/**
 * What fast-check draws from a codec, for the two entry points that draw
 * (`pact-io-ts/arbitrary`, `pact-io-ts/mutants`): the arbitraries interpreter,
 * values the codec allows at every node, and the ways a valid string is
 * commonly spoiled.
 */
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { refuse, type Algebra, type At } from './fold.js';
import type { Pattern } from './primitives.js';

export interface ArbitraryOptions {
  /** Draw `partial` fields too (sometimes present, sometimes not). Default true. */
  readonly optionalFields?: boolean;
  /** Add fields no codec declares, at every object level. Default false. */
  readonly unknownFields?: boolean;
  /** Largest number of extra elements an array or record gets above its minimum. Default 3. */
  readonly extraItems?: number;
}

const unknownValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 2 }),
);

const right = <A>(a: A) => E.right<never, A>(a);

/** Strings matching a pattern; a regex fast-check cannot read (lookbehind...) is refused. */
const stringsMatching = ({ pattern }: Pattern, at: At) => {
  try {
    return right(fc.stringMatching(pattern));
  } catch (error) {
    return refuse<fc.Arbitrary<string>>(
      at,
      `fast-check cannot draw strings matching /${pattern.source}/: ${String(error)}`,
    );
  }
};

/** The arbitraries interpreter. */
export const arbitraryAlgebra = (
  options: Required<ArbitraryOptions>,
): Algebra<fc.Arbitrary<unknown>> => ({
  string: () => right(fc.string({ unit: 'grapheme' })),
  // JSON has no NaN, Infinity or -0.
  number: () =>
    right(fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (n === 0 ? 0 : n))),
  integer: () => right(fc.integer()),
  boolean: () => right(fc.boolean()),
  literal: (value) => right(fc.constant(value)),
  enum: (values) => right(fc.constantFrom(...values)),
  pattern: stringsMatching,
  array: (element, min) =>
    right(fc.array(element, { minLength: min, maxLength: min + options.extraItems })),
  object: (fields) => {
    const known = new Set(fields.map((f) => f.key));
    const record = (optional: boolean) =>
      Object.fromEntries(
        fields.filter((f) => f.optional === optional).map((f) => [f.key, f.value]),
      );
    const required = fc.record(record(false));
    const optional = options.optionalFields
      ? fc.record(record(true), { requiredKeys: [] })
      : fc.constant({});
    const unknown = options.unknownFields
      ? fc.dictionary(
          fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !known.has(k)),
          unknownValue,
          { maxKeys: 3 },
        )
      : fc.constant({});
    // Declared fields last, so an unknown key can never shadow one.
    return right(
      fc
        .tuple(unknown, optional, required)
        .map(([extra, opt, req]) => ({ ...extra, ...opt, ...req })),
    );
  },
  record: (value) => right(fc.dictionary(fc.string(), value, { maxKeys: options.extraItems })),
  nullable: (inner) => right(fc.option(inner, { nil: null })),
  union: ({ members }) => right(fc.oneof(...members.map((m) => m.value))),
});

/**
 * Ways a valid string is commonly spoiled: spacing, case, emptiness, stray
 * characters; named, for the mutants that name each.
 */
export const SPOILERS: Readonly<Record<string, (s: string) => string>> = {
  empty: () => '',
  'leading-space': (s) => ` ${s}`,
  'trailing-space': (s) => `${s} `,
  'doubled-space': (s) => s.replace(' ', '  '),
  'trailing-newline': (s) => `${s}\n`,
  'stray-quote': (s) => `${s}"`,
  'lower-case': (s) => s.toLowerCase(),
  'upper-case': (s) => s.toUpperCase(),
};
