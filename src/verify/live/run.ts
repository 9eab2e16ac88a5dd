/**
 * A live run, in a process of its own that `npm run verify:live` (./main.ts) starts with an IPC
 * channel. This process outlives the command: killed, even with SIGKILL,
 * the command cannot interrupt a save of the successor, which this process finishes before it
 * stops the run (every later request answered at once) and exits. Everything it learns goes to
 * the command as messages (./outcome.ts `RunMessage`), secrets first; Pact's own report goes to
 * its standard output, which the command keeps, masked, in reports/verification/ and never
 * prints (its one line per interaction is printed from the outcome).
 */
import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import { redactUrl } from '../../broker/mask.js';
import { PROVIDER_URL_VARIABLE } from '../config.js';
import { checkTargets } from '../preflight.js';
import type { VerificationOutcome } from '../results.js';
import { verifyProviderAt, type VerificationError } from '../verify.js';
import { liveConfigFrom, type LiveConfig } from './config.js';
import type { LiveDecision } from './decisions.js';
import { liveSession, type LiveSession } from './exchange.js';
import { holdLiveToken, type HeldToken } from './hold.js';
import type { LiveOutcome, RunMessage, TokenFate } from './outcome.js';
import { liveToken } from './spend.js';

const report = (message: RunMessage): void => {
  if (process.connected) process.send?.(message);
};
const reveal = (value: string) => report({ _tag: 'Secret', value });
const notice = (line: string) => report({ _tag: 'Notice', line });

const verifyLive = (
  config: LiveConfig,
  session: LiveSession,
): TE.TaskEither<VerificationError, VerificationOutcome> => {
  const { verification } = config;
  return pipe(
    checkTargets(verification),
    TE.flatMap(() =>
      verifyProviderAt({
        providerUrl: verification.provider.baseUrl,
        pacts: verification.pacts,
        stateChange: session.stateChange,
        logLevel: 'error',
        name: PROVIDER_URL_VARIABLE,
        timeoutMs: verification.timeouts.providerMs,
        exchange: session.exchange,
      }),
    ),
    TE.map(({ outcome, pactReport }) => {
      process.stdout.write(pactReport);
      return outcome;
    }),
  );
};

/** Each interaction of the verifier's report with the decision its request met, in order. */
const outcomeOf = (
  config: LiveConfig,
  outcome: VerificationOutcome,
  decisions: readonly LiveDecision[],
  token: TokenFate,
): LiveOutcome => {
  const { provider, pacts } = config.verification;
  return {
    providerUrl: redactUrl(provider.baseUrl),
    ...(pacts._tag === 'Broker' ? { brokerUrl: redactUrl(pacts.broker.baseUrl) } : {}),
    token,
    interactions: outcome.interactions.map((interaction, n) => {
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
  process.removeAllListeners('disconnect');
  process.on('disconnect', () => session.stop('not sent: verify:live ended'));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => session.stop(`not sent: the run was interrupted (${signal})`));
  }
};

const verifiedWith = async (config: LiveConfig, held: HeldToken | undefined) => {
  const live = held === undefined ? undefined : liveToken(held, reveal);
  const session = liveSession({ live, operator: config.operatorTokens }, reveal);
  stopOnExit(session);
  const result = await verifyLive(config, session)();
  const token = live?.fate() ?? { _tag: 'Unused' as const };
  if (token._tag === 'NotSaved')
    return { _tag: 'Failed' as const, message: notSavedLine(token), token };
  return E.isLeft(result)
    ? { _tag: 'Failed' as const, message: result.left.message, token }
    : {
        _tag: 'Completed' as const,
        outcome: outcomeOf(config, result.right, session.decisions(), token),
      };
};

const liveRun = async (config: LiveConfig): Promise<RunMessage> => {
  config.operatorTokens.forEach(reveal);
  if (config.token?._tag === 'Command') reveal(config.token.token);
  const held = await holdLiveToken(config, notice);
  if (E.isLeft(held)) return { _tag: 'Failed', message: held.left };
  if (held.right !== undefined) reveal(held.right.token);
  try {
    return await verifiedWith(config, held.right);
  } finally {
    held.right?.lock.release();
  }
};

const main = async (): Promise<void> => {
  // Never a reason to publish: a live run verifies part of the pact (pact-core reads this one).
  delete process.env['PACT_BROKER_PUBLISH_VERIFICATION_RESULTS'];
  // The command may be gone: its pipe then breaks, and nothing here needs it.
  process.stderr.on('error', () => undefined);
  process.on('disconnect', () => process.exit(1));
  const config = liveConfigFrom(process.env);
  const message: RunMessage = E.isLeft(config)
    ? { _tag: 'Failed', message: config.left.message }
    : await liveRun(config.right);
  if (process.connected) process.send?.(message, () => process.exit(0));
  else process.exit(0);
};

void main();
