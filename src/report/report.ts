/** Reads pact files and renders them into one Markdown report. */
import { readdir } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import * as A from 'fp-ts/lib/Array.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { renderReport } from './markdown.js';
import { readPactFile, type ReportError } from './pact-file.js';

const PROJECT_ROOT = resolve(__dirname, '..', '..');
export const DEFAULT_PACTS_DIR = join(PROJECT_ROOT, 'pacts');
export const DEFAULT_REPORT_FILE = join(PROJECT_ROOT, 'reports', 'contract.md');

/** The `*.json` files of a directory, sorted; Left when there are none. */
export const pactFilesIn = (dir: string): TE.TaskEither<ReportError, readonly string[]> =>
  pipe(
    TE.tryCatch(
      () => readdir(dir),
      (): ReportError => ({
        kind: 'NoPacts',
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
      (): ReportError => ({
        kind: 'NoPacts',
        message: `no pact files (*.json) in ${dir}; run the consumer tests first`,
      }),
    ),
  );

/** Source paths are shown relative to the working directory, so reports do not name machines. */
const shownPath = (file: string): string => {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
};

/** Decodes every file (stopping at the first malformed one) and renders them. */
export const buildReport = (files: readonly string[]): TE.TaskEither<ReportError, string> =>
  pipe(
    [...files],
    A.map((file) =>
      pipe(
        readPactFile(file),
        TE.map((pact) => ({ source: shownPath(file), pact })),
      ),
    ),
    TE.sequenceSeqArray,
    TE.map(renderReport),
  );
