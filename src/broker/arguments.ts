/**
 * The checks of a broker command's arguments, made once, where the argument is used: the
 * command line passes its text through, the commands and the local broker check it.
 */
import * as E from 'fp-ts/lib/Either.js';
import { invalidArgument, type BrokerError } from './errors.js';

export const nonEmpty = (name: string, value: string): E.Either<BrokerError, string> =>
  value.trim() === '' ? E.left(invalidArgument(`${name} must not be empty`)) : E.right(value);

/** A whole number, given as a number or as the text typed on a command line. */
export const wholeNumber = (
  name: string,
  value: number | string,
  range: { readonly min: number; readonly max?: number; readonly unit?: string },
): E.Either<BrokerError, number> => {
  const n = typeof value === 'number' ? value : /^\d+$/.test(value) ? Number(value) : NaN;
  const { min, max = Number.MAX_SAFE_INTEGER, unit = '' } = range;
  return Number.isInteger(n) && n >= min && n <= max
    ? E.right(n)
    : E.left(
        invalidArgument(
          `${name} must be a whole number${unit} ${max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`}, got ${value}`,
        ),
      );
};
