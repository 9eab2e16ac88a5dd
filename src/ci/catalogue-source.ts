/**
 * Where an interaction is declared: the line of its `description` in the catalogue's source
 * (contracts/interactions.ts), read from the file as it is, so an annotation points at the
 * entry to look at however the catalogue is edited.
 */
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import * as T from 'fp-ts/lib/Task.js';
import { PROJECT_ROOT } from '../config/index.js';

/** The catalogue's source file, and its path from the repository's root. */
const CATALOGUE_FILE = join(PROJECT_ROOT, 'contracts', 'interactions.ts');
export const CATALOGUE_PATH = relative(PROJECT_ROOT, CATALOGUE_FILE);

const regexText = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The ways TypeScript writes the text as a string literal (Prettier picks the quotes). */
const literals = (text: string): string[] => {
  const escaped = text.replace(/\\/g, '\\\\');
  return [
    `'${escaped.replace(/'/g, "\\'")}'`,
    `"${escaped.replace(/"/g, '\\"')}"`,
    `\`${escaped.replace(/`/g, '\\`').replace(/\$\{/g, '\\${')}\``,
  ];
};

/** The 1-based line of `description: '<description>'` in the source, if it is there. */
const descriptionLine = (source: string, description: string): number | undefined => {
  const pattern = new RegExp(
    `\\bdescription:\\s*(?:${literals(description).map(regexText).join('|')})`,
  );
  const found = pattern.exec(source);
  if (found === null) return undefined;
  const literalAt = found.index + found[0].length - 1;
  return source.slice(0, literalAt).split('\n').length;
};

/** The catalogue's lines of these descriptions (none when the file cannot be read). */
export const catalogueLines =
  (descriptions: readonly string[]): T.Task<ReadonlyMap<string, number>> =>
  async () => {
    const source = await readFile(CATALOGUE_FILE, 'utf8').catch(() => '');
    return new Map(
      descriptions.flatMap((description) => {
        const line = descriptionLine(source, description);
        return line === undefined ? [] : [[description, line] as const];
      }),
    );
  };
