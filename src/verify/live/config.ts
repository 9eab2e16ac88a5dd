/**
 * What a live run verifies and with which credentials, read from the environment: the
 * verification's own variables (a deployment by URL, pacts from `pacts/` or a broker) with no
 * state-change URL and no publishing, plus the live tokens. Bad configuration is a Left naming
 * the variable.
 */
import { resolve } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { read, timeoutMsFrom, type Env } from '../../config/index.js';
import {
  configError,
  PROVIDER_URL_VARIABLE,
  STATE_CHANGE_URL_VARIABLE,
  verificationConfigFrom,
  type ConfigError,
  type ProviderTarget,
  type VerificationConfig,
} from '../config.js';
import { LIVE_VARIABLES, type OperatorTokenVariable } from './decisions.js';

/** Where the live refresh token comes from, and so where its successor goes. */
export type TokenSource =
  /** A file holding the token, replaced atomically by its successor. */
  | { readonly _tag: 'File'; readonly path: string }
  /** The token itself; its successor goes to the command's standard input. */
  | {
      readonly _tag: 'Command';
      readonly token: string;
      readonly command: string;
      readonly timeoutMs: number;
    };

export interface LiveConfig {
  /** A deployment, pacts from files or a broker, never published. */
  readonly verification: VerificationConfig & {
    readonly provider: Extract<ProviderTarget, { _tag: 'Deployment' }>;
  };
  readonly token: TokenSource | undefined;
  readonly operatorTokens: ReadonlyMap<OperatorTokenVariable, string>;
  /**
   * The run's own directory (LIVE_STATE_DIR, by default `.live` in the working directory, which
   * `npm run` makes the project's): the command case's lock, and a successor no save took.
   */
  readonly stateDir: string;
}

const {
  tokenFile: FILE,
  token: TOKEN,
  saveCommand: COMMAND,
  saveTimeout: SAVE_TIMEOUT,
} = LIVE_VARIABLES;

/** How long a save command may take by default: a CI secret setter talks to a remote API. */
const DEFAULT_SAVE_TIMEOUT_MS = 30_000;

/** A token is one opaque word: whitespace inside is a pasting mistake. */
const oneToken = (variable: string, value: string): E.Either<ConfigError, string> =>
  /\s/.test(value)
    ? E.left(configError(variable, 'expected one token, without whitespace inside'))
    : E.right(value);

/** The token file, or the token with the command its successor goes to; or neither. */
const tokenSource = (env: Env): E.Either<ConfigError, TokenSource | undefined> => {
  const [file, token, command] = [FILE, TOKEN, COMMAND].map((name) => read(env, name));
  if (file !== undefined && token !== undefined)
    return E.left(configError(TOKEN, `set it or ${FILE}, not both`));
  if (file !== undefined && command !== undefined)
    return E.left(configError(COMMAND, `goes with ${TOKEN}; ${FILE} is itself replaced`));
  if (file !== undefined) return E.right({ _tag: 'File', path: resolve(file) });
  if (token === undefined && command !== undefined)
    return E.left(configError(COMMAND, `set with ${TOKEN}, the token whose successor it saves`));
  if (token === undefined) return E.right(undefined);
  if (command === undefined)
    return E.left(
      configError(
        COMMAND,
        `must be set with ${TOKEN}: a refresh rotates the token, and its successor must be saved`,
      ),
    );
  return pipe(
    E.Do,
    E.bind('token', () => oneToken(TOKEN, token)),
    E.bind('timeoutMs', () =>
      pipe(
        read(env, SAVE_TIMEOUT) === undefined
          ? E.right(DEFAULT_SAVE_TIMEOUT_MS)
          : timeoutMsFrom(env, SAVE_TIMEOUT),
        E.mapLeft(({ variable, why }) => configError(variable, why)),
      ),
    ),
    E.map(({ token, timeoutMs }) => ({ _tag: 'Command', token, command, timeoutMs })),
  );
};

const operatorTokens = (
  env: Env,
): E.Either<ConfigError, ReadonlyMap<OperatorTokenVariable, string>> => {
  const given: [OperatorTokenVariable, string][] = [];
  for (const variable of [LIVE_VARIABLES.expiredToken, LIVE_VARIABLES.suspendedToken] as const) {
    const value = read(env, variable);
    if (value === undefined) continue;
    const token = oneToken(variable, value);
    if (E.isLeft(token)) return token;
    given.push([variable, token.right]);
  }
  return E.right(new Map(given));
};

/** The verification a live run makes: a deployment, no state-change URL, nothing published. */
const liveVerification = (env: Env): E.Either<ConfigError, LiveConfig['verification']> =>
  pipe(
    verificationConfigFrom(env),
    E.flatMap((config) => {
      const { provider, pacts } = config;
      if (provider._tag !== 'Deployment') {
        return E.left(
          configError(PROVIDER_URL_VARIABLE, 'must be set: a live run verifies a deployment'),
        );
      }
      if (provider.stateChangeUrl !== undefined) {
        return E.left(
          configError(
            STATE_CHANGE_URL_VARIABLE,
            'a live run sets no provider state up by URL (npm run verify does)',
          ),
        );
      }
      const unpublished = pacts._tag === 'Broker' ? { ...pacts, publish: false } : pacts;
      return E.right({ ...config, provider, pacts: unpublished });
    }),
  );

export const liveConfigFrom = (env: Env): E.Either<ConfigError, LiveConfig> =>
  pipe(
    E.Do,
    E.bind('verification', () => liveVerification(env)),
    E.bind('token', () => tokenSource(env)),
    E.bind('operatorTokens', () => operatorTokens(env)),
    E.map((config) => ({
      ...config,
      stateDir: resolve(read(env, LIVE_VARIABLES.stateDir) ?? '.live'),
    })),
  );
