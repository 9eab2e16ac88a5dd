/**
 * Verification of the recorded pacts against a running provider, with the
 * official pact-js Verifier: the embedded reference provider (default), or
 * any deployment by URL; pacts from `pacts/` or from a Pact Broker.
 */
import { Verifier } from '@pact-foundation/pact';
import * as E from 'fp-ts/lib/Either.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import { resolve } from 'node:path';
import { PROVIDER_NAME } from '../../contracts/index.js';
import {
  PROVIDER_STATES_SECRET_HEADER,
  startProvider,
  type RunningProvider,
} from '../provider/index.js';
import {
  PROVIDER_URL_VARIABLE,
  STATE_CHANGE_URL_VARIABLE,
  type PactSource,
  type ProviderTarget,
  type VerificationConfig,
} from './config.js';
import { DEFAULT_TIMEOUT_MS, pactFilesIn } from '../config/index.js';
import { withCaStoreFor } from './ca-store.js';
import { openGate, type Endpoint, type Gate } from './gate.js';
import { checkTargets } from './preflight.js';
import { readVerifierReport, type VerificationOutcome } from './results.js';
import { embeddedStateHandlers } from './state-handlers.js';
import { stoppedRun, withStateFailures } from './stopped.js';
import { trapCrashes } from './crash.js';

export type VerifierOptions = ConstructorParameters<typeof Verifier>[0];

export type VerificationError =
  /** No readable pact to verify. */
  | { readonly _tag: 'PactFileError'; readonly message: string }
  | { readonly _tag: 'ProviderStartError'; readonly message: string }
  /** The verifier could not run at all (no report): bad options, broker unreachable... */
  | { readonly _tag: 'VerifierError'; readonly message: string }
  /** A target did not answer the check before the run. */
  | { readonly _tag: 'Unreachable'; readonly message: string }
  /** The provider stopped answering during the run, which ended there. */
  | { readonly _tag: 'ProviderStopped'; readonly message: string }
  /** Something threw during the run; the run was ended rather than left hanging. */
  | { readonly _tag: 'Crashed'; readonly message: string };

export interface VerificationRun {
  /** Where the provider answered: the embedded provider's URL or the deployment's. */
  readonly providerUrl: string;
  readonly outcome: VerificationOutcome;
}

export interface VerifyOptions {
  readonly logLevel?: 'error' | 'warn' | 'info' | 'debug' | 'trace';
  /** Called once the embedded provider listens (pipeline stages time it). */
  readonly onProviderStarted?: (url: string) => void;
}

/** Consumer version selectors for broker mode: what a provider build must keep working. */
export const CONSUMER_VERSION_SELECTORS = [
  { mainBranch: true },
  { deployedOrReleased: true },
  { matchingBranch: true },
];

const sourceOptions = (
  source: PactSource,
): TE.TaskEither<VerificationError, Partial<VerifierOptions>> => {
  switch (source._tag) {
    case 'Files':
      return pipe(
        pactFilesIn(resolve(source.dir)),
        TE.mapLeft((error) => ({ _tag: 'PactFileError' as const, message: error.message })),
        TE.map((files) => ({ pactUrls: [...files] })),
      );
    case 'Broker': {
      const { auth, baseUrl } = source.broker;
      const credentials = {
        ...(auth._tag === 'token' ? { pactBrokerToken: auth.token } : {}),
        ...(auth._tag === 'basic'
          ? { pactBrokerUsername: auth.username, pactBrokerPassword: auth.password }
          : {}),
      };
      const selection =
        source.pactUrl === undefined
          ? {
              pactBrokerUrl: baseUrl,
              consumerVersionSelectors: CONSUMER_VERSION_SELECTORS,
              enablePending: true,
              includeWipPactsSince: source.includeWipPactsSince,
            }
          : { pactUrls: [source.pactUrl] };
      return TE.right({
        ...credentials,
        ...selection,
        publishVerificationResult: source.publish,
        providerVersion: source.providerVersion,
        providerVersionBranch: source.providerBranch,
      });
    }
  }
};

interface Target {
  readonly url: string;
  /** How messages name the provider: its variable, or "the embedded provider". */
  readonly name: string;
  readonly stateChangeUrl?: string;
  readonly options: Partial<VerifierOptions>;
  readonly stop: () => Promise<void>;
}

const startTarget = (
  target: ProviderTarget,
  options: VerifyOptions,
): TE.TaskEither<VerificationError, Target> => {
  if (target._tag === 'Deployment') {
    return TE.right({
      url: target.baseUrl,
      name: PROVIDER_URL_VARIABLE,
      ...(target.stateChangeUrl === undefined ? {} : { stateChangeUrl: target.stateChangeUrl }),
      options:
        target.stateChangeSecret === undefined
          ? {}
          : {
              customProviderHeaders: [
                `${PROVIDER_STATES_SECRET_HEADER}: ${target.stateChangeSecret}`,
              ],
            },
      stop: () => Promise.resolve(),
    });
  }
  return pipe(
    TE.tryCatch(
      (): Promise<RunningProvider> => startProvider({}),
      (error) => ({ _tag: 'ProviderStartError' as const, message: String(error) }),
    ),
    TE.map((provider) => {
      options.onProviderStarted?.(provider.url);
      return {
        url: provider.url,
        name: 'the embedded provider',
        options: { stateHandlers: embeddedStateHandlers(provider.services) },
        stop: provider.close,
      };
    }),
  );
};

/** Beyond the gate's own timeout: the gate, not the verifier, decides that a target is silent. */
const VERIFIER_TIMEOUT_MARGIN_MS = 5000;

const runVerifier =
  (options: VerifierOptions, gate: Gate): TE.TaskEither<VerificationError, VerificationOutcome> =>
  async () => {
    const crashes = trapCrashes((message) => gate.halt(message));
    let text: string;
    try {
      text = await withCaStoreFor(options, () => new Verifier(options).verifyProvider());
    } catch (error) {
      // A failed verification rejects with the JSON report as its message.
      text = error instanceof Error ? error.message : String(error);
    } finally {
      crashes.release();
    }
    const crash = crashes.first();
    if (crash !== undefined) return E.left({ _tag: 'Crashed', message: crash });
    const record = gate.record();
    const outcome = readVerifierReport(text);
    if (record.halt !== undefined) {
      return E.left(stoppedRun(record.halt, E.isRight(outcome) ? outcome.right : undefined));
    }
    return pipe(
      outcome,
      E.map((read) => withStateFailures(read, record.stateFailures)),
      E.mapLeft(() => ({
        _tag: 'VerifierError' as const,
        message: `the verifier did not run: ${text.split('\n')[0] ?? text}`,
      })),
    );
  };

export interface ProviderAt {
  /** How messages name the provider (default: "the provider"). */
  readonly name?: string;
  /** Pact's state changes are POSTed there (through the gate). */
  readonly stateChangeUrl?: string;
  /** How long one request may go unanswered before the run stops. */
  readonly timeoutMs?: number;
}

/** The gate in front of the provider for the length of `run`, closed whatever happens. */
const throughGate = <A>(
  provider: Endpoint,
  at: ProviderAt,
  timeoutMs: number,
  run: (gate: Gate) => TE.TaskEither<VerificationError, A>,
): TE.TaskEither<VerificationError, A> =>
  TE.bracket(
    TE.tryCatch(
      () =>
        openGate({
          provider,
          timeoutMs,
          ...(at.stateChangeUrl === undefined
            ? {}
            : { stateChange: { name: STATE_CHANGE_URL_VARIABLE, url: at.stateChangeUrl } }),
        }),
      (error) => ({
        _tag: 'VerifierError' as const,
        message: `no verification gate: ${String(error)}`,
      }),
    ),
    run,
    (gate) => TE.fromTask(gate.close),
  );

/**
 * Verifies the pacts of `source` against a provider already listening at
 * `providerUrl`, with `extra` Verifier options (state handlers). Requests go through
 * the gate, which stops the run when the provider stops answering.
 */
export const verifyProviderAt = (
  providerUrl: string,
  source: PactSource,
  extra: Partial<VerifierOptions> = {},
  logLevel: VerifyOptions['logLevel'] = 'warn',
  at: ProviderAt = {},
): TE.TaskEither<VerificationError, VerificationRun> => {
  const timeoutMs = at.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const provider = { name: at.name ?? 'the provider', url: providerUrl };
  return pipe(
    sourceOptions(source),
    TE.flatMap((sourceOpts) =>
      throughGate(provider, at, timeoutMs, (gate) =>
        runVerifier(
          {
            provider: PROVIDER_NAME,
            logLevel,
            ...sourceOpts,
            ...extra,
            providerBaseUrl: gate.url,
            timeout: timeoutMs + VERIFIER_TIMEOUT_MARGIN_MS,
            ...(gate.stateChangeUrl === undefined
              ? {}
              : {
                  // The option pact-js 16 honours for an external state-change URL
                  // (`stateChangeUrl` is silently ignored); it logs a deprecation.
                  providerStatesSetupUrl: gate.stateChangeUrl,
                  providerStatesSetupTeardown: true,
                  providerStatesSetupBody: true,
                }),
          },
          gate,
        ),
      ),
    ),
    TE.map((outcome) => ({ providerUrl, outcome })),
  );
};

/** Verifies every selected pact; a Right carries the outcome, passed or not. */
export const verifyPacts = (
  config: VerificationConfig,
  options: VerifyOptions = {},
): TE.TaskEither<VerificationError, VerificationRun> =>
  pipe(
    // Fail on unreadable pacts and unreachable targets before starting anything.
    sourceOptions(config.pacts),
    TE.flatMap(() => checkTargets(config)),
    TE.flatMap(() => startTarget(config.provider, options)),
    TE.flatMap((target) => async () => {
      const result = await verifyProviderAt(
        target.url,
        config.pacts,
        target.options,
        options.logLevel,
        {
          name: target.name,
          timeoutMs: config.timeouts.providerMs,
          ...(target.stateChangeUrl === undefined ? {} : { stateChangeUrl: target.stateChangeUrl }),
        },
      )();
      // The provider stops whatever the verification did.
      await target.stop();
      return result;
    }),
  );
