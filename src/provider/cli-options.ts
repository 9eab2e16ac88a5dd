/**
 * Command-line options of the provider CLIs, parsed into values or into a
 * message naming the flag and what it expects. No process access here: the
 * entry points pass argv and env in and decide how to exit.
 */
import type { ParseArgsConfig } from 'node:util';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { decode, GRANTED_SCOPE, Scope } from '../../contracts/index.js';
import { MIN_SECRET_LENGTH } from './http/provider-states-route.js';
import type { RateLimit } from './rate-limiter.js';
import { DEFAULT_RATE_LIMIT } from './services.js';
import { DEFAULT_HOST } from './start.js';
import {
  httpUrl,
  parsedCommandLine,
  read,
  withoutTrailingSlash,
  type Env,
} from '../config/index.js';

export const DEFAULT_PORT = 8080;
export const DEFAULT_DATABASE = './provider.sqlite';
export const DEFAULT_CLIENT = 'trial-client';

export interface ServeOptions {
  readonly host: string;
  readonly port: number;
  readonly databasePath: string;
  readonly rateLimit: RateLimit | false;
  readonly providerStatesSecret: string | undefined;
  readonly logger: boolean;
}

export interface SeedOptions {
  readonly databasePath: string;
  readonly clientId: string;
  readonly scope: string;
  readonly url: string;
}

export const SERVE_USAGE = `Usage: npm run provider [-- options]
  --port <n>                 port to listen on (env PORT, default ${DEFAULT_PORT}; 0 = any free port)
  --host <address>           address to bind (default ${DEFAULT_HOST})
  --db <path>                SQLite file, or :memory: (env DATABASE_PATH, default ${DEFAULT_DATABASE})
  --rate-limit <n>           refreshes allowed per token family and window (default ${DEFAULT_RATE_LIMIT.limit}; 0 disables)
  --rate-window-seconds <n>  rate-limit window (default ${DEFAULT_RATE_LIMIT.windowSeconds})
  --enable-provider-states   serve POST /_pact/provider-states; needs env PROVIDER_STATES_SECRET
                             (at least ${MIN_SECRET_LENGTH} characters), sent in X-Provider-States-Secret
  --log                      log requests (bodies are never logged)
  --help                     show this help`;

export const SEED_USAGE = `Usage: npm run provider:seed [-- options]
  --db <path>       SQLite file (env DATABASE_PATH, default ${DEFAULT_DATABASE})
  --client <id>     client to create or reuse (default ${DEFAULT_CLIENT})
  --scope <scope>   granted scope, space separated (default "${GRANTED_SCOPE}")
  --url <url>       provider base URL for the printed curl command (default http://${DEFAULT_HOST}:${DEFAULT_PORT})
  --help            show this help`;

type Parsed = Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;

const parse = (
  argv: readonly string[],
  options: NonNullable<ParseArgsConfig['options']>,
): E.Either<string, Parsed> =>
  pipe(
    parsedCommandLine({ args: [...argv], options }),
    E.map(({ values }) => values),
  );

const text = (values: Parsed, name: string): string | undefined => {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
};

const flag = (values: Parsed, name: string): boolean => values[name] === true;

const wholeNumber = (
  name: string,
  raw: string,
  min: number,
  max: number,
): E.Either<string, number> =>
  /^[0-9]+$/.test(raw) && Number(raw) >= min && Number(raw) <= max
    ? E.right(Number(raw))
    : E.left(`${name}: expected a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);

const nonEmpty = (name: string, raw: string): E.Either<string, string> =>
  raw.trim() === '' ? E.left(`${name}: expected a non-empty value`) : E.right(raw);

/** Where to listen and which database to open: flags first, then PORT and DATABASE_PATH. */
const serveWhere = (
  values: Parsed,
  env: Env,
): E.Either<string, Pick<ServeOptions, 'host' | 'port' | 'databasePath'>> => {
  const portFlag = text(values, 'port');
  const port = wholeNumber(
    portFlag === undefined ? 'PORT' : '--port',
    portFlag ?? read(env, 'PORT') ?? String(DEFAULT_PORT),
    0,
    65535,
  );
  if (E.isLeft(port)) return port;
  const host = nonEmpty('--host', text(values, 'host') ?? DEFAULT_HOST);
  if (E.isLeft(host)) return host;
  const databasePath = databasePathOf(values, env);
  if (E.isLeft(databasePath)) return databasePath;
  return E.right({ host: host.right, port: port.right, databasePath: databasePath.right });
};

const databasePathOf = (values: Parsed, env: Env): E.Either<string, string> =>
  nonEmpty(
    text(values, 'db') === undefined ? 'DATABASE_PATH' : '--db',
    text(values, 'db') ?? read(env, 'DATABASE_PATH') ?? DEFAULT_DATABASE,
  );

/** The rate limit of the flags; a limit of 0 turns it off. */
const rateLimitOf = (values: Parsed): E.Either<string, RateLimit | false> => {
  const limit = wholeNumber(
    '--rate-limit',
    text(values, 'rate-limit') ?? String(DEFAULT_RATE_LIMIT.limit),
    0,
    1_000_000,
  );
  if (E.isLeft(limit)) return limit;
  const windowSeconds = wholeNumber(
    '--rate-window-seconds',
    text(values, 'rate-window-seconds') ?? String(DEFAULT_RATE_LIMIT.windowSeconds),
    1,
    86_400,
  );
  if (E.isLeft(windowSeconds)) return windowSeconds;
  return E.right(
    limit.right === 0 ? false : { limit: limit.right, windowSeconds: windowSeconds.right },
  );
};

/** The provider-states route's secret, from the environment, when the flag enables it. */
const providerStatesSecretOf = (values: Parsed, env: Env): E.Either<string, string | undefined> => {
  if (!flag(values, 'enable-provider-states')) return E.right(undefined);
  // Taken exactly as given: a secret is compared byte for byte, never trimmed.
  const secret = env['PROVIDER_STATES_SECRET'];
  return secret !== undefined && secret.length >= MIN_SECRET_LENGTH
    ? E.right(secret)
    : E.left(
        `--enable-provider-states: expected env PROVIDER_STATES_SECRET of at least ${MIN_SECRET_LENGTH} characters`,
      );
};

export const parseServeOptions = (
  argv: readonly string[],
  env: Env,
): E.Either<string, ServeOptions> =>
  pipe(
    parse(argv, {
      port: { type: 'string' },
      host: { type: 'string' },
      db: { type: 'string' },
      'rate-limit': { type: 'string' },
      'rate-window-seconds': { type: 'string' },
      'enable-provider-states': { type: 'boolean' },
      log: { type: 'boolean' },
    }),
    E.flatMap((values) =>
      pipe(
        serveWhere(values, env),
        E.bindW('rateLimit', () => rateLimitOf(values)),
        E.bindW('providerStatesSecret', () => providerStatesSecretOf(values, env)),
        E.map((options) => ({
          ...options,
          logger: flag(values, 'log'),
        })),
      ),
    ),
  );

/** The provider's base URL for the printed command: origin and path, no trailing slash. */
const baseUrlOption = (raw: string): E.Either<string, string> =>
  pipe(
    httpUrl(raw),
    E.mapLeft(() => `--url: expected an http(s) URL, got ${JSON.stringify(raw)}`),
    E.map((url) => url.origin + withoutTrailingSlash(url.pathname)),
  );

export const parseSeedOptions = (
  argv: readonly string[],
  env: Env,
): E.Either<string, SeedOptions> => {
  const parsed = parse(argv, {
    db: { type: 'string' },
    client: { type: 'string' },
    scope: { type: 'string' },
    url: { type: 'string' },
  });
  if (E.isLeft(parsed)) return parsed;
  const values = parsed.right;
  const databasePath = databasePathOf(values, env);
  if (E.isLeft(databasePath)) return databasePath;
  const clientId = nonEmpty('--client', text(values, 'client') ?? DEFAULT_CLIENT);
  if (E.isLeft(clientId)) return clientId;
  const scope = decode(Scope)(text(values, 'scope') ?? GRANTED_SCOPE);
  if (E.isLeft(scope)) return E.left(`--scope: expected ${Scope.meaning}`);
  const url = baseUrlOption(text(values, 'url') ?? `http://${DEFAULT_HOST}:${DEFAULT_PORT}`);
  if (E.isLeft(url)) return url;
  return E.right({
    databasePath: databasePath.right,
    clientId: clientId.right,
    scope: scope.right,
    url: url.right,
  });
};
