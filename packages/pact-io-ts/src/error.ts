/** Why a codec could not be interpreted, with every problem naming its path and codec. */
import * as E from 'fp-ts/lib/Either.js';
import type { DecodeError } from './decode.js';
import { showPath } from './path.js';

export interface DerivationProblem {
  /** Field path in the codec, e.g. `errors[0].source`; `(body)` for the root. */
  readonly path: string;
  /** Name of the codec at that path. */
  readonly codec: string;
  readonly reason: string;
}

export interface DerivationError {
  readonly _tag: 'DerivationError';
  /** Name of the codec that was being interpreted. */
  readonly codec: string;
  readonly problems: readonly DerivationProblem[];
  readonly message: string;
}

export const problem = (path: string, codec: string, reason: string): DerivationProblem => ({
  path: showPath(path),
  codec,
  reason,
});

export const derivationError = (
  codec: string,
  problems: readonly DerivationProblem[],
): DerivationError => ({
  _tag: 'DerivationError',
  codec,
  problems,
  message: `${codec}: ${problems.map((p) => `${p.path} (${p.codec}): ${p.reason}`).join('; ')}`,
});

/** An example the codec refuses: each decode problem becomes a derivation problem. */
export const invalidExample = (error: DecodeError): DerivationError =>
  derivationError(
    error.codec,
    error.problems.map((p) => ({
      path: p.path,
      codec: p.expected,
      reason: `the example is invalid: expected ${p.expected}, got ${p.actual}`,
    })),
  );

/**
 * The value of `result`, for the functions used at test-definition time
 * (`matchersFor`, `arbitraryOf`...): a DerivationError is thrown as an Error
 * whose message lists every problem and whose `cause` is the DerivationError.
 */
export const orThrow = <A>(what: string, result: E.Either<DerivationError, A>): A => {
  if (E.isLeft(result)) throw new Error(`${what}: ${result.left.message}`, { cause: result.left });
  return result.right;
};
