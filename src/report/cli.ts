/**
 * `npm run report [-- FILE...] [--out reports/contract.md]`: renders the given pact files, or
 * every pact in pacts/, into a Markdown report. Exit 2 with a clear message when a file is
 * missing or is not a valid V4 pact.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import {
  errorMessage,
  pactFilesIn,
  parsedCommandLine,
  PROJECT_PACTS_DIR,
} from '../config/index.js';
import type { PactFileError } from '../pact-file/pact-file.js';
import { buildReport, DEFAULT_REPORT_FILE } from './report.js';

const USAGE = 'usage: npm run report [-- FILE...] [--out FILE]';

export const main = async (
  argv: readonly string[],
): Promise<{ message: string; exitCode: number }> => {
  const parsed = parsedCommandLine(
    { args: [...argv], options: { out: { type: 'string' } }, allowPositionals: true },
    USAGE,
  );
  if (E.isLeft(parsed)) return { message: `report: ${parsed.left}\n${USAGE}`, exitCode: 2 };
  const { values, positionals } = parsed.right;
  const out = resolve(values.out ?? DEFAULT_REPORT_FILE);
  const files: TE.TaskEither<PactFileError, readonly string[]> =
    positionals.length > 0
      ? TE.right(positionals.map((f) => resolve(f)))
      : pactFilesIn(PROJECT_PACTS_DIR);
  const result = await pipe(
    files,
    TE.flatMap((fs) =>
      pipe(
        buildReport(fs),
        TE.flatMap((markdown) =>
          TE.tryCatch(
            async () => {
              await mkdir(dirname(out), { recursive: true });
              await writeFile(out, markdown);
              return fs.length;
            },
            (e): PactFileError => ({
              _tag: 'ReadFailed',
              file: out,
              message: `cannot write ${out}: ${errorMessage(e)}`,
            }),
          ),
        ),
      ),
    ),
  )();
  return E.isLeft(result)
    ? { message: `report: ${result.left.message}`, exitCode: 2 }
    : {
        message: `wrote ${out} (${result.right} pact${result.right === 1 ? '' : 's'})`,
        exitCode: 0,
      };
};

if (require.main === module) {
  void main(process.argv.slice(2)).then(({ message, exitCode }) => {
    (exitCode === 0 ? process.stdout : process.stderr).write(`${message}\n`);
    process.exitCode = exitCode;
  });
}
