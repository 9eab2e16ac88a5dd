/**
 * What to verify and against what, read from the ecosystem's usual
 * variables. Missing or malformed configuration is a Left naming the variable.
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { brokerConfigFromEnv, ENV, type BrokerConfig } from '../broker/config.js';
import { gitBranch, gitCommit } from '../broker/git.js';
import {
  BROKER_TIMEOUT_VARIABLE,
  httpUrl,
  PACTS_DIR,
  PROVIDER_TIMEOUT_VARIABLE,
  read,
  timeoutMsFrom,
  withoutTrailingSlash,
  type Env,
} from '../config/index.js';

export interface ConfigError {
  readonly _tag: 'ConfigError';
  readonly variable: string;
  readonly message: string;
}

export const configError = (variable: string, message: string): ConfigError => ({
  _tag: 'ConfigError',
  variable,
  message: `${variable}: ${message}`,
});

/** The provider under test. */
export type ProviderTarget =
  /** The reference provider shipped here, started on a free port with a fresh database. */
  | { readonly _tag: 'Embedded' }
  /** Any running deployment; states are set up through its state-change URL when given. */
  | {
      readonly _tag: 'Deployment';
      readonly baseUrl: string;
      readonly stateChangeUrl?: string;
      /** Sent as a header with every state change, when set. */
      readonly stateChangeSecret?: string;
    };

/** Where the pacts come from. */
export type PactSource =
  | { readonly _tag: 'Files'; readonly dir: string }
  | {
      readonly _tag: 'Broker';
      /** The broker and its credentials, read by src/broker (one reading of those variables). */
      readonly broker: BrokerConfig;
      /** Publish the verification result (`CI=true` or PACT_PUBLISH_VERIFICATION_RESULTS=true). */
      readonly publish: boolean;
      readonly providerVersion: string;
      readonly providerBranch: string;
      /** Work-in-progress pacts created since this date are verified too (as pending). */
      readonly includeWipPactsSince: string;
      /** A broker webhook names one changed pact: verify just that one. */
      readonly pactUrl?: string;
    };

/** How long a silent target is waited for, in milliseconds. */
export interface Timeouts {
  /** Each request to the provider and its state-change URL, and their check before the run. */
  readonly providerMs: number;
  /** The check that the broker answers, before the run. */
  readonly brokerMs: number;
}

export interface VerificationConfig {
  readonly provider: ProviderTarget;
  readonly pacts: PactSource;
  readonly timeouts: Timeouts;
}

/** The variables that name a deployment under test. */
export const PROVIDER_URL_VARIABLE = 'PROVIDER_BASE_URL';
export const STATE_CHANGE_URL_VARIABLE = 'PROVIDER_STATE_CHANGE_URL';
/** Sent with every state change to a deployment's state-change URL. */
export const STATES_SECRET_VARIABLE = 'PROVIDER_STATES_SECRET';
/** The one pact a broker webhook names. */
export const PACT_URL_VARIABLE = 'PACT_URL';

/** The value as given, without trailing slashes, once it is an absolute http(s) URL. */
const absoluteHttpUrl = (variable: string, value: string): E.Either<ConfigError, string> =>
  pipe(
    httpUrl(value),
    E.mapLeft((why) => configError(variable, why)),
    E.map(() => withoutTrailingSlash(value)),
  );

const providerTarget = (env: Env): E.Either<ConfigError, ProviderTarget> => {
  const baseUrl = read(env, PROVIDER_URL_VARIABLE);
  const stateChangeUrl = read(env, STATE_CHANGE_URL_VARIABLE);
  const stateChangeSecret = read(env, STATES_SECRET_VARIABLE);
  if (baseUrl === undefined) {
    return stateChangeUrl === undefined
      ? E.right({ _tag: 'Embedded' })
      : E.left(
          configError(PROVIDER_URL_VARIABLE, `must be set when ${STATE_CHANGE_URL_VARIABLE} is`),
        );
  }
  return pipe(
    E.Do,
    E.bind('base', () => absoluteHttpUrl(PROVIDER_URL_VARIABLE, baseUrl)),
    E.bind('states', () =>
      stateChangeUrl === undefined
        ? E.right(undefined)
        : absoluteHttpUrl(STATE_CHANGE_URL_VARIABLE, stateChangeUrl),
    ),
    E.map(({ base, states }) => ({
      _tag: 'Deployment' as const,
      baseUrl: base,
      ...(states === undefined ? {} : { stateChangeUrl: states }),
      ...(stateChangeSecret === undefined ? {} : { stateChangeSecret }),
    })),
  );
};

/** The broker connection, read the way every broker command reads it. */
const brokerConnection = (env: Env): E.Either<ConfigError, BrokerConfig> =>
  pipe(
    brokerConfigFromEnv(env),
    E.mapLeft((error) => ({
      _tag: 'ConfigError' as const,
      variable: 'variable' in error ? error.variable : ENV.baseUrl,
      message: error.message,
    })),
  );

/** A variable's value, or the git fact a pipeline records by default. */
const orGit = (
  env: Env,
  variable: string,
  fromGit: E.Either<{ readonly message: string }, string>,
): E.Either<ConfigError, string> => {
  const value = read(env, variable);
  if (value !== undefined) return E.right(value);
  return pipe(
    fromGit,
    E.mapLeft((error) =>
      configError(variable, `not set, and no default from git (${error.message})`),
    ),
  );
};

/** Early enough to include every work-in-progress pact a broker holds. */
export const DEFAULT_WIP_PACTS_SINCE = '2020-01-01';

const isTrue = (value: string | undefined) => value === 'true' || value === '1';

const pactSource = (env: Env): E.Either<ConfigError, PactSource> => {
  const brokerUrl = read(env, ENV.baseUrl);
  if (brokerUrl === undefined)
    return E.right({ _tag: 'Files', dir: read(env, 'PACT_DIR') ?? PACTS_DIR });
  const publish = isTrue(read(env, 'PACT_PUBLISH_VERIFICATION_RESULTS')) || isTrue(read(env, 'CI'));
  const pactUrl = read(env, PACT_URL_VARIABLE);
  return pipe(
    E.Do,
    E.bind('broker', () => brokerConnection(env)),
    E.bind('providerVersion', () => orGit(env, 'PACT_PROVIDER_VERSION', gitCommit())),
    E.bind('providerBranch', () => orGit(env, 'PACT_PROVIDER_BRANCH', gitBranch(env))),
    E.bind('url', () =>
      pactUrl === undefined ? E.right(undefined) : absoluteHttpUrl(PACT_URL_VARIABLE, pactUrl),
    ),
    E.map(({ url, ...broker }) => ({
      _tag: 'Broker' as const,
      ...broker,
      publish,
      includeWipPactsSince: read(env, 'PACT_INCLUDE_WIP_PACTS_SINCE') ?? DEFAULT_WIP_PACTS_SINCE,
      ...(url === undefined ? {} : { pactUrl: url }),
    })),
  );
};

const timeouts = (env: Env): E.Either<ConfigError, Timeouts> =>
  pipe(
    E.Do,
    E.bind('providerMs', () => timeoutMsFrom(env, PROVIDER_TIMEOUT_VARIABLE)),
    E.bind('brokerMs', () => timeoutMsFrom(env, BROKER_TIMEOUT_VARIABLE)),
    E.mapLeft(({ variable, why }) => configError(variable, why)),
  );

export const verificationConfigFrom = (env: Env): E.Either<ConfigError, VerificationConfig> =>
  pipe(
    E.Do,
    E.bind('provider', () => providerTarget(env)),
    E.bind('pacts', () => pactSource(env)),
    E.bind('timeouts', () => timeouts(env)),
  );
