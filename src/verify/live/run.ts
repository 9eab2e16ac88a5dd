/**
 * A live run, in the process of its own that `npm run verify:live` (./main.ts) starts: its
 * stdout and stderr are the command's, its exit code the command's, and the end of its stdin says
 * the command is gone. Then, or on a signal, it finishes a save of the successor under way,
 * stops the run (every later request answered at once) and exits. Every secret it holds or
 * learns is masked in all it prints and leaves for CI (JUnit, the job summary, annotations:
 * src/ci/verification.ts), Pact's own report in reports/verification/ (never printed: its one line
 * per interaction is printed from the outcome).
 */
import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import { maskSecrets } from '../../broker/mask.js';
import { secretsIn } from '../../ci/secrets.js';
import { reportVerification, type VerificationCommand } from '../../ci/verification.js';
import { errorMessage, flagsGiven, flagsUsage, JUNIT_FLAG } from '../../config/index.js';
import { PROVIDER_URL_VARIABLE } from '../config.js';
import { checkTargets, verifyProviderAt } from '../verify.js';
import { liveConfigFrom, type LiveConfig } from './config.js';
import {
  liveOutcome,
  notSavedLine,
  outcomeJson,
  outcomeLines,
  tokenLine,
  type LiveOutcome,
} from './output.js';
import { liveSession, type LiveSession } from './exchange.js';
import { holdLiveToken, type LiveToken, type TokenFate } from './token.js';

const FLAGS = ['--json', JUNIT_FLAG] as const;
const USAGE = flagsUsage('npm run verify:live', FLAGS);
const COMMAND: VerificationCommand = { suite: 'verify-live', command: 'npm run verify:live' };

/** Prints with every secret masked: the configuration's (src/ci/secrets.ts), and those learned. */
const printer = (json: boolean) => {
  const secrets = [...secretsIn(process.env)];
  const mask = (text: string) => maskSecrets(secrets)(text);
  return {
    json,
    mask,
    reveal: (secret: string) => void secrets.push(secret),
    out: (line: string) => void process.stdout.write(`${mask(line)}\n`),
    err: (line: string) => void process.stderr.write(`${mask(line)}\n`),
  };
};
type Printer = ReturnType<typeof printer>;

/** How the run ended: with an outcome, or with the line that says why not. */
type Ended = E.Either<{ readonly message: string; readonly token?: TokenFate }, LiveOutcome>;

/** Stops the run, not the process, on a signal or when the command goes away mid-run. */
const stopOnExit = (session: LiveSession): void => {
  process.stdin.removeAllListeners('end');
  process.stdin.on('end', () => session.stop('not sent: verify:live ended'));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => session.stop(`not sent: the run was interrupted (${signal})`));
  }
};

const verifiedWith = async (
  config: LiveConfig,
  live: LiveToken | undefined,
  print: Printer,
): Promise<Ended> => {
  const session = liveSession(live, config.operatorTokens, print.reveal);
  stopOnExit(session);
  const { provider, pacts, timeouts } = config.verification;
  const result = await pipe(
    checkTargets(config.verification),
    TE.flatMap(() =>
      verifyProviderAt({
        providerUrl: provider.baseUrl,
        pacts,
        stateChange: session.stateChange,
        logLevel: 'error',
        name: PROVIDER_URL_VARIABLE,
        timeoutMs: timeouts.providerMs,
        exchange: session.exchange,
      }),
    ),
  )();
  const token = live?.fate() ?? { _tag: 'Unused' as const };
  if (token._tag === 'NotSaved') return E.left({ message: notSavedLine(token), token });
  if (E.isLeft(result)) return E.left({ message: result.left.message, token });
  const broker = pacts._tag === 'Broker' ? pacts.broker.baseUrl : undefined;
  return E.right(liveOutcome(result.right, session.decisions(), token, broker, print.mask));
};

const liveRun = async (config: LiveConfig, print: Printer): Promise<Ended> => {
  const held = await holdLiveToken(config, print.err, print.reveal);
  if (E.isLeft(held)) return E.left({ message: held.left });
  try {
    return await verifiedWith(config, held.right, print);
  } finally {
    held.right?.release();
  }
};

/** JUnit on CI or with --junit, the job summary and annotations on GitHub: as `npm run verify`. */
const report = async (print: Printer, args: readonly string[], startedAt: Date, ended: Ended) => {
  const result = pipe(
    ended,
    E.mapLeft(({ message }) => ({ _tag: 'VerifierError' as const, message: print.mask(message) })),
  );
  const context = { env: process.env, argv: args, startedAt };
  const written = await reportVerification(COMMAND, result, context)();
  if (E.isLeft(written)) print.err(`verify:live: ${written.left.message}`);
  else if (written.right.junit !== undefined && !print.json)
    print.out(`JUnit: ${written.right.junit}`);
  return E.isRight(written);
};

/** What the run found, printed (the line that says why it ended, the last); the exit code. */
const finish = (print: Printer, ended: Ended): number => {
  if (E.isRight(ended)) {
    const outcome = ended.right;
    if (print.json) print.out(JSON.stringify(outcomeJson(outcome), null, 2));
    else outcomeLines(outcome).forEach(print.out);
    return outcome.outcome.passed ? 0 : 1;
  }
  const { message, token } = ended.left;
  if (print.json)
    print.out(JSON.stringify({ ok: false, error: message, ...(token ? { token } : {}) }, null, 2));
  const line = token === undefined ? undefined : tokenLine(token);
  if (line !== undefined && !print.json) print.err(line);
  print.err(`verify:live: ${message}`);
  return 1;
};

const main = async (): Promise<number> => {
  const startedAt = new Date();
  const args = process.argv.slice(2);
  const flags = flagsGiven(args, FLAGS);
  const print = printer(E.isRight(flags) && flags.right('--json'));
  if (E.isLeft(flags)) {
    print.err(`verify:live: ${flags.left}\n${USAGE}`);
    return 2;
  }
  const config = liveConfigFrom(process.env);
  if (E.isLeft(config)) {
    finish(print, E.left({ message: config.left.message }));
    return 2;
  }
  const ended = await liveRun(config.right, print);
  // Reported first: the closing line (or the line saying why the run ended) stays the last.
  const reported = await report(print, args, startedAt, ended);
  const code = finish(print, ended);
  return reported ? code : 1;
};

// The command may be gone: its pipes then break, and nothing here needs them.
process.stdout.on('error', () => undefined);
process.stderr.on('error', () => undefined);
// Gone before the run started: nothing to finish.
process.stdin.on('end', () => process.exit(1)).resume();
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`verify:live: unexpected failure: ${errorMessage(error)}\n`);
    process.exit(1);
  },
);
