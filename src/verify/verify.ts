/**
 * Verification of the pacts (`pacts/` or a broker's) against a running provider (the embedded
 * one, or a deployment by URL): the Rust verifier (./pact-verifier.ts) behind this process's
 * relay (./fail-fast.ts). The process boundary: docs/verification.md.
 */
import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import { resolve } from 'node:path';
import { PROVIDER_NAME } from '../../contracts/index.js';
import { DEFAULT_TIMEOUT_MS, errorMessage, pactFilesIn } from '../config/index.js';
import { brokerUp, ENV } from '../broker/config.js';
import {
  PROVIDER_URL_VARIABLE,
  STATE_CHANGE_URL_VARIABLE,
  STATES_SECRET_VARIABLE,
  type PactSource,
  type ProviderTarget,
  type VerificationConfig,
} from './config.js';
import {
  checkReachable,
  sendWithin,
  type Endpoint,
  type Send,
  type Unreachable,
} from './exchange.js';
import { startRelay } from './fail-fast.js';
import { runPactVerifier, sourceArgs, verifierEnv, type LogLevel } from './pact-verifier.js';
import { readVerifierReport, type VerificationOutcome } from './results.js';
import { deploymentStateChange, embeddedStateChange, type StateChange } from './state-change.js';

export type VerificationError =
  /** No readable pact to verify. */
  | { readonly _tag: 'PactFileError'; readonly message: string }
  | { readonly _tag: 'ProviderStartError'; readonly message: string }
  /** The verifier could not verify (no report, a pact it could not load...). */
  | { readonly _tag: 'VerifierError'; readonly message: string }
  /** A target did not answer the check before the run. */
  | { readonly _tag: 'Unreachable'; readonly message: string }
  /** The provider stopped answering during the run, which ended there: `run` is how far it got. */
  | { readonly _tag: 'ProviderStopped'; readonly message: string; readonly run: VerificationRun }
  /** Something threw during the run; the run was ended rather than left hanging. */
  | { readonly _tag: 'Crashed'; readonly message: string; readonly run: VerificationRun }
  /** The state-change URL refused every state change (a wrong secret, a wrong path...). */
  | { readonly _tag: 'StatesRefused'; readonly message: string; readonly run: VerificationRun }
  /** Interactions that need a provider state failed, and no state-change URL was given. */
  | { readonly _tag: 'StatesNotSetUp'; readonly message: string; readonly run: VerificationRun };

export interface VerificationRun {
  /** Where the provider answered: the embedded provider's URL or the deployment's. */
  readonly providerUrl: string;
  /** Per interaction; for a run that stopped, as far as it got. */
  readonly outcome: VerificationOutcome;
  /** Pact's own report, as its verifier printed it (ANSI colours included). */
  readonly pactReport: string;
}

/** What a verification has to show, whether it ran to the end or stopped half way. */
export const runOf = (
  result: E.Either<VerificationError, VerificationRun>,
): VerificationRun | undefined =>
  E.isRight(result) ? result.right : 'run' in result.left ? result.left.run : undefined;

/** One verification: the pacts of `pacts` against the provider listening at `providerUrl`. */
export interface VerifyAt {
  /** Pact's own log, in its report (default: warnings and errors). */
  readonly logLevel?: LogLevel;
  readonly providerUrl: string;
  readonly pacts: PactSource;
  /** How provider states are set up; without it they are not. */
  readonly stateChange?: StateChange;
  /** How messages name the provider (default: "the provider"). */
  readonly name?: string;
  /** How long one request may go unanswered before the run stops. */
  readonly timeoutMs?: number;
  /** Wraps every provider request: a mode may rewrite it, and read the answer first. */
  readonly exchange?: (send: Send) => Send;
  /** Whether the verifier asks for a teardown after each interaction (default: it does). */
  readonly teardown?: boolean;
}

/** The verifier's own timeout is a backstop: the run's deadline decides first. */
const VERIFIER_TIMEOUT_MARGIN_MS = 5000;

const NO_STATES: StateChange = () => TE.right({});
/** What a report that could not be read says about the run. */
const NOTHING: VerificationOutcome = { passed: false, interactions: [] };

const pactFiles = (source: PactSource): TE.TaskEither<VerificationError, readonly string[]> =>
  source._tag === 'Files'
    ? pipe(
        pactFilesIn(resolve(source.dir)),
        TE.mapLeft((error) => ({ _tag: 'PactFileError' as const, message: error.message })),
      )
    : TE.right([]);

/** The verifier behind a relay to `provider`; what it found, with what the run saw. */
const verifyThrough =
  (at: VerifyAt, provider: Endpoint, send: Send, args: readonly string[]) =>
  async (): Promise<E.Either<VerificationError, VerificationRun>> => {
    const relay = await startRelay(provider, send, at.stateChange ?? NO_STATES);
    const timeoutMs = at.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const verifier = await runPactVerifier(
      [
        ...args,
        ...['--provider-name', PROVIDER_NAME, '--hostname', '127.0.0.1', '--port', `${relay.port}`],
        ...['--state-change-url', relay.stateChangeUrl],
        ...(at.teardown === false ? [] : ['--state-change-teardown']),
        ...['--request-timeout', `${timeoutMs + VERIFIER_TIMEOUT_MARGIN_MS}`],
        ...['--loglevel', at.logLevel ?? 'warn'],
      ],
      verifierEnv(at.pacts, process.env),
    ).finally(relay.close);
    const report =
      verifier.json === undefined
        ? E.left({ message: `the verifier ended (${verifier.ended}) without a report` })
        : readVerifierReport(verifier.json);
    const found = E.isRight(report) ? report.right : { outcome: NOTHING, unverified: [] };
    const { outcome, ended } = relay.verdict(found.outcome);
    const run = { providerUrl: at.providerUrl, outcome, pactReport: verifier.pactReport };
    // A run that ended early says why first: the verifier's report is then about stand-ins.
    if (ended !== undefined && ended._tag !== 'StatesRefused') return E.left({ ...ended, run });
    if (E.isLeft(report)) return E.left({ _tag: 'VerifierError', message: report.left.message });
    if (found.unverified.length > 0) {
      const message = `the verifier could not verify every pact: ${found.unverified.join('; ')}`;
      return E.left({ _tag: 'VerifierError', message });
    }
    return ended === undefined ? E.right(run) : E.left({ ...ended, run });
  };

/** Verifies `at`; the run stops at the first request the provider leaves unanswered. */
export const verifyProviderAt = (at: VerifyAt): TE.TaskEither<VerificationError, VerificationRun> =>
  pipe(
    pactFiles(at.pacts),
    TE.flatMap((files) => {
      const send = sendWithin(at.timeoutMs ?? DEFAULT_TIMEOUT_MS);
      const provider = { name: at.name ?? 'the provider', url: at.providerUrl };
      return verifyThrough(at, provider, at.exchange?.(send) ?? send, sourceArgs(at.pacts, files));
    }),
  );

/** How to set up the states a deployment's failed interactions needed: one line, or nothing. */
const withoutStates = (run: VerificationRun): E.Either<VerificationError, VerificationRun> => {
  const needed = run.outcome.interactions.filter(
    (i) => !i.passed && !i.pending && i.providerStates.length > 0,
  ).length;
  if (needed === 0) return E.right(run);
  const failed =
    needed === 1 ? '1 failed interaction needs one' : `${needed} failed interactions need one`;
  const message =
    `provider states were not set up (${failed}): set ${STATE_CHANGE_URL_VARIABLE}, with ` +
    `${STATES_SECRET_VARIABLE}, to the provider's state-change endpoint ` +
    `(docs/verification.md#the-state-change-protocol), or verify with a live token: npm run verify:live`;
  return E.left({ _tag: 'StatesNotSetUp', message, run });
};

/** A provider to verify, and how to stop it afterwards. */
type Target = Pick<VerifyAt, 'providerUrl' | 'stateChange' | 'name'> & {
  readonly stop: () => Promise<void>;
};

const startTarget = (
  target: ProviderTarget,
  timeoutMs: number,
): TE.TaskEither<VerificationError, Target> => {
  if (target._tag === 'Deployment') {
    const { baseUrl, stateChangeUrl: url, stateChangeSecret: secret } = target;
    const states = url === undefined ? undefined : deploymentStateChange(url, secret, timeoutMs);
    return TE.right({
      providerUrl: baseUrl,
      name: PROVIDER_URL_VARIABLE,
      ...(states === undefined ? {} : { stateChange: states }),
      stop: () => Promise.resolve(),
    });
  }
  return pipe(
    TE.tryCatch(
      // Loaded only here: a run against a deployment (npm run verify:live's among them) does
      // not pay for Fastify and SQLite at every start.
      async () => (await import('../provider/start.js')).startProvider({}),
      (error) => ({ _tag: 'ProviderStartError' as const, message: errorMessage(error) }),
    ),
    TE.map((provider) => ({
      providerUrl: provider.url,
      stateChange: embeddedStateChange(provider.services),
      name: 'the embedded provider',
      stop: provider.close,
    })),
  );
};

/**
 * Before a run: the provider, its state-change URL and the broker each answer, or the run does
 * not start. One line names the variable, the URL and the cause, within the timeout.
 */
export const checkTargets = (config: VerificationConfig): TE.TaskEither<Unreachable, void> => {
  const { provider, pacts, timeouts } = config;
  const checks = [
    ...(provider._tag === 'Deployment'
      ? [checkReachable(PROVIDER_URL_VARIABLE, provider.baseUrl, timeouts.providerMs)]
      : []),
    ...(provider._tag === 'Deployment' && provider.stateChangeUrl !== undefined
      ? [checkReachable(STATE_CHANGE_URL_VARIABLE, provider.stateChangeUrl, timeouts.providerMs)]
      : []),
    ...(pacts._tag === 'Broker'
      ? [checkReachable(ENV.baseUrl, pacts.broker.baseUrl, timeouts.brokerMs, brokerUp)]
      : []),
  ];
  // All at once: a run with three silent targets fails in one timeout, not three.
  return TE.asUnit(TE.sequenceArray(checks));
};

/** Verifies every selected pact; a Right carries the outcome, passed or not. */
export const verifyPacts = (
  config: VerificationConfig,
  options: Pick<VerifyAt, 'logLevel'> = {},
): TE.TaskEither<VerificationError, VerificationRun> =>
  pipe(
    // Fail on unreadable pacts and unreachable targets before starting anything.
    pactFiles(config.pacts),
    TE.flatMap(() => checkTargets(config)),
    TE.flatMap(() => startTarget(config.provider, config.timeouts.providerMs)),
    TE.flatMap(({ stop, ...target }) => async () => {
      const timeoutMs = config.timeouts.providerMs;
      const result = await verifyProviderAt({
        ...options,
        ...target,
        pacts: config.pacts,
        timeoutMs,
      })();
      // The provider stops whatever the verification did.
      await stop();
      const statesGiven = config.provider._tag === 'Embedded' || target.stateChange !== undefined;
      return statesGiven ? result : pipe(result, E.flatMap(withoutStates));
    }),
  );
