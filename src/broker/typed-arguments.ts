/**
 * The few options of `pact broker <command>` this project reads, read by node:util's parseArgs:
 * `strict: false`, so that every other option passes through as typed, with `tokens`, so that
 * each keeps its index in what was typed (where a default goes in, or a name is replaced).
 */
import { parseArgs } from 'node:util';

/**
 * The options read, by the CLI's names and short forms. A valued option takes the next word
 * (if it is another option, a value left out, the CLI stops at the missing value itself).
 */
const OPTIONS = {
  pacticipant: { type: 'string', short: 'a' },
  version: { type: 'string', short: 'e' },
  branch: { type: 'string' },
  tag: { type: 'string' },
  latest: { type: 'boolean', short: 'l' },
  'main-branch': { type: 'boolean' },
  'auto-detect-version-properties': { type: 'boolean', short: 'r' },
  name: { type: 'string' },
  output: { type: 'string', short: 'o' },
  'retry-while-unknown': { type: 'string' },
  'retry-interval': { type: 'string' },
} as const;
export type OptionRead = keyof typeof OPTIONS;

/**
 * The options typed (or those of `names`) in order, none after `--`: name (`version` for `-e`),
 * as typed, index, value (`--name=value`, inline, or the next word), index after its words.
 */
export const optionsTyped = (typed: readonly string[], names?: readonly OptionRead[]) => {
  const read = { options: OPTIONS, strict: false, allowPositionals: true, tokens: true } as const;
  const { tokens } = parseArgs({ ...read, args: [...typed] });
  return tokens.flatMap((token, i) => {
    if (token.kind !== 'option' || names?.some((name) => name === token.name) === false) return [];
    const { name, rawName, index, inlineValue } = token;
    const next = tokens[i + 1];
    // `--latest [TAG]`: its TAG, if any, is the next word.
    const tag = name === 'latest' && next?.kind === 'positional' ? next.value : undefined;
    const end = index + (inlineValue === false || tag !== undefined ? 2 : 1);
    return [{ name, rawName, index, value: token.value ?? tag, inline: inlineValue === true, end }];
  });
};

/** The value typed for `name`, the last one. */
export const valueOf = (typed: readonly string[], name: OptionRead): string | undefined =>
  optionsTyped(typed, [name]).at(-1)?.value;

/** The arguments without these options and their values. */
export const without = (typed: readonly string[], names: readonly OptionRead[]): string[] => {
  const dropped = optionsTyped(typed, names);
  return typed.filter((_, i) => !dropped.some(({ index, end }) => index <= i && i < end));
};
