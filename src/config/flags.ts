/**
 * A command's on/off flags (`--verbose`), read with node:util's parseArgs, and every argument it
 * does not know: the command prints them with its usage and exits 2.
 */
import { parseArgs } from 'node:util';

export type Flag = `--${string}`;

export interface Flags<F extends Flag> {
  readonly given: (flag: F) => boolean;
  /** Unknown options and stray words, as typed. */
  readonly unknown: readonly string[];
}

export const readFlags = <F extends Flag>(
  args: readonly string[],
  flags: readonly F[],
): Flags<F> => {
  const names: readonly string[] = flags.map((flag) => flag.slice(2));
  const { values, tokens } = parseArgs({
    args: [...args],
    options: Object.fromEntries(names.map((name) => [name, { type: 'boolean' as const }])),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  return {
    given: (flag) => values[flag.slice(2)] === true,
    unknown: tokens.flatMap((token) => {
      if (token.kind === 'positional') return [token.value];
      return token.kind === 'option' && !names.includes(token.name) ? [token.rawName] : [];
    }),
  };
};

/** The usage line of a command whose arguments are all optional flags. */
export const flagsUsage = (command: string, flags: readonly Flag[]): string =>
  `usage: ${command} [-- ${flags.join(' ')}] (each optional)`;
