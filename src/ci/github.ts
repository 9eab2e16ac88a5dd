/**
 * GitHub Actions' two ways to show a run beyond its log: the job summary, Markdown appended to
 * the file `GITHUB_STEP_SUMMARY` names, and annotations, workflow commands on stdout
 * (`::error file=…,line=…::message`) that GitHub pins to a line of a file. The commands go
 * through @actions/core, GitHub's own toolkit, which escapes them as the runner reads them
 * (`%`, CR and LF in the message; those and `:` and `,` in a property).
 */
import { appendFile } from 'node:fs/promises';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { type Env, errorMessage, read } from '../config/index.js';

const STEP_SUMMARY_VARIABLE = 'GITHUB_STEP_SUMMARY';

/** Annotations are written when GitHub Actions runs the command (it sets `GITHUB_ACTIONS=true`). */
export const annotationsRequested = (env: Env): boolean => read(env, 'GITHUB_ACTIONS') === 'true';

/** The job summary's file, when there is one. */
export const stepSummaryFile = (env: Env): string | undefined => read(env, STEP_SUMMARY_VARIABLE);

export interface CiOutputFailed {
  readonly _tag: 'CiOutputFailed';
  readonly message: string;
}

const failed =
  (what: string) =>
  (error: unknown): CiOutputFailed => ({
    _tag: 'CiOutputFailed',
    message: `cannot write ${what}: ${errorMessage(error)}`,
  });

/** Appends a section (Markdown, ending with a blank line) to the job summary, if there is one. */
export const appendToStepSummary = (
  env: Env,
  section: readonly string[],
): TE.TaskEither<CiOutputFailed, string | undefined> => {
  const file = stepSummaryFile(env);
  if (file === undefined) return TE.right(undefined);
  return TE.tryCatch(
    async () => {
      await appendFile(file, `${section.join('\n')}\n\n`);
      return file;
    },
    failed(`the job summary ${STEP_SUMMARY_VARIABLE}=${file}`),
  );
};

/** One annotation: a message in one line, pinned to a line of a file when there is one. */
export interface Annotation {
  readonly level: 'error' | 'warning';
  readonly title: string;
  readonly message: string;
  /** Relative to the repository's root, as GitHub reads it. */
  readonly file?: string;
  readonly line?: number;
}

/** Text in one line: line breaks and runs of spaces become one space. */
export const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** Writes the annotations (on stdout, as GitHub reads them) when GitHub Actions runs this. */
export const annotate = (
  env: Env,
  annotations: readonly Annotation[],
): TE.TaskEither<CiOutputFailed, number> =>
  !annotationsRequested(env) || annotations.length === 0
    ? TE.right(0)
    : TE.tryCatch(async () => {
        // Loaded only here: an ES module, and nothing else needs it.
        const core = await import('@actions/core');
        for (const { level, title, message, file, line } of annotations) {
          core[level](oneLine(message), {
            title: oneLine(title),
            ...(file === undefined ? {} : { file }),
            ...(line === undefined ? {} : { startLine: line }),
          });
        }
        return annotations.length;
      }, failed('the annotations'));
