/**
 * Reads pact files and renders them into one Markdown report, closed by the refresh lifecycle
 * the reference provider implements and the demands the contract makes beyond the provider's
 * published OpenAPI.
 */
import { join, relative } from 'node:path';
import * as A from 'fp-ts/lib/Array.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { auditCatalogue, publishedOpenApiIn, renderDemands } from './demands.js';
import { renderLifecycle } from './lifecycle.js';
import { renderReport } from './markdown.js';
import { catalogueMeanings } from './meanings.js';
import { readPactFile, type PactFileError } from '../pact-file/pact-file.js';
import { PROJECT_ROOT, REPORTS_DIR } from '../config/index.js';

export const DEFAULT_REPORT_FILE = join(REPORTS_DIR, 'contract.md');

/** Source paths are shown relative to the working directory, so reports do not name machines. */
const shownPath = (file: string): string => {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
};

/** Decodes every file (stopping at the first malformed one) and renders them. */
export const buildReport = (
  files: readonly string[],
  publishedOpenApi: string = publishedOpenApiIn(PROJECT_ROOT),
): TE.TaskEither<PactFileError, string> =>
  pipe(
    [...files],
    A.map((file) =>
      pipe(
        readPactFile(file),
        TE.map((pact) => ({ source: shownPath(file), pact })),
      ),
    ),
    TE.sequenceSeqArray,
    TE.map((pacts) => renderReport(pacts, catalogueMeanings())),
    TE.flatMap((pacts) =>
      pipe(
        auditCatalogue(publishedOpenApi),
        TE.map(
          (audit) =>
            `${pacts}\n${[...renderLifecycle(), '', ...renderDemands(audit, shownPath(publishedOpenApi))].join('\n')}\n`,
        ),
      ),
    ),
  );
