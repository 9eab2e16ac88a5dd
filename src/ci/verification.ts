/**
 * What a verification leaves for people and for CI, whichever command ran it (`npm start`,
 * `npm run verify`, the live verification): one call after the run, `reportVerification`,
 * reading its typed outcome (src/verify), finished or stopped half way.
 *
 * - Pact's own report, always: `reports/verification/<suite>.txt` (what `--verbose` prints);
 * - JUnit XML on CI or with `--junit`: one test case per interaction (./junit.ts);
 * - with `GITHUB_STEP_SUMMARY`, a section of the job summary: a table state → status, result,
 *   time;
 * - with `GITHUB_ACTIONS=true`, an annotation per failing interaction on its catalogue entry
 *   (contracts/interactions.ts), the mismatch in one line.
 * Every secret of the configuration is masked in all of them (./secrets.ts).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import { CONSUMER_NAME, PROVIDER_NAME } from '../../contracts/index.js';
import { redactUrl } from '../broker/mask.js';
import {
  type Env,
  errorMessage,
  junitRequested,
  pactReportFileFor,
  PROJECT_ROOT,
} from '../config/index.js';
import {
  failedInteractions,
  type InteractionResult,
  type VerificationOutcome,
} from '../verify/results.js';
import { runOf, type VerificationError, type VerificationRun } from '../verify/verify.js';
import { CATALOGUE_PATH, catalogueLines } from './catalogue-source.js';
import { annotate, appendToStepSummary, type Annotation, type CiOutputFailed } from './github.js';
import type { InteractionCase, InteractionSuite, JunitWriteFailed } from './junit.js';
import { interactionCaseName } from './names.js';
import { duration, markdownTable, markdownText } from './markdown.js';
import { maskedFor } from './secrets.js';

export interface VerificationCommand {
  /** Names its files: `reports/junit/<suite>.node<major>.xml`, `reports/verification/<suite>.txt`. */
  readonly suite: string;
  /** How the summary names it: `npm run verify`. */
  readonly command: string;
}

export interface ReportContext {
  readonly env: Env;
  readonly argv: readonly string[];
  readonly startedAt: Date;
}

/** What was written, paths from the project's root. */
export interface WrittenReports {
  readonly pactReport?: string;
  readonly junit?: string;
  readonly summary?: string;
  readonly annotations: number;
}

export type ReportFailed = CiOutputFailed | JunitWriteFailed;

/** The lines that say where a run's reports went, for the command to print. */
export const writtenLines = ({ pactReport, junit }: WrittenReports): string[] => [
  ...(pactReport === undefined ? [] : [`Pact's report: ${pactReport}`]),
  ...(junit === undefined ? [] : [`JUnit: ${junit}`]),
];

type Result = E.Either<VerificationError, VerificationRun>;

/** The run with every secret masked and the provider URL's password hidden. */
const maskedRun = (run: VerificationRun, mask: (text: string) => string): VerificationRun => ({
  providerUrl: mask(redactUrl(run.providerUrl)),
  pactReport: mask(run.pactReport),
  outcome: {
    passed: run.outcome.passed,
    interactions: run.outcome.interactions.map((i) => ({
      ...i,
      mismatches: i.mismatches.map(mask),
      ...(i.notVerified === undefined ? {} : { notVerified: mask(i.notVerified) }),
    })),
  },
});

const caseOf = (i: InteractionResult): InteractionCase => ({
  description: i.description,
  providerStates: i.providerStates,
  durationMs: i.durationMs ?? 0,
  className: `${i.consumer ?? CONSUMER_NAME} → ${PROVIDER_NAME}`,
  outcome:
    i.notVerified !== undefined
      ? { _tag: 'Skipped', reason: `not verified: ${i.notVerified}` }
      : i.passed
        ? { _tag: 'Passed' }
        : i.pending
          ? { _tag: 'Skipped', reason: `pending, failed: ${i.mismatches.join('\n')}` }
          : { _tag: 'Failed', mismatches: i.mismatches },
});

const junitSuite = (
  { suite, command }: VerificationCommand,
  run: VerificationRun | undefined,
  error: string | undefined,
  startedAt: Date,
): InteractionSuite => ({
  suite,
  name: `Pact verification of ${PROVIDER_NAME} (${command})`,
  startedAt,
  cases: run?.outcome.interactions.map(caseOf) ??
    // A run that never started is one failed case, not an empty, green suite.
    [
      {
        description: 'the verification',
        providerStates: [],
        durationMs: 0,
        outcome: { _tag: 'Failed', mismatches: [error ?? 'did not run'] },
      },
    ],
});

const statusOf = (i: InteractionResult): string =>
  i.notVerified !== undefined
    ? '⏹️ not verified'
    : i.passed
      ? '✅ passed'
      : i.pending
        ? '⚠️ failed (pending)'
        : '❌ failed';

const headline = ({ outcome, providerUrl }: VerificationRun, error: string | undefined): string => {
  const failed = failedInteractions(outcome).filter((i) => !i.pending).length;
  const count = outcome.interactions.length;
  if (error !== undefined) return `❌ **The run stopped:** ${markdownText(error)}`;
  return outcome.passed
    ? `✅ **${count} interactions verified** against ${markdownText(providerUrl)}`
    : `❌ **${failed} of ${count} interactions failed** against ${markdownText(providerUrl)}`;
};

/** The job summary's section: the answer, then a table state → status, result, time. */
const summarySection = (
  { command }: VerificationCommand,
  run: VerificationRun | undefined,
  error: string | undefined,
): string[] => [
  `### Pact verification: \`${command}\``,
  '',
  run === undefined
    ? `❌ **The verification did not run:** ${markdownText(error ?? '')}`
    : headline(run, error),
  ...(run === undefined || run.outcome.interactions.length === 0
    ? []
    : [
        '',
        ...markdownTable(
          ['Provider state', 'Interaction', 'Status', 'Result', 'Time'],
          run.outcome.interactions.map((i) => [
            i.providerStates.join(' and ') || '(none)',
            i.description,
            statusOf(i),
            i.notVerified ?? (i.passed ? 'as expected' : i.mismatches.join('; ')),
            i.durationMs === undefined ? '' : duration(i.durationMs),
          ]),
        ),
      ]),
];

/** An interaction of this project's consumer is declared in the catalogue. */
const declaredHere = (i: InteractionResult): boolean =>
  i.consumer === undefined || i.consumer === CONSUMER_NAME;

/** One annotation per failing interaction, on its catalogue line when it is declared there. */
const verificationAnnotations = (
  { command }: VerificationCommand,
  outcome: VerificationOutcome | undefined,
  error: string | undefined,
  lines: ReadonlyMap<string, number>,
): Annotation[] => {
  if (outcome === undefined)
    return [
      { level: 'error', title: `${command}: the verification did not run`, message: error ?? '' },
    ];
  return failedInteractions(outcome).map((i) => {
    const line = declaredHere(i) ? lines.get(i.description) : undefined;
    return {
      level: i.pending ? 'warning' : 'error',
      title: `Pact verification failed${i.pending ? ' (pending)' : ''}: ${i.description}`,
      message: `${interactionCaseName(i)}: ${i.mismatches.join('; ')}`,
      ...(line === undefined ? {} : { file: CATALOGUE_PATH, line }),
    };
  });
};

const writePactReport = (suite: string, run: VerificationRun | undefined) => {
  if (run === undefined) return TE.right(undefined);
  const file = pactReportFileFor(suite);
  return TE.tryCatch(
    async () => {
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, stripVTControlCharacters(run.pactReport));
      return file;
    },
    (e): CiOutputFailed => ({
      _tag: 'CiOutputFailed',
      message: `cannot write Pact's report ${file}: ${errorMessage(e)}`,
    }),
  );
};

/** junit-report-builder is loaded only when JUnit is asked for (35 ms a run otherwise). */
const writeJunit = (suite: InteractionSuite): TE.TaskEither<JunitWriteFailed, string> =>
  pipe(
    TE.fromTask(() => import('./junit.js')),
    TE.flatMap(({ writeInteractionsJunit }) => writeInteractionsJunit(suite)),
  );

/** A file in the project as a path from its root (what people and CI steps name), else whole. */
const fromRoot = (file: string): string => {
  const inProject = relative(PROJECT_ROOT, file);
  return inProject.startsWith('..') || isAbsolute(inProject) ? file : inProject;
};

/** Writes everything a verification leaves (see above) and says where. */
export const reportVerification = (
  command: VerificationCommand,
  result: Result,
  { env, argv, startedAt }: ReportContext,
): TE.TaskEither<ReportFailed, WrittenReports> => {
  const mask = maskedFor(env);
  const soFar = runOf(result);
  const run = soFar === undefined ? undefined : maskedRun(soFar, mask);
  const error = E.isLeft(result) ? mask(result.left.message) : undefined;
  const failed = run === undefined ? [] : failedInteractions(run.outcome);
  return pipe(
    TE.Do,
    TE.bindW('pactReport', () => writePactReport(command.suite, run)),
    TE.bindW('junit', () =>
      junitRequested(env, argv)
        ? writeJunit(junitSuite(command, run, error, startedAt))
        : TE.right(undefined),
    ),
    TE.bindW('summary', () => appendToStepSummary(env, summarySection(command, run, error))),
    TE.bindW('lines', () => TE.fromTask(catalogueLines(failed.map((i) => i.description)))),
    TE.bindW('annotations', ({ lines }) =>
      annotate(env, verificationAnnotations(command, run?.outcome, error, lines)),
    ),
    TE.map(({ pactReport, junit, summary, annotations }) => ({
      ...(pactReport === undefined ? {} : { pactReport: fromRoot(pactReport) }),
      ...(junit === undefined ? {} : { junit: fromRoot(junit) }),
      ...(summary === undefined ? {} : { summary }),
      annotations,
    })),
  );
};
