/** Where the pacts are, and the pact files there. */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipe } from 'fp-ts/lib/function.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { CONSUMER_NAME, PROVIDER_NAME } from '../../contracts/index.js';

/** The pacts directory, relative to the project root (the working directory of npm scripts). */
export const PACTS_DIR = 'pacts';

/**
 * The project's root: the nearest folder above this file with a package.json. (Not a fixed
 * number of levels: `npm start` runs this file compiled, from node_modules/.cache/.)
 */
const projectRootAbove = (dir: string): string =>
  existsSync(join(dir, 'package.json')) || dirname(dir) === dir
    ? dir
    : projectRootAbove(dirname(dir));
export const PROJECT_ROOT = projectRootAbove(__dirname);

/** The file this project's consumer records its pact into, as Pact names it. */
export const PACT_FILE_NAME = `${CONSUMER_NAME}-${PROVIDER_NAME}.json`;

/** The pacts directory as an absolute path, for commands run from anywhere. */
export const PROJECT_PACTS_DIR = join(PROJECT_ROOT, PACTS_DIR);

export interface NoPacts {
  readonly _tag: 'NoPacts';
  readonly message: string;
}

/** The `*.json` files of a directory, sorted, with their directory; Left when there are none. */
export const pactFilesIn = (dir: string): TE.TaskEither<NoPacts, readonly string[]> =>
  pipe(
    TE.tryCatch(
      () => readdir(dir),
      (): NoPacts => ({
        _tag: 'NoPacts',
        message: `cannot read the pacts directory ${dir}; run the consumer tests first`,
      }),
    ),
    TE.map((names) =>
      names
        .filter((n) => n.endsWith('.json'))
        .sort()
        .map((n) => join(dir, n)),
    ),
    TE.filterOrElse(
      (files) => files.length > 0,
      (): NoPacts => ({
        _tag: 'NoPacts',
        message: `no pact files (*.json) in ${dir}; run the consumer tests first`,
      }),
    ),
  );
