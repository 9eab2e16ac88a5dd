/**
 * Verification of the recorded pacts against a running provider, with the official pact-js
 * Verifier: the embedded reference provider (default), or any deployment by URL; pacts from
 * `pacts/` or from a Pact Broker.
 */
import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import { resolve } from 'node:path';
import { PROVIDER_NAME } from '../../contracts/index.js';
import { DEFAULT_TIMEOUT_MS, pactFilesIn } from '../config/index.js';
import { PROVIDER_STATES_SECRET_HEADER, startProvider } from '../provider/index.js';
import {
  PROVIDER_URL_VARIABLE,
  STATE_CHANGE_URL_VARIABLE,
  type PactSource,
  type ProviderTarget,
  type VerificationConfig,
} from './config.js';
import { trapCrashes } from './crash.js';
import { sendWithin, type Send } from './exchange.js';
import { failFast, type FailFast } from './fail-fast.js';
import { checkTargets } from './preflight.js';
import { readVerifierReport, type VerificationOutcome } from './results.js';
import { embeddedStateHandlers, stateChangeUrlHandlers } from './state-handlers.js';
import { prepareVerifier, runInVerifierProcess } from './verifier-pool.js';
import type { StateHandlers, VerifierData } from './verifier-protocol.js';

export { prepareVerifier };

/** What the Verifier is given: its options, and state handlers (the one hook callers set). */
export type VerifierOptions = VerifierData & { readonly stateHandlers?: StateHandlers };

export type VerificationError =
  /** No readable pact to verify. */
  | { readonly _tag: 'PactFileError'; readonly message: string }
  | { readonly _tag: 'ProviderStartError'; readonly message: string }
  /** The verifier could not run at all (no report): bad options, broker unreachable... */
  | { readonly _tag: 'VerifierError'; readonly message: string }
  /** A target did not answer the check before the run. */
  | { readonly _tag: 'Unreachable'; readonly message: string }
  /** The provider stopped answering during the run, which ended there: `run` is how far it got. */
  | { readonly _tag: 'ProviderStopped'; readonly message: string; readonly run: VerificationRun }
  /** Something threw during the run; the run was ended rather than left hanging. */
  | { readonly _tag: 'Crashed'; readonly message: string; readonly run: VerificationRun };

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

export interface VerifyOptions {
  readonly logLevel?: 'error' | 'warn' | 'info' | 'debug' | 'trace';
}

/** Pact's warnings and errors: its report is kept apart (./verifier-pool.ts). */
const DEFAULT_LOG_LEVEL = 'warn';

/** Consumer version selectors for broker mode: what a provider build must keep working. */
const CONSUMER_VERSION_SELECTORS = [
  { mainBranch: true },
  { deployedOrReleased: true },
  { matchingBranch: true },
];

const sourceOptions = (
  source: PactSource,
): TE.TaskEither<VerificationError, Partial<VerifierOptions>> => {
  if (source._tag === 'Files') {
    return pipe(
      pactFilesIn(resolve(source.dir)),
      TE.mapLeft((error) => ({ _tag: 'PactFileError' as const, message: error.message })),
      TE.map((files) => ({ pactUrls: [...files] })),
    );
  }
  const { auth, baseUrl } = source.broker;
  return TE.right({
    ...(auth._tag === 'token' ? { pactBrokerToken: auth.token } : {}),
    ...(auth._tag === 'basic'
      ? { pactBrokerUsername: auth.username, pactBrokerPassword: auth.password }
      : {}),
    ...(source.pactUrl === undefined
      ? {
          pactBrokerUrl: baseUrl,
          consumerVersionSelectors: CONSUMER_VERSION_SELECTORS,
          enablePending: true,
          includeWipPactsSince: source.includeWipPactsSince,
        }
      : { pactUrls: [source.pactUrl] }),
    publishVerificationResult: source.publish,
    providerVersion: source.providerVersion,
    providerVersionBranch: source.providerBranch,
  });
};

export interface ProviderAt {
  /** How messages name the provider (default: "the provider"). */
  readonly name?: string;
  /** States are set up through this URL, with these headers, not by `extra`'s state handlers. */
  readonly stateChange?: { readonly url: string; readonly headers: Record<string, string> };
  /** How long one request may go unanswered before the run stops. */
  readonly timeoutMs?: number;
  /**
   * Wraps how each provider request is sent: a mode may rewrite the request, and read the
   * answer before the verifier does (a live credential and its successor, say).
   */
  readonly exchange?: (send: Send) => Send;
}

/** The core's own timeout is a backstop: the run's deadline (./fail-fast.ts) decides first. */
const VERIFIER_TIMEOUT_MARGIN_MS = 5000;

/** What a report that could not be read says about the run: nothing. */
const NO_OUTCOME: VerificationOutcome = { passed: false, interactions: [] };

const runVerifier =
  (
    { stateHandlers, ...options }: VerifierOptions & { readonly providerBaseUrl: string },
    run: FailFast,
  ): TE.TaskEither<VerificationError, VerificationRun> =>
  async () => {
    const crashes = trapCrashes(run.halt);
    const finished = await runInVerifierProcess(options, {
      answer: run.answer,
      stateHandlers,
      crashed: crashes.record,
    }).finally(crashes.release);
    if (E.isLeft(finished)) return E.left({ _tag: 'VerifierError', message: finished.left });
    const { text, pactReport } = finished.right;
    const report = readVerifierReport(text);
    const verdict = run.verdict(E.isRight(report) ? report.right : NO_OUTCOME);
    const soFar = { providerUrl: options.providerBaseUrl, outcome: verdict.outcome, pactReport };
    const crash = crashes.first();
    if (crash !== undefined) return E.left({ _tag: 'Crashed', message: crash, run: soFar });
    if (verdict.stopped !== undefined)
      return E.left({ _tag: 'ProviderStopped', message: verdict.stopped, run: soFar });
    if (E.isLeft(report)) {
      const message = `the verifier did not run: ${text.split('\n')[0] ?? text}`;
      return E.left({ _tag: 'VerifierError', message });
    }
    return E.right(soFar);
  };

/**
 * Verifies the pacts of `source` against a provider already listening at `providerUrl`, with
 * `extra` Verifier options (state handlers). The run stops at the first request the provider
 * leaves unanswered (./fail-fast.ts).
 */
export const verifyProviderAt = (
  providerUrl: string,
  source: PactSource,
  extra: Partial<VerifierOptions> = {},
  logLevel: VerifyOptions['logLevel'] = DEFAULT_LOG_LEVEL,
  at: ProviderAt = {},
): TE.TaskEither<VerificationError, VerificationRun> => {
  const timeoutMs = at.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return pipe(
    sourceOptions(source),
    TE.flatMap((sourceOpts) => {
      const send = sendWithin(timeoutMs);
      const provider = { name: at.name ?? 'the provider', url: providerUrl };
      const run = failFast(provider, at.exchange?.(send) ?? send);
      const { stateChange } = at;
      const stateHandlers =
        stateChange === undefined
          ? extra.stateHandlers
          : stateChangeUrlHandlers(
              { name: STATE_CHANGE_URL_VARIABLE, url: stateChange.url },
              stateChange.headers,
              send,
              run,
            );
      const options = { provider: PROVIDER_NAME, logLevel, ...sourceOpts, ...extra };
      return runVerifier(
        {
          ...options,
          ...(stateHandlers === undefined ? {} : { stateHandlers }),
          providerBaseUrl: providerUrl,
          timeout: timeoutMs + VERIFIER_TIMEOUT_MARGIN_MS,
        },
        run,
      );
    }),
  );
};

/** A provider to verify: where, how, and how to stop it afterwards. */
interface Target {
  readonly url: string;
  readonly extra: Partial<VerifierOptions>;
  readonly at: ProviderAt;
  readonly stop: () => Promise<void>;
}

const startTarget = (target: ProviderTarget): TE.TaskEither<VerificationError, Target> => {
  if (target._tag === 'Deployment') {
    const { baseUrl, stateChangeUrl: url, stateChangeSecret: secret } = target;
    const headers: Record<string, string> =
      secret === undefined ? {} : { [PROVIDER_STATES_SECRET_HEADER]: secret };
    const at = { name: PROVIDER_URL_VARIABLE };
    return TE.right({
      url: baseUrl,
      extra: {},
      at: url === undefined ? at : { ...at, stateChange: { url, headers } },
      stop: () => Promise.resolve(),
    });
  }
  return TE.bimap(
    (error) => ({ _tag: 'ProviderStartError' as const, message: String(error) }),
    (provider: Awaited<ReturnType<typeof startProvider>>) => ({
      url: provider.url,
      extra: { stateHandlers: embeddedStateHandlers(provider.services) },
      at: { name: 'the embedded provider' },
      stop: provider.close,
    }),
  )(TE.tryCatch(() => startProvider({}), E.toError));
};

/** Verifies every selected pact; a Right carries the outcome, passed or not. */
export const verifyPacts = (
  config: VerificationConfig,
  options: VerifyOptions = {},
): TE.TaskEither<VerificationError, VerificationRun> =>
  pipe(
    // Fail on unreadable pacts and unreachable targets before starting anything.
    sourceOptions(config.pacts),
    // The verifier process loads while the targets are checked and the provider starts.
    TE.tap(() => TE.fromIO(() => prepareVerifier(options.logLevel ?? DEFAULT_LOG_LEVEL))),
    TE.flatMap(() => checkTargets(config)),
    TE.flatMap(() => startTarget(config.provider)),
    TE.flatMap(({ url, extra, at, stop }) => async () => {
      const timeoutMs = config.timeouts.providerMs;
      const result = await verifyProviderAt(url, config.pacts, extra, options.logLevel, {
        ...at,
        timeoutMs,
      })();
      // The provider stops whatever the verification did.
      await stop();
      return result;
    }),
  );
