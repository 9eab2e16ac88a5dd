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

export type BrokerAuth =
  | { readonly _tag: 'none' }
  | { readonly _tag: 'token'; readonly token: string }
  | { readonly _tag: 'basic'; readonly username: string; readonly password: string };

export interface BrokerConfig {
  readonly baseUrl: string;
  readonly auth: BrokerAuth;
}

/** A broker URL checked, without its credentials, and the credentials it carried. */
interface BrokerUrl {
  readonly baseUrl: string;
  readonly userinfo?: { readonly username: string; readonly password: string };
}

/**
 * The official CLI and the Rust verifier print the broker URL they are given in their errors,
 * so credentials in the URL are taken out here and handed over as basic auth instead.
 */
const brokerUrlFrom = (env: Env): E.Either<BrokerError, BrokerUrl> => {
  const raw = read(env, ENV.baseUrl);
  if (raw === undefined) {
    return E.left(
      missingConfig(ENV.baseUrl, 'the URL of the Pact Broker, e.g. http://127.0.0.1:9292'),
    );
  }
  return pipe(
    httpUrl(raw),
    E.mapLeft((why) => invalidConfig(ENV.baseUrl, why)),
    E.map(withoutUserinfo),
  );
};

/** The URL with its credentials taken out, and those credentials. */
const withoutUserinfo = (url: URL): BrokerUrl => {
  const userinfo =
    url.username === '' && url.password === ''
      ? undefined
      : {
          username: decodeURIComponent(url.username),
          password: decodeURIComponent(url.password),
        };
  url.username = '';
  url.password = '';
  return { baseUrl: withoutTrailingSlash(url.toString()), ...(userinfo && { userinfo }) };
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
const authFrom = (url: BrokerUrl, env: Env): E.Either<BrokerError, BrokerAuth> =>
  pipe(
    authFromVariables(env),
    E.flatMap((auth) => {
      if (url.userinfo === undefined) return E.right(auth);
      const fromUrl: BrokerAuth = { _tag: 'basic', ...url.userinfo };
      const agrees =
        auth._tag === 'none' ||
        (auth._tag === 'basic' &&
          auth.username === fromUrl.username &&
          auth.password === fromUrl.password);
      return agrees
        ? E.right(fromUrl)
        : E.left(
            invalidConfig(
              ENV.baseUrl,
              `its credentials differ from ${auth._tag === 'token' ? ENV.token : `${ENV.username}/${ENV.password}`}; give them in one place`,
            ),
          );
    }),
  );

export const brokerConfigFromEnv = (env: Env): E.Either<BrokerError, BrokerConfig> =>
  pipe(
    brokerUrlFrom(env),
    E.flatMap((url) =>
      pipe(
        authFrom(url, env),
        E.map((auth) => ({ baseUrl: url.baseUrl, auth })),
      ),
    ),
  );

/** The values that must never be printed. */
export const secretsOf = (config: BrokerConfig): readonly string[] => {
  switch (config.auth._tag) {
    case 'token':
      return [config.auth.token];
    case 'basic':
      return [config.auth.password];
    case 'none':
      return [];
  }
};

/** The variables the CLI child reads its credentials from (never passed as arguments). */
export const credentialEnv = (auth: BrokerAuth): Readonly<Record<string, string>> => {
  switch (auth._tag) {
    case 'token':
      return { [ENV.token]: auth.token };
    case 'basic':
      return { [ENV.username]: auth.username, [ENV.password]: auth.password };
    case 'none':
      return {};
  }
};
