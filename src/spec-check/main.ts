/**
 * `npm run spec:check -- --spec <URL or file> [--adopt]`
 *   SPEC_TIMEOUT_MS   how long fetching the spec by URL may take, its body included (default 5000)
 * Exit 0: no breaking change (compatible changes are listed, with how to adopt them);
 * 1: a breaking change for the pact or the client; 2: the spec cannot be fetched or read, or
 * bad usage (one line on standard error).
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { PUBLISHED_OPENAPI_FILE } from '../../contracts/index.js';
import {
  errorMessage,
  parsedCommandLine,
  PROJECT_ROOT,
  SPEC_TIMEOUT_VARIABLE,
  timeoutMsFrom,
} from '../config/index.js';
import { EXIT } from './report.js';
import { DEFAULT_DRAWS, specCheck } from './spec-check.js';
import { join } from 'node:path';

const USAGE = 'usage: npm run spec:check -- --spec <URL or file> [--adopt]';

interface Arguments {
  readonly spec: string;
  readonly adopt: boolean;
}

const argumentsOf = (args: readonly string[]): E.Either<string, Arguments> =>
  pipe(
    parsedCommandLine(
      {
        args: [...args],
        options: { spec: { type: 'string' }, adopt: { type: 'boolean', default: false } },
      },
      USAGE,
    ),
    E.flatMap(({ values: { spec = '', adopt } }) =>
      spec.trim() === ''
        ? E.left('--spec needs a URL or a file')
        : E.right({ spec: spec.trim(), adopt }),
    ),
  );

const main = async (): Promise<number> => {
  const parsed = argumentsOf(process.argv.slice(2));
  if (E.isLeft(parsed)) {
    console.error(`spec:check: ${parsed.left}\n${USAGE}`);
    return EXIT.unreadable;
  }
  const timeout = timeoutMsFrom(process.env, SPEC_TIMEOUT_VARIABLE);
  if (E.isLeft(timeout)) {
    console.error(`spec:check: ${timeout.left.variable}: ${timeout.left.why}`);
    return EXIT.unreadable;
  }
  const result = await specCheck({
    spec: parsed.right.spec,
    adopt: parsed.right.adopt,
    timeoutMs: timeout.right,
    draws: DEFAULT_DRAWS,
    copyFile: join(PROJECT_ROOT, PUBLISHED_OPENAPI_FILE),
    // npm runs scripts from the project's root; a relative path is the caller's.
    cwd: process.env['INIT_CWD'] ?? process.cwd(),
  });
  for (const line of result.lines) console.log(line);
  if (result.error !== undefined) console.error(result.error);
  return result.exitCode;
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`spec:check: unexpected failure: ${errorMessage(error)}`);
    process.exit(EXIT.unreadable);
  },
);
