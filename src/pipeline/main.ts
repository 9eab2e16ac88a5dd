/**
 * `npm start`: the whole pipeline on the embedded default, each stage timed.
 *   consumer pact tests -> pact written -> reference provider started ->
 *   verification -> summary
 * The pact is recorded into reports/pacts/ and verified there; pacts/ is left as committed, and
 * a recording that differs from it is one line of the summary naming `npm run pact:update`.
 * Pact's own report of the verification is kept in reports/verification/start.txt, and
 * printed with `--verbose`; `--junit` (or CI) writes its JUnit XML, and on GitHub Actions the
 * job summary and annotations are written too (src/ci/verification.ts).
 * Exits non-zero when any stage fails (2: an unknown argument).
 */
import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import Mocha from 'mocha';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startProvider, type RunningProvider } from '../provider/index.js';
import {
  errorMessage,
  flagsGiven,
  flagsUsage,
  JUNIT_FLAG,
  pactFilesIn,
  PROJECT_PACTS_DIR,
  PROJECT_ROOT,
  PROVIDER_TIMEOUT_VARIABLE,
  RECORDED_PACTS_DIR,
  RECORDED_PACTS_VARIABLE,
  timeoutMsFrom,
} from '../config/index.js';
import { reportVerification, writtenLines, type VerificationCommand } from '../ci/verification.js';
import { readPactFile } from '../pact-file/pact-file.js';
import { failedInteractions } from '../verify/results.js';
import { embeddedStateChange } from '../verify/state-change.js';
import { summaryLines } from '../verify/summary.js';
import {
  runOf,
  verifyProviderAt,
  type VerificationError,
  type VerificationRun,
} from '../verify/verify.js';
import { formatReport, runStage, stage, type StageReport } from './stage.js';

const FLAGS = ['--verbose', JUNIT_FLAG] as const;
const USAGE = flagsUsage('npm start', FLAGS);
const COMMAND: VerificationCommand = { suite: 'start', command: 'npm start' };

type VerificationResult = E.Either<VerificationError, VerificationRun>;

const CONSUMER_TESTS_DIR = join('test', 'consumer');

/**
 * Runs the consumer Pact tests (every `*.pact.test.ts` in test/consumer) in
 * this process, recording into reports/pacts/: a child process would pay for node, tsx
 * and loading Pact a second time (about 1 s of the stage).
 */
const consumerTests = stage<undefined, undefined>('consumer pact tests', () => async () => {
  rmSync(RECORDED_PACTS_DIR, { recursive: true, force: true });
  process.env[RECORDED_PACTS_VARIABLE] = RECORDED_PACTS_DIR;
  const mocha = new Mocha({ reporter: Mocha.reporters.Base, timeout: 30_000 });
  for (const name of readdirSync(CONSUMER_TESTS_DIR).filter((f) => f.endsWith('.pact.test.ts'))) {
    mocha.addFile(join(CONSUMER_TESTS_DIR, name));
  }
  await mocha.loadFilesAsync();
  let passing = 0;
  const failed: string[] = [];
  const failures = await new Promise<number>((resolve) => {
    mocha
      .run(resolve)
      .on('pass', () => (passing += 1))
      .on('fail', (test, error: Error) => failed.push(`${test.fullTitle()}: ${error.message}`));
  });
  return failures === 0 && passing > 0
    ? E.right({ value: undefined, detail: `${passing} tests passed` })
    : E.left(`${failures} consumer pact tests failed, ${passing} passed\n${failed.join('\n')}`);
});

/** A file as the user finds it: from the project's root when it is in it. */
const shown = (file: string): string => {
  const path = relative(PROJECT_ROOT, file);
  return path.startsWith('..') ? file : path;
};

/** One line when a recorded pact differs from the committed one of its name (or it has none). */
const driftLines = (files: readonly string[]): string[] => {
  const differing = files.filter((file) => {
    const committed = join(PROJECT_PACTS_DIR, basename(file));
    return !existsSync(committed) || readFileSync(committed, 'utf8') !== readFileSync(file, 'utf8');
  });
  return differing.length === 0
    ? []
    : [
        `pacts/ differs from this recording (${differing.map(shown).join(', ')}) and was left as committed: review the change, then npm run pact:update`,
      ];
};

const pactWritten = stage<undefined, readonly string[]>('pact written', () =>
  pipe(
    pactFilesIn(RECORDED_PACTS_DIR),
    TE.flatMap((files) =>
      TE.sequenceSeqArray(
        files.map((file) =>
          pipe(
            readPactFile(file),
            TE.map((pact) => ({ file, pact })),
          ),
        ),
      ),
    ),
    TE.mapLeft((error) => error.message),
    TE.map((read) => ({
      value: read.map(({ file }) => file),
      detail: read
        .map(({ file, pact }) => `${shown(file)} (${pact.interactions.length} interactions)`)
        .join(', '),
    })),
  ),
);

const providerStarted = stage<undefined, RunningProvider>('reference provider started', () =>
  pipe(
    TE.tryCatch(
      () => startProvider({}),
      (error) => `the reference provider did not start: ${errorMessage(error)}`,
    ),
    TE.map((provider) => ({ value: provider, detail: `${provider.url} (in-memory SQLite)` })),
  ),
);

/** The stage's one line: how many were verified, or what failed. */
const verdictOf = (result: VerificationResult): E.Either<string, string> => {
  if (E.isLeft(result)) return E.left(result.left.message);
  const { interactions, passed } = result.right.outcome;
  const failed = failedInteractions(result.right.outcome).filter((i) => !i.pending).length;
  return passed
    ? E.right(`${interactions.length} interactions verified`)
    : E.left(`${failed} of ${interactions.length} interactions failed`);
};

/** The verification; its result goes to `verified` whether it passed, failed or stopped. */
const verification = (verbose: boolean, verified: (result: VerificationResult) => void) =>
  stage<RunningProvider, VerificationRun>('verification', (provider) =>
    pipe(
      TE.fromEither(timeoutMsFrom(process.env, PROVIDER_TIMEOUT_VARIABLE)),
      TE.mapLeft(({ variable, why }) => `${variable}: ${why}`),
      TE.flatMapTask(
        (timeoutMs) => () =>
          verifyProviderAt({
            providerUrl: provider.url,
            pacts: { _tag: 'Files', dir: RECORDED_PACTS_DIR },
            stateChange: embeddedStateChange(provider.services),
            // Pact's errors only: its report is kept apart.
            logLevel: 'error',
            name: 'the embedded provider',
            timeoutMs,
          })(),
      ),
      TE.flatMapEither((result) => {
        verified(result);
        const run = runOf(result);
        if (verbose && run !== undefined) process.stdout.write(run.pactReport);
        return pipe(
          verdictOf(result),
          E.flatMap((detail) =>
            E.isRight(result) ? E.right({ value: result.right, detail }) : E.left(detail),
          ),
        );
      }),
    ),
  );

/** The summary of the verification, and where its reports went (or why they did not). */
const verificationSummary = async (
  result: VerificationResult,
  startedAt: Date,
): Promise<{ readonly lines: string[]; readonly written: boolean }> => {
  const run = runOf(result);
  const written = await reportVerification(COMMAND, result, {
    env: process.env,
    argv: process.argv.slice(2),
    startedAt,
  })();
  const files = E.isRight(written) ? writtenLines(written.right) : [written.left.message];
  return {
    lines: [...(run === undefined ? [] : summaryLines(run)), ...files],
    written: E.isRight(written),
  };
};

const main = async (): Promise<number> => {
  const flags = flagsGiven(process.argv.slice(2), FLAGS);
  if (E.isLeft(flags)) {
    console.error(`start: ${flags.left}\n${USAGE}`);
    return 2;
  }
  const started = performance.now();
  const startedAt = new Date();
  const report = (r: StageReport) => console.log(formatReport(r));
  const finish = (code: number, summary: string[]) => {
    console.log('');
    for (const line of summary) console.log(line);
    console.log(`total ${((performance.now() - started) / 1000).toFixed(2)} s`);
    return code;
  };

  const tested = await runStage(consumerTests, report)(undefined);
  if (E.isLeft(tested)) return finish(1, ['pipeline failed at: consumer pact tests']);
  const pacts = await runStage(pactWritten, report)(undefined);
  if (E.isLeft(pacts)) return finish(1, ['pipeline failed at: pact written']);
  const provider = await runStage(providerStarted, report)(undefined);
  if (E.isLeft(provider)) return finish(1, ['pipeline failed at: reference provider started']);
  let result: VerificationResult | undefined;
  const verified = await runStage(
    verification(flags.right('--verbose'), (r) => (result = r)),
    report,
  )(provider.right);
  await provider.right.close();
  const summary =
    result === undefined
      ? { lines: [], written: true }
      : await verificationSummary(result, startedAt);
  const drift = driftLines(pacts.right);
  if (E.isLeft(verified))
    return finish(1, ['summary:', ...summary.lines, ...drift, 'pipeline failed at: verification']);
  return finish(summary.written ? 0 : 1, ['summary:', ...summary.lines, ...drift]);
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // One line, not a stack trace: the stages report everything expected.
    console.error(`start: unexpected failure: ${errorMessage(error)}`);
    process.exit(1);
  },
);
