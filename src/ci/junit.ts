/**
 * JUnit XML for runs that are not mocha's (a verification, say): one test case per
 * interaction, named by its description and provider states, with its time and, when it
 * failed, its mismatch lines. Built with junit-report-builder; written where
 * src/config/reports.ts says, as mocha's files are.
 *
 * One file holds one suite, `<testsuite>` at the root, as Ant and Maven Surefire write it:
 * junit-report-builder's `<testsuites>` root carries a `skipped` count that Jenkins' JUnit
 * schema (test/support/junit-10.xsd) does not define.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as TE from 'fp-ts/lib/TaskEither.js';
import junit from 'junit-report-builder';
import { errorMessage, junitFileFor } from '../config/index.js';
import { interactionCaseName } from './names.js';

/** How one interaction ended. A pending interaction that failed is `Skipped`, with the reason. */
export type InteractionOutcome =
  | { readonly _tag: 'Passed' }
  | { readonly _tag: 'Failed'; readonly mismatches: readonly string[] }
  | { readonly _tag: 'Skipped'; readonly reason: string };

export interface InteractionCase {
  readonly description: string;
  /** The provider states' names, in the pact's order. */
  readonly providerStates: readonly string[];
  readonly durationMs: number;
  readonly outcome: InteractionOutcome;
  /** How CI groups it (`classname`), e.g. `token-refresh-client → spendesk-public-api`; default: the suite's name. */
  readonly className?: string;
}

export interface InteractionSuite {
  /** The file's name: `reports/junit/<suite>.node<major>.xml` (e.g. `verify`). */
  readonly suite: string;
  /** The suite as CI shows it, e.g. `token-refresh-client → spendesk-public-api`. */
  readonly name: string;
  readonly startedAt: Date;
  readonly cases: readonly InteractionCase[];
}

export interface JunitWriteFailed {
  readonly _tag: 'JunitWriteFailed';
  readonly file: string;
  readonly message: string;
}

/** Seconds with at most three decimals: the schema's time pattern (Surefire's) allows no more. */
const seconds = (ms: number): number => Math.round(Math.max(0, ms)) / 1000;

const addCase = (suite: ReturnType<typeof junit.testSuite>, name: string, c: InteractionCase) => {
  const testCase = suite
    .testCase()
    .className(c.className ?? name)
    .name(interactionCaseName(c))
    .time(seconds(c.durationMs));
  switch (c.outcome._tag) {
    case 'Passed':
      return;
    case 'Failed': {
      const [first = 'failed'] = c.outcome.mismatches;
      const more = c.outcome.mismatches.length - 1;
      testCase
        .failure(more > 0 ? `${first} (and ${more} more)` : first, 'mismatch')
        .stacktrace(c.outcome.mismatches.join('\n'));
      return;
    }
    case 'Skipped':
      testCase.skipped().standardOutput(c.outcome.reason);
      return;
  }
};

/** The suite as a JUnit XML document. */
export const interactionsJunit = (run: InteractionSuite): string => {
  const suite = junit.newBuilder().testSuite().name(run.name).timestamp(run.startedAt);
  const totalMs = run.cases.reduce((sum, c) => sum + Math.max(0, c.durationMs), 0);
  suite.time(seconds(totalMs));
  for (const c of run.cases) addCase(suite, run.name, c);
  // The suite alone is the document's root (see above).
  return suite.build().end({ pretty: true });
};

/** Writes the suite's file (replacing the one an earlier run left) and returns its path. */
export const writeInteractionsJunit = (
  run: InteractionSuite,
  file: string = junitFileFor(run.suite),
): TE.TaskEither<JunitWriteFailed, string> =>
  TE.tryCatch(
    async () => {
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, `${interactionsJunit(run)}\n`);
      return file;
    },
    (e): JunitWriteFailed => ({
      _tag: 'JunitWriteFailed',
      file,
      message: `cannot write the JUnit report ${file}: ${errorMessage(e)}`,
    }),
  );
