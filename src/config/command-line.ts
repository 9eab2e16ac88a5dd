/**
 * How every command of the project reads its command line: node:util's parseArgs, with its
 * complaint (an unknown option, a missing value) as a value, which the command prints with its
 * usage before it exits with 2; `--help` (or `-h`) prints the usage on stdout and exits 0
 * (docs/commands.md).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import * as E from 'fp-ts/lib/Either.js';
import { errorMessage } from './errors.js';

/** `--help` or `-h` among the arguments, before a `--` (after it, words are a command's own). */
export const helpAsked = (args: readonly string[]): boolean => {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
};

/**
 * An entry point's answer to `--help`: its usage on stdout, exit 0, before anything else is read
 * (a variable, a broker, a file). It ends the process: call it from a command's own main only.
 */
export const exitWithUsageIfAsked = (args: readonly string[], usage: string): void => {
  if (!helpAsked(args)) return;
  process.stdout.write(`${usage}\n`);
  process.exit(0);
};

/**
 * parseArgs' reading of `config.args`, or what is wrong with them. Given the command's usage (an
 * entry point's own command line), `--help` prints it and exits 0 first.
 */
export const parsedCommandLine = <T extends ParseArgsConfig>(
  config: T,
  usage?: string,
): E.Either<string, ReturnType<typeof parseArgs<T>>> => {
  if (usage !== undefined) exitWithUsageIfAsked(config.args ?? [], usage);
  return E.tryCatch(() => parseArgs(config), errorMessage);
};

export type Flag = `--${string}`;

/** How the user typed the running command: the npm script npm ran, or the file node ran. */
export const commandTyped = (env: NodeJS.ProcessEnv = process.env): string => {
  const script = env['npm_lifecycle_event'];
  if (script === undefined || script === '') return `node ${process.argv[1] ?? ''}`;
  return script === 'start' || script === 'test' ? `npm ${script}` : `npm run ${script}`;
};

/**
 * For an entry point whose arguments are all optional on/off flags: which of them were given, or
 * every argument it does not know, as typed (parseArgs' strict mode would name only the first);
 * `--help` prints its usage (flagsUsage, the command as typed) and exits 0.
 */
export const flagsGiven = <F extends Flag>(
  args: readonly string[],
  flags: readonly F[],
): E.Either<string, (flag: F) => boolean> => {
  exitWithUsageIfAsked(args, flagsUsage(commandTyped(), flags));
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
