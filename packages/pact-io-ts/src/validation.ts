/** Accumulating results: an interpreter reports every unsupported path at once, not the first. */
import * as A from 'fp-ts/lib/Array.js';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { DerivationProblem } from './error.js';

export type Result<A> = E.Either<readonly DerivationProblem[], A>;

const Validation = E.getApplicativeValidation(A.getSemigroup<DerivationProblem>());

/** All results, or every problem of all of them. */
export const all = <A>(results: readonly Result<A>[]): Result<readonly A[]> =>
  pipe(results.map(E.mapLeft((problems) => [...problems])), A.sequence(Validation));

export const fail = <A = never>(problem: DerivationProblem): Result<A> => E.left([problem]);
