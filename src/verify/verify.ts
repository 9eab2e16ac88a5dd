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
import type { PactSource, ProviderTarget, VerificationConfig } from './config.js';
import { pactFilesIn } from '../pact-file/pact-file.js';
import { withCaStoreFor } from './ca-store.js';
import { readVerifierReport, type VerificationOutcome } from './results.js';
import { embeddedStateHandlers } from './state-handlers.js';

export type VerifierOptions = ConstructorParameters<typeof Verifier>[0];

export type VerificationError =
  /** No readable pact to verify. */
  | { readonly _tag: 'PactFileError'; readonly message: string }
  | { readonly _tag: 'ProviderStartError'; readonly message: string }
  /** The verifier could not run at all (no report): bad options, broker unreachable... */
  | { readonly _tag: 'VerifierError'; readonly message: string };

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
        ...(auth.kind === 'token' ? { pactBrokerToken: auth.token } : {}),
        ...(auth.kind === 'basic'
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
      options: {
        ...(target.stateChangeUrl === undefined
          ? {}
          : {
              // The option pact-js 16 honours for an external state-change URL
              // (`stateChangeUrl` is silently ignored); it logs a deprecation.
              providerStatesSetupUrl: target.stateChangeUrl,
              providerStatesSetupTeardown: true,
              providerStatesSetupBody: true,
            }),
        ...(target.stateChangeSecret === undefined
          ? {}
          : {
              customProviderHeaders: [
                `${PROVIDER_STATES_SECRET_HEADER}: ${target.stateChangeSecret}`,
              ],
            }),
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
        options: { stateHandlers: embeddedStateHandlers(provider.services) },
        stop: provider.close,
      };
    }),
  );
};

const runVerifier =
  (options: VerifierOptions): TE.TaskEither<VerificationError, VerificationOutcome> =>
  async () => {
    let text: string;
    try {
      text = await withCaStoreFor(options, () => new Verifier(options).verifyProvider());
    } catch (error) {
      // A failed verification rejects with the JSON report as its message.
      text = error instanceof Error ? error.message : String(error);
    }
    return pipe(
      readVerifierReport(text),
      E.mapLeft(() => ({
        _tag: 'VerifierError' as const,
        message: `the verifier did not run: ${text.split('\n')[0] ?? text}`,
      })),
    );
  };

/**
 * Verifies the pacts of `source` against a provider already listening at
 * `providerUrl`, with `extra` Verifier options (state handlers, state-change URL).
 */
export const verifyProviderAt = (
  providerUrl: string,
  source: PactSource,
  extra: Partial<VerifierOptions> = {},
  logLevel: VerifyOptions['logLevel'] = 'warn',
): TE.TaskEither<VerificationError, VerificationRun> =>
  pipe(
    sourceOptions(source),
    TE.chain((sourceOpts) =>
      runVerifier({
        provider: PROVIDER_NAME,
        logLevel,
        ...sourceOpts,
        ...extra,
        providerBaseUrl: providerUrl,
      }),
    ),
    TE.map((outcome) => ({ providerUrl, outcome })),
  );

/** Verifies every selected pact; a Right carries the outcome, passed or not. */
export const verifyPacts = (
  config: VerificationConfig,
  options: VerifyOptions = {},
): TE.TaskEither<VerificationError, VerificationRun> =>
  pipe(
    // Fail on unreadable pacts before starting anything.
    sourceOptions(config.pacts),
    TE.chain(() => startTarget(config.provider, options)),
    TE.chain((target) => async () => {
      const result = await verifyProviderAt(
        target.url,
        config.pacts,
        target.options,
        options.logLevel,
      )();
      // The provider stops whatever the verification did.
      await target.stop();
      return result;
    }),
  );
