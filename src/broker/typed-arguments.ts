/** Reading the options a command was typed with, as the CLI reads them. */

/** Whether one of `names` was typed, as a flag or as `--name value` / `--name=value`. */
export const typedOne = (typed: readonly string[], names: readonly string[]): boolean =>
  typed.some((arg) => names.some((name) => arg === name || arg.startsWith(`${name}=`)));

/** The value typed for one of `names` (`--name value` or `--name=value`), the last one. */
export const valueOf = (typed: readonly string[], names: readonly string[]): string | undefined =>
  typed.reduce<string | undefined>((found, arg, i) => {
    const name = names.find((n) => arg === n || arg.startsWith(`${n}=`));
    if (name === undefined) return found;
    return arg === name ? typed[i + 1] : arg.slice(name.length + 1);
  }, undefined);
