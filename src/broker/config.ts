/**
 * Broker connection settings, read only from the environment variables the official Pact
 * CLI also uses: PACT_BROKER_BASE_URL, and PACT_BROKER_TOKEN or
 * PACT_BROKER_USERNAME + PACT_BROKER_PASSWORD (or neither, for a local broker without auth).
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { httpUrl, read, withoutTrailingSlash, type Env } from '../config/index.js';
import { invalidConfig, missingConfig, type BrokerError } from './errors.js';

export const ENV = {
  baseUrl: 'PACT_BROKER_BASE_URL',
  token: 'PACT_BROKER_TOKEN',
  username: 'PACT_BROKER_USERNAME',
  password: 'PACT_BROKER_PASSWORD',
} as const;

/** The broker is down when it answers 5xx: the Pact CLI would retry for a minute. */
export const brokerUp = (status: number): boolean => status < 500;

export type BrokerAuth =
  | { readonly _tag: 'none' }
  | { readonly _tag: 'token'; readonly token: string }
  | { readonly _tag: 'basic'; readonly username: string; readonly password: string };

export interface BrokerConfig {
  readonly baseUrl: string;
  readonly auth: BrokerAuth;
}

/**
 * The official CLI and the Rust verifier print the broker URL they are given in their errors,
 * so credentials in the URL (`https://user:password@host`) are taken out of it here, and handed
 * over as basic auth instead.
 */
const takeCredentials = (url: URL): BrokerAuth => {
  const username = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  url.username = '';
  url.password = '';
  return username === '' && password === ''
    ? { _tag: 'none' }
    : { _tag: 'basic', username, password };
};

const authFromVariables = (env: Env): E.Either<BrokerError, BrokerAuth> => {
  const token = read(env, ENV.token);
  const username = read(env, ENV.username);
  const password = read(env, ENV.password);
  if (token !== undefined) {
    return username === undefined && password === undefined
      ? E.right({ _tag: 'token', token })
      : E.left(
          invalidConfig(
            ENV.token,
            `set either ${ENV.token} or ${ENV.username}/${ENV.password}, not both`,
          ),
        );
  }
  if (username !== undefined && password === undefined) {
    return E.left(missingConfig(ENV.password, `${ENV.username} is set, so basic auth needs it`));
  }
  if (password !== undefined && username === undefined) {
    return E.left(missingConfig(ENV.username, `${ENV.password} is set, so basic auth needs it`));
  }
  return username !== undefined && password !== undefined
    ? E.right({ _tag: 'basic', username, password })
    : E.right({ _tag: 'none' });
};

/** Credentials in the URL are basic auth; they may agree with the variables, never contradict them. */
const authFrom = (inUrl: BrokerAuth, env: Env): E.Either<BrokerError, BrokerAuth> =>
  pipe(
    authFromVariables(env),
    E.filterOrElse(
      (auth) =>
        inUrl._tag !== 'basic' ||
        auth._tag === 'none' ||
        (auth._tag === 'basic' &&
          auth.username === inUrl.username &&
          auth.password === inUrl.password),
      (auth) =>
        invalidConfig(
          ENV.baseUrl,
          `its credentials differ from ${auth._tag === 'token' ? ENV.token : `${ENV.username}/${ENV.password}`}; give them in one place`,
        ),
    ),
    E.map((auth) => (inUrl._tag === 'basic' ? inUrl : auth)),
  );

export const brokerConfigFromEnv = (env: Env): E.Either<BrokerError, BrokerConfig> => {
  const raw = read(env, ENV.baseUrl);
  if (raw === undefined) {
    return E.left(
      missingConfig(ENV.baseUrl, 'the URL of the Pact Broker, e.g. http://127.0.0.1:9292'),
    );
  }
  return pipe(
    httpUrl(raw),
    E.mapLeft((why) => invalidConfig(ENV.baseUrl, why)),
    E.flatMap((url) => {
      const inUrl = takeCredentials(url);
      return pipe(
        authFrom(inUrl, env),
        E.map((auth) => ({ baseUrl: withoutTrailingSlash(url.toString()), auth })),
      );
    }),
  );
};

/** The values that must never be printed: the token, or the password. */
export const secretsOf = ({ auth }: BrokerConfig): readonly string[] =>
  auth._tag === 'token' ? [auth.token] : auth._tag === 'basic' ? [auth.password] : [];

/** The variables the CLI child reads its credentials from (never passed as arguments). */
export const credentialEnv = (auth: BrokerAuth): Readonly<Record<string, string>> =>
  auth._tag === 'token'
    ? { [ENV.token]: auth.token }
    : auth._tag === 'basic'
      ? { [ENV.username]: auth.username, [ENV.password]: auth.password }
      : {};
