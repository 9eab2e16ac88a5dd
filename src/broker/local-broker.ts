/**
 * A real Pact Broker on 127.0.0.1 for tests and local pipelines: the official pact_broker gem
 * from broker/ (installed by broker/install.sh) served by Puma, on SQLite or on a throwaway
 * PostgreSQL cluster (src/broker/local-postgres.ts). Started detached, so that `broker:start`
 * can return while the broker runs; stopped by the pid it recorded, its cluster with it.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import {
  errorCause,
  errorMessage,
  helpAsked,
  parsedCommandLine,
  PROJECT_ROOT,
} from '../config/index.js';
import { ENV } from './config.js';
import { exitCodeOf, invalidArgument, localBrokerError, type BrokerError } from './errors.js';
import { redactUrl } from './mask.js';
import type { Run } from './pact-cli.js';
import { startLocalPostgres, stopLocalPostgres } from './local-postgres.js';
import { freePort, isAlive, sleep, tail, terminate } from './local-process.js';

export const BROKER_DIR = join(PROJECT_ROOT, 'broker');
/** Default home of the database, log and pid files (gitignored). */
export const DEFAULT_DATA_DIR = join(PROJECT_ROOT, '.broker');
export const HEARTBEAT_PATH = '/diagnostic/status/heartbeat';

/** Where the broker keeps its data: SQLite (the quick default) or PostgreSQL (as in production). */
export const BROKER_DATABASES = ['sqlite', 'postgres'] as const;
export type BrokerDatabase = (typeof BROKER_DATABASES)[number];

export const isBrokerDatabase = (value: string): value is BrokerDatabase =>
  BROKER_DATABASES.some((d) => d === value);

export interface BasicAuthCredentials {
  readonly username: string;
  readonly password: string;
}

/** The port `broker:start` uses unless told otherwise (the Pact Broker's customary one). */
export const DEFAULT_PORT = 9292;

export interface LocalBrokerOptions {
  /** TCP port on 127.0.0.1, as a number or as typed; 0 (the default) is any free port. */
  readonly port?: number | string;
  /** Database, log and pid files; a fresh directory gives a fresh broker. */
  readonly dataDir?: string;
  /** SQLite (the default) or a PostgreSQL cluster made under `dataDir`. */
  readonly database?: BrokerDatabase;
  /** Turns on the broker's basic auth; the heartbeat stays public for the readiness poll. */
  readonly basicAuth?: BasicAuthCredentials;
  readonly readyTimeoutMs?: number;
}

export interface LocalBroker {
  readonly url: string;
  readonly pid: number;
  readonly dataDir: string;
  readonly logFile: string;
  /** The SQLite file, or the PostgreSQL URL the broker got as PACT_BROKER_DATABASE_URL. */
  readonly database:
    | { readonly kind: 'sqlite'; readonly file: string }
    | { readonly kind: 'postgres'; readonly url: string };
}

const files = (dataDir: string) => ({
  database: join(dataDir, 'pact_broker.sqlite3'),
  log: join(dataDir, 'broker.log'),
  pid: join(dataDir, 'broker.pid'),
  url: join(dataDir, 'broker.url'),
});

/**
 * Right when Ruby, Bundler and the installed bundle are present; Left says what to run.
 * The broker tests fail with it, naming what to run, rather than time out starting Puma.
 */
export const localBrokerInstalled = (): E.Either<string, void> => {
  const check = spawnSync('bundle', ['check'], {
    cwd: BROKER_DIR,
    env: { ...process.env, BUNDLE_GEMFILE: join(BROKER_DIR, 'Gemfile') },
    encoding: 'utf8',
  });
  if (check.error !== undefined) {
    return E.left(`Ruby/Bundler not found (${check.error.message}); run broker/install.sh`);
  }
  return check.status === 0
    ? E.right(undefined)
    : E.left('the Pact Broker bundle is not installed; run broker/install.sh');
};

/** Guards against a stale pid file naming a pid that now belongs to something else. */
const isOurBroker = (pid: number): boolean => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('puma');
  } catch {
    return isAlive(pid);
  }
};

/** `undefined` when the heartbeat answers 2xx, else what went wrong (for the error message). */
const heartbeatProblem = async (url: string): Promise<string | undefined> => {
  try {
    const res = await fetch(`${url}${HEARTBEAT_PATH}`, {
      signal: AbortSignal.timeout(2000),
      // A fresh connection each time: a pooled one may belong to an earlier broker on this port.
      headers: { connection: 'close' },
    });
    await res.arrayBuffer();
    return res.ok ? undefined : `HTTP ${res.status}`;
  } catch (error) {
    return errorMessage(errorCause(error));
  }
};

/** The broker's own settings, without the client-side variables it would also pick up. */
const brokerEnv = (
  opts: LocalBrokerOptions,
  database: LocalBroker['database'],
): NodeJS.ProcessEnv => {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) =>
        !Object.values(ENV).some((v) => v === name) &&
        !name.startsWith('PACT_BROKER_BASIC_AUTH') &&
        !name.startsWith('PACT_BROKER_DATABASE'),
    ),
  );
  const auth =
    opts.basicAuth === undefined
      ? {}
      : {
          PACT_BROKER_BASIC_AUTH_ENABLED: 'true',
          PACT_BROKER_BASIC_AUTH_USERNAME: opts.basicAuth.username,
          PACT_BROKER_BASIC_AUTH_PASSWORD: opts.basicAuth.password,
        };
  return {
    ...inherited,
    ...auth,
    BUNDLE_GEMFILE: join(BROKER_DIR, 'Gemfile'),
    RACK_ENV: 'production',
    ...(database.kind === 'sqlite'
      ? { PACT_BROKER_SQLITE_PATH: database.file }
      : { PACT_BROKER_DATABASE_URL: database.url }),
    PACT_BROKER_PUBLIC_HEARTBEAT: 'true',
    // A local broker may call local services over http (in tests, a stand-in for GitHub's
    // API receives the verification webhook); a production broker keeps the https default.
    PACT_BROKER_WEBHOOK_SCHEME_WHITELIST: 'http https',
  };
};

const waitUntilReady = async (
  pid: number,
  url: string,
  logFile: string,
  timeoutMs: number,
): Promise<E.Either<BrokerError, void>> => {
  const deadline = Date.now() + timeoutMs;
  let last = 'not asked yet';
  while (Date.now() < deadline) {
    if (!isAlive(pid)) {
      return E.left(localBrokerError(`the Pact Broker exited during start-up; ${tail(logFile)}`));
    }
    const problem = await heartbeatProblem(url);
    if (problem === undefined) return E.right(undefined);
    last = problem;
    await sleep(250);
  }
  return E.left(
    localBrokerError(
      `the Pact Broker did not answer within ${timeoutMs} ms (last try: ${url}${HEARTBEAT_PATH}: ${last}); ${tail(logFile)}`,
    ),
  );
};

/** The database the broker will use; a PostgreSQL cluster is made and started first. */
const prepareDatabase = (
  kind: BrokerDatabase,
  dataDir: string,
): TE.TaskEither<BrokerError, LocalBroker['database']> =>
  kind === 'sqlite'
    ? TE.right({ kind, file: files(dataDir).database })
    : pipe(
        startLocalPostgres(dataDir),
        TE.map(({ url }) => ({ kind, url })),
      );

/** The pid in `dataDir`'s pid file, if there is a valid one. */
const recordedPid = (dataDir: string): number | undefined => {
  const pidFile = files(dataDir).pid;
  const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) : NaN;
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
};

/** Nothing to start over: the broker is installed and none runs from `dataDir` already. */
const readyToStart = (dataDir: string): E.Either<BrokerError, void> => {
  const installed = localBrokerInstalled();
  if (E.isLeft(installed)) return E.left(localBrokerError(installed.left));
  const pid = recordedPid(dataDir);
  return pid !== undefined && isAlive(pid) && isOurBroker(pid)
    ? E.left(
        localBrokerError(`a broker is already running from ${dataDir} (pid ${pid}); stop it first`),
      )
    : E.right(undefined);
};

/** Starts Puma detached, its output in the log file; resolves with its pid once spawned. */
const spawnPuma = async (
  url: string,
  env: NodeJS.ProcessEnv,
  logFile: string,
): Promise<E.Either<BrokerError, number>> => {
  rmSync(logFile, { force: true });
  const log = openSync(logFile, 'a');
  const child = spawn(
    'bundle',
    ['exec', 'puma', '--bind', url.replace('http:', 'tcp:'), '--threads', '0:4', 'config.ru'],
    { cwd: BROKER_DIR, env, detached: true, stdio: ['ignore', log, log] },
  );
  closeSync(log);
  const spawned = await new Promise<E.Either<BrokerError, number>>((res) => {
    child.once('error', (e) => res(E.left(localBrokerError(`could not start Puma: ${e.message}`))));
    child.once('spawn', () =>
      res(
        child.pid === undefined
          ? E.left(localBrokerError('Puma started without a pid'))
          : E.right(child.pid),
      ),
    );
  });
  // Detached: the broker outlives this process until stopped by its pid.
  if (E.isRight(spawned)) child.unref();
  return spawned;
};

/** A port as asked for, as a number or as typed: 0 to 65535, 0 meaning any free one. */
const portAsked = (port: number | string): E.Either<BrokerError, number> =>
  /^\d+$/.test(String(port)) && Number(port) <= 65535
    ? E.right(Number(port))
    : E.left(invalidArgument(`port must be a whole number from 0 to 65535, got ${port}`));

/** Starts a broker, waits for its heartbeat, and records its pid and URL in `dataDir`. */
export const startLocalBroker = (
  opts: LocalBrokerOptions = {},
): TE.TaskEither<BrokerError, LocalBroker> => {
  const dataDir = resolve(opts.dataDir ?? DEFAULT_DATA_DIR);
  const f = files(dataDir);
  const asked = portAsked(opts.port ?? 0);
  return async () => {
    if (E.isLeft(asked)) return asked;
    const startable = readyToStart(dataDir);
    if (E.isLeft(startable)) return startable;
    mkdirSync(dataDir, { recursive: true });
    const database = await prepareDatabase(opts.database ?? 'sqlite', dataDir)();
    if (E.isLeft(database)) {
      // A cluster may have started before a later step (its role, its database) failed.
      stopLocalPostgres(dataDir);
      return database;
    }
    const url = `http://127.0.0.1:${asked.right === 0 ? await freePort() : asked.right}`;
    const spawned = await spawnPuma(url, brokerEnv(opts, database.right), f.log);
    if (E.isLeft(spawned)) {
      stopLocalPostgres(dataDir);
      return spawned;
    }
    const pid = spawned.right;
    writeFileSync(f.pid, `${pid}\n`);
    const ready = await waitUntilReady(pid, url, f.log, opts.readyTimeoutMs ?? 120_000);
    if (E.isLeft(ready)) {
      await terminate(pid);
      stopLocalPostgres(dataDir);
      rmSync(f.pid, { force: true });
      return ready;
    }
    writeFileSync(f.url, `${url}\n`);
    return E.right({ url, pid, dataDir, logFile: f.log, database: database.right });
  };
};

/** Stops a broker started by `startLocalBroker`, then its PostgreSQL cluster if it has one. */
export const stopLocalBroker = (
  broker: Pick<LocalBroker, 'pid' | 'dataDir'>,
): TE.TaskEither<BrokerError, void> =>
  pipe(
    TE.tryCatch(
      async () => {
        if (isOurBroker(broker.pid)) await terminate(broker.pid);
        const f = files(broker.dataDir);
        rmSync(f.pid, { force: true });
        rmSync(f.url, { force: true });
      },
      (e) => localBrokerError(`could not stop the broker (pid ${broker.pid}): ${errorMessage(e)}`),
    ),
    TE.flatMapEither(() => stopLocalPostgres(broker.dataDir)),
    TE.map(() => undefined),
  );

/** Stops the broker whose pid file is in `dataDir`; Right(false) when none was running. */
export const stopLocalBrokerIn = (
  dataDir: string = DEFAULT_DATA_DIR,
): TE.TaskEither<BrokerError, boolean> => {
  const dir = resolve(dataDir);
  const pid = recordedPid(dir);
  if (pid !== undefined) return TE.map(() => true)(stopLocalBroker({ pid, dataDir: dir }));
  // Without a broker, a cluster left running by an interrupted start is still stopped.
  rmSync(files(dir).pid, { force: true });
  return TE.fromEither(stopLocalPostgres(dir));
};

// The command line: `npm run broker:start` / `broker:stop` (src/broker/cli.ts).

const USAGE = {
  'broker-start':
    'usage: npm run broker:start [-- --port 9292 --data-dir .broker --database sqlite|postgres --json]',
  'broker-stop': 'usage: npm run broker:stop [-- --data-dir .broker]',
} as const;
type LocalCommand = keyof typeof USAGE;

/** One line prefixed with the npm script's name, exit code by the convention (docs/commands.md). */
const failed = (command: LocalCommand, error: BrokerError): Run => ({
  exitCode: exitCodeOf(error),
  stdout: '',
  stderr: `${command.replace('-', ':')}: ${error.message}`,
});

const printed = (stdout: string): Run => ({ exitCode: 0, stdout, stderr: '' });

/** A bad option, with the command's usage line. */
const misused = (command: LocalCommand, why: string): Run =>
  failed(command, invalidArgument(`${why}\n${USAGE[command]}`));

/** Starts a broker; the URL alone on the first line, for `export PACT_BROKER_BASE_URL=$(... | head -1)`. */
const brokerStart = async (typed: readonly string[]): Promise<Run> => {
  if (helpAsked(typed)) return printed(USAGE['broker-start']);
  const options = parsedCommandLine({
    args: [...typed],
    options: {
      port: { type: 'string', default: String(DEFAULT_PORT) },
      'data-dir': { type: 'string', default: DEFAULT_DATA_DIR },
      database: { type: 'string', default: 'sqlite' },
      json: { type: 'boolean', default: false },
    },
  });
  if (E.isLeft(options)) return misused('broker-start', options.left);
  const { port, 'data-dir': dataDir, database: kind, json } = options.right.values;
  if (!isBrokerDatabase(kind)) {
    const known = BROKER_DATABASES.join(', ');
    return failed(
      'broker-start',
      invalidArgument(`--database must be one of ${known}, got ${kind}`),
    );
  }
  const started = await startLocalBroker({ port, dataDir, database: kind })();
  if (E.isLeft(started)) return failed('broker-start', started.left);
  // The throwaway database password is masked.
  const { database: data } = started.right;
  const database = data.kind === 'sqlite' ? data : { ...data, url: redactUrl(data.url) };
  const broker = { ...started.right, database };
  if (json) return printed(JSON.stringify(broker, null, 2));
  return printed(
    [
      broker.url,
      `  Pact Broker running (pid ${broker.pid}, log ${broker.logFile}); stop: npm run broker:stop`,
      `  data: ${database.kind === 'sqlite' ? `SQLite ${database.file}` : `PostgreSQL ${database.url}`}`,
    ].join('\n'),
  );
};

const brokerStop = async (typed: readonly string[]): Promise<Run> => {
  if (helpAsked(typed)) return printed(USAGE['broker-stop']);
  const options = parsedCommandLine({
    args: [...typed],
    options: { 'data-dir': { type: 'string', default: DEFAULT_DATA_DIR } },
  });
  if (E.isLeft(options)) return misused('broker-stop', options.left);
  const stopped = await stopLocalBrokerIn(options.right.values['data-dir'])();
  if (E.isLeft(stopped)) return failed('broker-stop', stopped.left);
  return printed(stopped.right ? 'Pact Broker stopped' : 'no Pact Broker was running');
};

export const LOCAL_BROKER_COMMANDS = {
  'broker-start': brokerStart,
  'broker-stop': brokerStop,
} as const satisfies Readonly<Record<string, (typed: readonly string[]) => Promise<Run>>>;

export type LocalBrokerCommandName = keyof typeof LOCAL_BROKER_COMMANDS;
