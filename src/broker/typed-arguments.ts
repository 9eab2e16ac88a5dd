/** Reading the options a command was typed with, as the CLI reads them. */

/** Which of `names` an argument is, typed as `--name` or `--name=value`, if any. */
export const optionNamed = (arg: string, names: readonly string[]): string | undefined =>
  names.find((name) => arg === name || arg.startsWith(`${name}=`));

/** Whether one of `names` was typed, as a flag or as `--name value` / `--name=value`. */
export const typedOne = (typed: readonly string[], names: readonly string[]): boolean =>
  typed.some((arg) => optionNamed(arg, names) !== undefined);

/** The value typed for one of `names` (`--name value` or `--name=value`), the last one. */
export const valueOf = (typed: readonly string[], names: readonly string[]): string | undefined =>
  typed.reduce<string | undefined>((found, arg, i) => {
    const name = optionNamed(arg, names);
    if (name === undefined) return found;
    return arg === name ? typed[i + 1] : arg.slice(name.length + 1);
  }, undefined);

/** The arguments without these options (each taking a value) and their values. */
export const without = (typed: readonly string[], names: readonly string[]): string[] =>
  typed.filter(
    (arg, i) => optionNamed(arg, names) === undefined && !names.includes(typed[i - 1] ?? ''),
  );
