/**
 * Interpreter: a canonical valid example of a codec, built from the codec
 * alone (pattern examples, first enum option, minimum array length, first
 * union member, not null), so a contract can be written without hand-made
 * fixtures. The result is decoded with the codec before it is returned: an
 * example that does not decode is a bug.
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type * as t from 'io-ts';
import { decode } from './decode.js';
import { invalidExample, type DerivationError } from './error.js';
import { interpret, type Algebra } from './fold.js';

const right = <A>(a: A) => E.right<never, A>(a);

export const exampleAlgebra: Algebra<unknown> = {
  string: () => right('string'),
  number: () => right(0),
  integer: () => right(0),
  boolean: () => right(true),
  literal: (value) => right(value),
  enum: (values) => right(values[0]),
  pattern: (pattern) => right(pattern.example),
  array: (element, min) => right(Array.from({ length: Math.max(1, min) }, () => element)),
  // Optional (partial) fields are left out: the example shows what is always there.
  object: (fields) =>
    right(Object.fromEntries(fields.filter((f) => !f.optional).map((f) => [f.key, f.value]))),
  record: (value) => right({ key: value }),
  nullable: (inner) => right(inner),
  union: (union) => right(union.members[0].value),
};

/** `example` if the codec accepts it, else a DerivationError naming every invalid path. */
export const checked = (codec: t.Mixed, example: unknown): E.Either<DerivationError, unknown> =>
  pipe(
    decode(codec)(example),
    E.bimap(invalidExample, () => example),
  );

/** A valid example of `codec` in its wire (output) form. */
export const exampleOf = <C extends t.Mixed>(codec: C): E.Either<DerivationError, t.OutputOf<C>> =>
  pipe(
    interpret(exampleAlgebra)(codec),
    E.flatMap((example) => pipe(decode(codec)(example), E.mapLeft(invalidExample))),
    E.map((decoded) => codec.encode(decoded)),
  );
