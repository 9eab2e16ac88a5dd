/**
 * Interpreter: the rules a codec enforces, in plain words, one per path
 * ("token_type must equal Bearer"), for reports read by people who do not read
 * io-ts. Array elements are shown as `[*]`: the rule holds for every element.
 */
import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import type { DerivationError } from './error.js';
import { interpret, type Algebra, type At } from './fold.js';
import { fieldPath, showPath } from './path.js';

export interface Rule {
  /** Field path, `errors[*].code` style; `(body)` for the whole value. */
  readonly path: string;
  /** The rule as a sentence: "token_type must equal Bearer". */
  readonly rule: string;
  /** A pattern's regex (its source, as a pact carries it), for a reader to show in its own way. */
  readonly regex?: string;
  /** What the regex means, in plain words, when the pattern states it. */
  readonly meaning?: string;
}

/** How a sentence shows a value and a regex: bare in plain text, as code in Markdown. */
export interface Shown {
  readonly value: (value: unknown) => string;
  readonly regex: (regex: string) => string;
}

/**
 * The words for each rule: one vocabulary for every sentence that says what a
 * value must be, here and in any report built on a pact (`wordsWith` its own
 * way of showing values).
 */
export const wordsWith = (show: Shown) =>
  ({
    string: 'must be a string',
    number: 'must be a number',
    integer: 'must be an integer',
    boolean: 'must be true or false',
    object: 'must be an object',
    null: 'must be null',
    equal: (value: unknown) => `must equal ${show.value(value)}`,
    oneOf: (values: readonly unknown[]) =>
      `must be one of ${values.map((v) => show.value(v)).join(', ')}`,
    match: (regex: string, meaning?: string) =>
      `must match the regex ${show.regex(regex)}${meaning === undefined ? '' : ` (${meaning})`}`,
    array: (min: number) =>
      `must be ${
        min === 0
          ? 'an array (possibly empty)'
          : `an array of at least ${min} item${min === 1 ? '' : 's'}`
      }`,
    optional: 'is optional: not part of the contract (Pact cannot say "may be absent")',
    record: 'must be an object with any keys, each value as below',
    nullable: 'may be null; when it is not:',
    union: (count: number) => `must be one of ${count} object shapes, each as below`,
  }) as const;

/** The vocabulary in plain text. */
const words = wordsWith({ value: String, regex: (regex) => regex });

const rule = (at: At, text: string): Rule => ({
  path: showPath(at.path),
  rule: `${showPath(at.path)} ${text}`,
});

const oneRule = (at: At, text: string) => E.right([rule(at, text)]);

const rulesAlgebra: Algebra<readonly Rule[]> = {
  string: (at) => oneRule(at, words.string),
  number: (at) => oneRule(at, words.number),
  integer: (at) => oneRule(at, words.integer),
  boolean: (at) => oneRule(at, words.boolean),
  literal: (value, at) => oneRule(at, words.equal(value)),
  enum: (values, at) => oneRule(at, words.oneOf(values)),
  pattern: ({ pattern, meaning }, at) =>
    E.right([
      {
        ...rule(at, words.match(pattern.source, meaning)),
        regex: pattern.source,
        ...(meaning === undefined ? {} : { meaning }),
      },
    ]),
  array: (element, min, at) => E.right([rule(at, words.array(min)), ...element]),
  object: (fields, at) =>
    E.right([
      ...(at.path === '' ? [] : [rule(at, words.object)]),
      ...fields.flatMap((f) =>
        f.optional ? [rule({ ...at, path: fieldPath(at.path, f.key) }, words.optional)] : f.value,
      ),
    ]),
  record: (value, at) => E.right([rule(at, words.record), ...value]),
  nullable: (inner, at) => E.right([rule(at, words.nullable), ...inner]),
  union: ({ members }, at) =>
    E.right([rule(at, words.union(members.length)), ...members.flatMap((m) => m.value)]),
};

/** Every rule `codec` enforces, in plain words, in field order. */
export const describeRules = (codec: t.Mixed): E.Either<DerivationError, readonly Rule[]> =>
  interpret(rulesAlgebra)(codec);
