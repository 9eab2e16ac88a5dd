/**
 * `npm start`: the whole pipeline on the embedded default, each stage timed.
 *   consumer pact tests -> pact written -> reference provider started ->
 *   verification -> summary
 * Exits non-zero when any stage fails.
 */
import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startProvider, type RunningProvider } from '../provider/index.js';
import {
  pactFilesIn,
  PACTS_DIR,
  PROVIDER_TIMEOUT_VARIABLE,
  timeoutMsFrom,
} from '../config/index.js';
import { readPactFile, type PactFile } from '../pact-file/pact-file.js';
import { embeddedStateHandlers } from '../verify/state-handlers.js';
import { summaryLines } from '../verify/summary.js';
import { verifyProviderAt, type VerificationRun } from '../verify/verify.js';
import { formatReport, runStage, stage, type StageReport } from './stage.js';

const CONSUMER_TESTS_DIR = join('test', 'consumer');

/**
 * Runs the consumer Pact tests (every `*.pact.test.ts` in test/consumer) in
 * this process, recording into pacts/: a child process would pay for node, tsx
 * and loading Pact a second time (about 1 s of the stage).
 */
const consumerTests = stage<undefined, undefined>('consumer pact tests', () => async () => {
  process.env['UPDATE_PACTS'] = 'true';
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

const pactWritten = stage<undefined, readonly PactFile[]>('pact written', () =>
  pipe(
    pactFilesIn(PACTS_DIR),
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
      value: read.map(({ pact }) => pact),
      detail: read
        .map(({ file, pact }) => `${file} (${pact.interactions.length} interactions)`)
        .join(', '),
    })),
  ),
);

const providerStarted = stage<undefined, RunningProvider>('reference provider started', () =>
  pipe(
    TE.tryCatch(
      () => startProvider({}),
      (error) => `the reference provider did not start: ${String(error)}`,
    ),
    TE.map((provider) => ({ value: provider, detail: `${provider.url} (in-memory SQLite)` })),
  ),
);

const verification = stage<RunningProvider, VerificationRun>('verification', (provider) =>
  pipe(
    TE.fromEither(timeoutMsFrom(process.env, PROVIDER_TIMEOUT_VARIABLE)),
    TE.mapLeft(({ variable, why }) => `${variable}: ${why}`),
    TE.flatMap((timeoutMs) =>
      pipe(
        verifyProviderAt(
          provider.url,
          { _tag: 'Files', dir: PACTS_DIR },
          { stateHandlers: embeddedStateHandlers(provider.services) },
          'error',
          { name: 'the embedded provider', timeoutMs },
        ),
        TE.mapLeft((error) => error.message),
      ),
    ),
    TE.flatMap((run) =>
      run.outcome.passed
        ? TE.right({
            value: run,
            detail: `${run.outcome.interactions.length} interactions verified`,
          })
        : TE.left(summaryLines(run).join('\n')),
    ),
  ),
);

const main = async (): Promise<number> => {
  const started = performance.now();
  const reports: StageReport[] = [];
  const report = (r: StageReport) => {
    reports.push(r);
    console.log(formatReport(r));
  };
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
  const verified = await runStage(verification, report)(provider.right);
  await provider.right.close();
  if (E.isLeft(verified)) return finish(1, ['pipeline failed at: verification']);
  return finish(0, ['summary:', ...summaryLines(verified.right)]);
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // One line, not a stack trace: the stages report everything expected.
    console.error(
      `pipeline: unexpected failure: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  },
);
