/** Accumulating results: an interpreter reports every unsupported path at once, not the first. */
import * as E from 'fp-ts/lib/Either.js';
import * as RA from 'fp-ts/lib/ReadonlyArray.js';
import * as RNEA from 'fp-ts/lib/ReadonlyNonEmptyArray.js';
import type { DerivationProblem } from './error.js';

export type Result<A> = E.Either<readonly DerivationProblem[], A>;

const Validation = E.getApplicativeValidation(RA.getSemigroup<DerivationProblem>());

/** All results, or every problem of all of them. */
export const all: <A>(results: readonly Result<A>[]) => Result<readonly A[]> =
  RA.sequence(Validation);

/** {@link all}, for a non-empty list. */
export const allOf: <A>(
  results: RNEA.ReadonlyNonEmptyArray<Result<A>>,
) => Result<RNEA.ReadonlyNonEmptyArray<A>> = RNEA.sequence(Validation);

export const fail = <A = never>(problem: DerivationProblem): Result<A> => E.left([problem]);
