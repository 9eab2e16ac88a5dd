/** The pact files in a folder, and what they hold: the local pact source. */
import * as E from 'fp-ts/lib/Either.js';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface PactFileError {
  readonly _tag: 'PactFileError';
  readonly message: string;
}

const pactFileError = (message: string): PactFileError => ({ _tag: 'PactFileError', message });

export interface PactFile {
  readonly path: string;
  readonly interactions: readonly string[];
}

const interactionsIn = (path: string): E.Either<PactFileError, readonly string[]> =>
  E.tryCatch(
    () => {
      const pact: unknown = JSON.parse(readFileSync(path, 'utf8'));
      const list =
        typeof pact === 'object' && pact !== null && 'interactions' in pact
          ? pact.interactions
          : undefined;
      if (!Array.isArray(list)) throw new Error('no "interactions" array');
      return list.map((i: unknown) =>
        typeof i === 'object' && i !== null && 'description' in i ? String(i.description) : '?',
      );
    },
    (error) => pactFileError(`${path}: not a readable pact (${String(error)})`),
  );

/** Every `*.json` pact in `dir`; none at all is an error (nothing would be verified). */
export const pactFilesIn = (dir: string): E.Either<PactFileError, readonly PactFile[]> => {
  const absolute = resolve(dir);
  let names: string[];
  try {
    names = readdirSync(absolute).filter((name) => name.endsWith('.json'));
  } catch {
    return E.left(pactFileError(`${absolute}: cannot read the pact folder`));
  }
  if (names.length === 0) return E.left(pactFileError(`${absolute}: no pact files (*.json)`));
  return E.traverseArray((name: string) => {
    const path = join(absolute, name);
    return E.map((interactions: readonly string[]) => ({ path, interactions }))(
      interactionsIn(path),
    );
  })(names.sort());
};
