/**
 * Broker connection settings, read only from the environment variables the official Pact
 * CLI also uses: PACT_BROKER_BASE_URL, and PACT_BROKER_TOKEN or
 * PACT_BROKER_USERNAME + PACT_BROKER_PASSWORD (or neither, for a local broker without auth).
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { invalidConfig, missingConfig, type BrokerError } from './errors.js';

export const ENV = {
  baseUrl: 'PACT_BROKER_BASE_URL',
  token: 'PACT_BROKER_TOKEN',
  username: 'PACT_BROKER_USERNAME',
  password: 'PACT_BROKER_PASSWORD',
} as const;

export type BrokerAuth =
  | { readonly kind: 'none' }
  | { readonly kind: 'token'; readonly token: string }
  | { readonly kind: 'basic'; readonly username: string; readonly password: string };

export interface BrokerConfig {
  readonly baseUrl: string;
  readonly auth: BrokerAuth;
}

type Env = Readonly<Record<string, string | undefined>>;

const read = (env: Env, name: string): string | undefined => {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
};

const baseUrlFrom = (env: Env): E.Either<BrokerError, string> => {
  const raw = read(env, ENV.baseUrl);
  if (raw === undefined) {
    return E.left(
      missingConfig(ENV.baseUrl, 'the URL of the Pact Broker, e.g. http://127.0.0.1:9292'),
    );
  }
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:'
      ? E.right(raw.replace(/\/+$/, ''))
      : E.left(invalidConfig(ENV.baseUrl, `expected an http(s) URL, got protocol ${url.protocol}`));
  } catch {
    return E.left(invalidConfig(ENV.baseUrl, 'expected an absolute http(s) URL'));
  }
};

const authFrom = (env: Env): E.Either<BrokerError, BrokerAuth> => {
  const token = read(env, ENV.token);
  const username = read(env, ENV.username);
  const password = read(env, ENV.password);
  if (token !== undefined) {
    return username === undefined && password === undefined
      ? E.right({ kind: 'token', token })
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
    ? E.right({ kind: 'basic', username, password })
    : E.right({ kind: 'none' });
};

export const brokerConfigFromEnv = (env: Env): E.Either<BrokerError, BrokerConfig> =>
  pipe(E.Do, E.apS('baseUrl', baseUrlFrom(env)), E.apS('auth', authFrom(env)));

/** The values that must never be printed. */
export const secretsOf = (config: BrokerConfig): readonly string[] => {
  switch (config.auth.kind) {
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
  switch (auth.kind) {
    case 'token':
      return { [ENV.token]: auth.token };
    case 'basic':
      return { [ENV.username]: auth.username, [ENV.password]: auth.password };
    case 'none':
      return {};
  }
};
