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

export type Flag = `--${string}`;

/**
 * For a command whose arguments are all optional on/off flags: which of them were given, or
 * every argument it does not know, as typed (parseArgs' strict mode would name only the first).
 */
export const flagsGiven = <F extends Flag>(
  args: readonly string[],
  flags: readonly F[],
): E.Either<string, (flag: F) => boolean> => {
  const names: readonly string[] = flags.map((flag) => flag.slice(2));
  const { values, tokens } = parseArgs({
    args: [...args],
    options: Object.fromEntries(names.map((name) => [name, { type: 'boolean' as const }])),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const unknown = tokens.flatMap((token) => {
    if (token.kind === 'positional') return [token.value];
    return token.kind === 'option' && !names.includes(token.name) ? [token.rawName] : [];
  });
  return unknown.length > 0
    ? E.left(`unknown argument ${unknown.join(' ')}`)
    : E.right((flag: F) => values[flag.slice(2)] === true);
};

/** The usage line of a command whose arguments are all optional flags. */
export const flagsUsage = (command: string, flags: readonly Flag[]): string =>
  `usage: ${command} [-- ${flags.join(' ')}] (each optional)`;
