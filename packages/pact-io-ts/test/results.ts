/** Reading derivation results in the package's tests. */
import assert from 'node:assert/strict';
import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import {
  deriveMatchers,
  type DerivationError,
  type DeriveOptions,
  type Template,
} from '../src/index.js';

export const right = <A>(result: E.Either<DerivationError, A>): A => {
  if (E.isLeft(result)) return assert.fail(result.left.message);
  return result.right;
};

export const left = <A>(result: E.Either<DerivationError, A>): DerivationError => {
  if (E.isRight(result))
    return assert.fail(`expected a DerivationError, got ${JSON.stringify(result.right)}`);
  return result.left;
};

export const template = (codec: t.Mixed, example?: unknown, options?: DeriveOptions): Template =>
  right(deriveMatchers(codec, example, options));

/** Asserts one problem names `path` and `codec`; returns the error message. */
export const refusedAt = (error: DerivationError, path: string, codec: string): string => {
  assert.ok(
    error.problems.some((p) => p.path === path && p.codec.startsWith(codec)),
    `no problem at ${path} (${codec}) in: ${error.message}`,
  );
  return error.message;
};

/**
 * The Pact JSON the derivation must give, written out here rather than built
 * with the package's own helpers: a string matched by type AND a regex.
 */
export const typeAndRegex = (regex: string, value: string) => ({
  'pact:matcher:type': [{ 'pact:matcher:type': 'type' }, { 'pact:matcher:type': 'regex', regex }],
  value,
});

/** An array matched by type, at least `min` elements, showing `shown`. */
export const arrayOf = (min: number, ...shown: readonly unknown[]) => ({
  'pact:matcher:type': 'type',
  min,
  value: shown,
});
