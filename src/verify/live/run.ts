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
import { maskSecrets, redactUrl } from '../../broker/mask.js';
import { secretsIn } from '../../ci/secrets.js';
import { reportVerification, type VerificationCommand } from '../../ci/verification.js';
import { errorMessage, flagsGiven, flagsUsage, JUNIT_FLAG } from '../../config/index.js';
import { PROVIDER_URL_VARIABLE } from '../config.js';
import { checkTargets } from '../verify.js';
import { verifyProviderAt, type VerificationError, type VerificationRun } from '../verify.js';
import { liveConfigFrom, type LiveConfig } from './config.js';
import type { LiveDecision } from './decisions.js';
import { liveSession, type LiveSession } from './exchange.js';
import { holdLiveToken, type HeldToken } from './hold.js';
import {
  asInteractionResult,
  livePassed,
  outcomeJson,
  outcomeLines,
  tokenLine,
  type LiveOutcome,
  type TokenFate,
} from './output.js';
import { liveToken } from './spend.js';

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
type Ended =
  | { readonly _tag: 'Completed'; readonly outcome: LiveOutcome; readonly run: VerificationRun }
  | { readonly _tag: 'Failed'; readonly message: string; readonly token?: TokenFate };

/** Each interaction of the verifier's report with the decision its request met, in order. */
const outcomeOf = (
  config: LiveConfig,
  run: VerificationRun,
  decisions: readonly LiveDecision[],
  token: TokenFate,
): LiveOutcome => {
  const { provider, pacts } = config.verification;
  return {
    providerUrl: redactUrl(provider.baseUrl),
    ...(pacts._tag === 'Broker' ? { brokerUrl: redactUrl(pacts.broker.baseUrl) } : {}),
    token,
    interactions: run.outcome.interactions.map((interaction, n) => {
      const live: LiveDecision = decisions[n] ?? {
        _tag: 'NotVerifiable',
        why: 'its request never reached the live run',
      };
      // Not sent: the verifier's verdict on the stand-in answer means nothing.
      return live._tag === 'Verify'
        ? { ...interaction, live }
        : { ...interaction, passed: false, mismatches: [], live };
    }),
  };
};

/** The line a failed save ends the run with: where the successor is, never what it is. */
const notSavedLine = (fate: Extract<TokenFate, { _tag: 'NotSaved' }>): string =>
  `the successor of the live refresh token was not saved (${fate.why}); ` +
  (fate.keptIn === undefined
    ? `it could not be kept anywhere either (${fate.notKept.join('; ')}): it is lost, and the ` +
      `token must be authorized again`
    : `it is kept in ${fate.keptIn} (mode 0600): save it as the live token, then remove that file`) +
  '; the run stopped there';

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
  held: HeldToken | undefined,
  { reveal }: Printer,
): Promise<Ended> => {
  const live = held === undefined ? undefined : liveToken(held, reveal);
  const session = liveSession({ live, operator: config.operatorTokens }, reveal);
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
  if (token._tag === 'NotSaved') return { _tag: 'Failed', message: notSavedLine(token), token };
  if (E.isLeft(result)) return { _tag: 'Failed', message: result.left.message, token };
  const outcome = outcomeOf(config, result.right, session.decisions(), token);
  return { _tag: 'Completed', outcome, run: result.right };
};

const liveRun = async (config: LiveConfig, print: Printer): Promise<Ended> => {
  config.operatorTokens.forEach(print.reveal);
  const held = await holdLiveToken(config, print.err);
  if (E.isLeft(held)) return { _tag: 'Failed', message: held.left };
  if (held.right !== undefined) print.reveal(held.right.token);
  try {
    return await verifiedWith(config, held.right, print);
  } finally {
    held.right?.lock.release();
  }
};

/** What the run found, as the verification's own result, for the reporting every run shares. */
const asVerification = (
  { mask }: Printer,
  ended: Ended,
): E.Either<VerificationError, VerificationRun> => {
  if (ended._tag === 'Failed')
    return E.left({ _tag: 'VerifierError', message: mask(ended.message) });
  const interactions = ended.outcome.interactions.map(asInteractionResult).map((i) => ({
    ...i,
    mismatches: i.mismatches.map(mask),
  }));
  return E.right({
    providerUrl: ended.outcome.providerUrl,
    pactReport: mask(ended.run.pactReport),
    outcome: { passed: livePassed(ended.outcome), interactions },
  });
};

/** JUnit on CI or with --junit, the job summary and annotations on GitHub: as `npm run verify`. */
const report = async (print: Printer, args: readonly string[], startedAt: Date, ended: Ended) => {
  const context = { env: process.env, argv: args, startedAt };
  const written = await reportVerification(COMMAND, asVerification(print, ended), context)();
  if (E.isLeft(written)) print.err(`verify:live: ${written.left.message}`);
  else if (written.right.junit !== undefined && !print.json)
    print.out(`JUnit: ${written.right.junit}`);
  return E.isRight(written);
};

/** What the run found, printed (the line that says why it ended, the last); the exit code. */
const finish = (print: Printer, ended: Ended): number => {
  if (ended._tag === 'Completed') {
    const { outcome } = ended;
    if (print.json) print.out(JSON.stringify(outcomeJson(outcome), null, 2));
    else outcomeLines(outcome).forEach(print.out);
    return livePassed(outcome) ? 0 : 1;
  }
  const { message, token } = ended;
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
    finish(print, { _tag: 'Failed', message: config.left.message });
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
