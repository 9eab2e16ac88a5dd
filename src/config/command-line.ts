/**
 * How every command of the project reads its command line: node:util's parseArgs, with its
 * complaint (an unknown option, a missing value) as a value, which the command prints with its
 * usage before it exits with 2.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import * as E from 'fp-ts/lib/Either.js';
import { errorMessage } from './errors.js';

/** parseArgs' reading of `config.args`, or what is wrong with them. */
export const parsedCommandLine = <T extends ParseArgsConfig>(
  config: T,
): E.Either<string, ReturnType<typeof parseArgs<T>>> =>
  E.tryCatch(() => parseArgs(config), errorMessage);
