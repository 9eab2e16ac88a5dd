/**
 * Adopting a compatible published spec: our copy (contracts/openapi/) replaced by the part of
 * the published document this project keeps (fragment.ts), formatted as the repository's
 * Prettier settings say, written atomically (a temporary file beside it, then a rename).
 */
import { rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';
import * as prettier from 'prettier';
import * as TE from 'fp-ts/lib/TaskEither.js';
import type { OpenApiDocument } from './source.js';
import { errorMessage } from '../config/index.js';

export interface AdoptFailed {
  readonly _tag: 'AdoptFailed';
  readonly message: string;
}

export const writeCopy = (
  file: string,
  fragment: OpenApiDocument,
): TE.TaskEither<AdoptFailed, void> =>
  TE.tryCatch(
    async () => {
      const options = (await prettier.resolveConfig(file)) ?? {};
      const text = await prettier.format(JSON.stringify(fragment, null, 2), {
        ...options,
        filepath: file,
      });
      const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
      try {
        await writeFile(temporary, text, 'utf8');
        await rename(temporary, file);
      } finally {
        await rm(temporary, { force: true });
      }
    },
    (error): AdoptFailed => ({
      _tag: 'AdoptFailed',
      message: `cannot write ${file}: ${errorMessage(error)}`,
    }),
  );
