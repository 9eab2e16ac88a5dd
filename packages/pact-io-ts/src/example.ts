/**
 * Interpreter: a canonical valid example of a codec, built from the codec
 * alone (pattern examples, first enum option, minimum array length), so a
 * contract can be written without hand-made fixtures. The result is decoded
 * with the codec before it is returned: an example that does not decode is a bug.
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import { decode } from './decode.js';
import { derivationError, invalidExample, problem, type DerivationError } from './error.js';
import { elementPath, fieldPath, nodeOf } from './schema.js';
import { all, fail, type Result } from './validation.js';

/** Example of `codec` at `path`, not yet checked by decoding. */
export const exampleAt = (codec: t.Mixed, path: string): Result<unknown> => {
  const node = nodeOf(codec);
  switch (node.kind) {
    case 'string':
      return E.right('string');
    case 'number':
    case 'integer':
      return E.right(0);
    case 'boolean':
      return E.right(true);
    case 'literal':
      return E.right(node.value);
    case 'enum':
      return E.right(node.values[0]);
    case 'pattern':
      return E.right(node.codec.example);
    case 'array':
      return pipe(
        exampleAt(node.element, elementPath(path)),
        E.map((element) => Array.from({ length: Math.max(1, node.min) }, () => element)),
      );
    case 'object':
      // Optional (partial) fields are left out: the example shows what is always there.
      return pipe(
        all(
          node.required.map(([key, field]) =>
            pipe(
              exampleAt(field, fieldPath(path, key)),
              E.map((value) => [key, value] as const),
            ),
          ),
        ),
        E.map((entries) => Object.fromEntries(entries)),
      );
    case 'unsupported':
      return fail(problem(path, codec.name, node.reason));
  }
};

/** A valid example of `codec` in its wire (output) form. */
export const exampleOf = <C extends t.Mixed>(codec: C): E.Either<DerivationError, t.OutputOf<C>> =>
  pipe(
    exampleAt(codec, ''),
    E.mapLeft((problems) => derivationError(codec.name, problems)),
    E.chain((example) => pipe(decode(codec)(example), E.mapLeft(invalidExample))),
    E.map((decoded) => codec.encode(decoded)),
  );
