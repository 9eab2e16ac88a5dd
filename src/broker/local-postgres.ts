/**
 * A throwaway PostgreSQL cluster for the local Pact Broker, from Debian's `postgresql` package:
 * made by `initdb` under the broker's data directory, run by `pg_ctl` on 127.0.0.1, and reached
 * by the broker through PACT_BROKER_DATABASE_URL as in production. PostgreSQL refuses to run as
 * root, so as root the cluster belongs to the unprivileged `postgres` user the package creates.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  appendFileSync,
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { localBrokerError, type BrokerError } from './errors.js';
import { freePort, tail } from './local-process.js';

/** The database and the (non-superuser) role that owns it, as a production broker has them. */
const BROKER_DATABASE = 'pact_broker';
const BROKER_ROLE = 'pact_broker';
/** The cluster's superuser, reached only through the Unix socket inside the cluster directory. */
const SUPERUSER = 'postgres';
/** The unprivileged system user a root caller runs the cluster as. */
const CLUSTER_USER = 'postgres';
const INSTALL_HINT = "run broker/install.sh (it installs Debian's postgresql)";

export interface LocalPostgres {
  /** postgres://pact_broker:PASSWORD@127.0.0.1:PORT/pact_broker; the password is throwaway. */
  readonly url: string;
  /** The cluster directory (PGDATA). */
  readonly clusterDir: string;
}

const clusterFiles = (dataDir: string) => ({
  cluster: join(dataDir, 'postgres'),
  log: join(dataDir, 'postgres', 'server.log'),
  /** Written last by initialisation, so its presence means the cluster is complete. */
  password: join(dataDir, 'postgres.password'),
});

/** The directory of initdb and pg_ctl: pg_config's answer, else the newest Debian install. */
const serverBinDir = (): E.Either<BrokerError, string> => {
  const hasServer = (dir: string) =>
    existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'));
  const fromPgConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const reported = fromPgConfig.status === 0 ? [fromPgConfig.stdout.trim()] : [];
  const debian = existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql')
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => join('/usr/lib/postgresql', v, 'bin'))
    : [];
  const found = [...reported, ...debian].find(hasServer);
  return found === undefined
    ? E.left(
        localBrokerError(`PostgreSQL server programs (initdb, pg_ctl) not found; ${INSTALL_HINT}`),
      )
    : E.right(found);
};

interface ClusterUser {
  /** The user to run PostgreSQL's programs as (with runuser), when the caller is root. */
  readonly name?: string;
  readonly ids?: { readonly uid: number; readonly gid: number };
}

const clusterUser = (): E.Either<BrokerError, ClusterUser> => {
  if (process.getuid?.() !== 0) return E.right({});
  const id = (flag: string) =>
    Number(spawnSync('id', [flag, CLUSTER_USER], { encoding: 'utf8' }).stdout.trim() || NaN);
  const uid = id('-u');
  const gid = id('-g');
  return Number.isInteger(uid) && Number.isInteger(gid)
    ? E.right({ name: CLUSTER_USER, ids: { uid, gid } })
    : E.left(
        localBrokerError(
          `PostgreSQL refuses to run as root and there is no "${CLUSTER_USER}" user to run it as; ${INSTALL_HINT}`,
        ),
      );
};

interface Tools {
  readonly bin: string;
  readonly user: ClusterUser;
}

const tools = (): E.Either<BrokerError, Tools> =>
  pipe(E.Do, E.apS('bin', serverBinDir()), E.apS('user', clusterUser()));

/** Runs a PostgreSQL program as the cluster's user; Right(stdout) or Left naming the step. */
const run = (t: Tools, program: string, args: readonly string[]): E.Either<BrokerError, string> => {
  const path = join(t.bin, program);
  const [command, argv] =
    t.user.name === undefined
      ? [path, [...args]]
      : ['runuser', ['-u', t.user.name, '--', path, ...args]];
  // cwd "/": the cluster's user may not be allowed into the caller's directory.
  const r = spawnSync(command, argv, { cwd: '/', encoding: 'utf8', timeout: 120_000 });
  if (r.status === 0) return E.right(r.stdout);
  const why = r.error?.message ?? `${r.stderr}${r.stdout}`.trim();
  return E.left(localBrokerError(`${program} ${args[0] ?? ''} failed: ${why}`));
};

/** The port of a running cluster (4th line of postmaster.pid), if it runs. */
const runningPort = (t: Tools, clusterDir: string): number | undefined => {
  if (E.isLeft(run(t, 'pg_ctl', ['status', '-D', clusterDir]))) return undefined;
  const line = readFileSync(join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[3];
  return line === undefined ? undefined : Number(line);
};

/** initdb, then the broker's role and database; the password file is written last. */
const initialise = async (t: Tools, dataDir: string): Promise<E.Either<BrokerError, void>> => {
  const f = clusterFiles(dataDir);
  const ownByClusterUser = (path: string) => {
    if (t.user.ids !== undefined) chownSync(path, t.user.ids.uid, t.user.ids.gid);
  };
  // A cluster left half made by an interrupted start is made again.
  if (existsSync(join(f.cluster, 'postmaster.pid')))
    run(t, 'pg_ctl', ['stop', '-D', f.cluster, '-m', 'immediate']);
  rmSync(f.cluster, { recursive: true, force: true });
  mkdirSync(f.cluster, { mode: 0o700 });
  ownByClusterUser(f.cluster);
  const password = randomBytes(18).toString('hex');
  const initdb = run(t, 'initdb', [
    '--pgdata',
    f.cluster,
    '--username',
    SUPERUSER,
    // The superuser only through the socket in the (0700) cluster directory; the broker's
    // role over TCP with its password, as against a production server.
    '--auth-local=trust',
    '--auth-host=scram-sha-256',
    '--encoding=UTF8',
    '--locale=C',
    // Throwaway: no fsync of the new files.
    '--no-sync',
  ]);
  if (E.isLeft(initdb)) {
    const hint =
      t.user.name === undefined
        ? ''
        : `\n(the "${t.user.name}" user must be able to reach ${f.cluster}: every directory above it needs o+x; /root does not allow it, /tmp does)`;
    return E.left(localBrokerError(`${initdb.left.message}${hint}`));
  }
  appendFileSync(
    join(f.cluster, 'postgresql.conf'),
    `\n# npm run broker:start -- --database postgres\nlisten_addresses = '127.0.0.1'\n` +
      `unix_socket_directories = '${f.cluster.replace(/'/g, "''")}'\n`,
  );
  const started = await startCluster(t, dataDir);
  if (E.isLeft(started)) return started;
  const sql = run(t, 'psql', [
    '--host',
    f.cluster,
    '--port',
    String(started.right),
    '--username',
    SUPERUSER,
    '--dbname',
    'postgres',
    '--no-psqlrc',
    '--set=ON_ERROR_STOP=1',
    '--command',
    `CREATE ROLE ${BROKER_ROLE} LOGIN PASSWORD '${password}'`,
    '--command',
    `CREATE DATABASE ${BROKER_DATABASE} OWNER ${BROKER_ROLE} ENCODING 'UTF8'`,
  ]);
  if (E.isLeft(sql)) return sql;
  writeFileSync(f.password, `${password}\n`, { mode: 0o600 });
  return E.right(undefined);
};

/** Starts the cluster on a free port unless it already runs; Right(its port). */
const startCluster = async (t: Tools, dataDir: string): Promise<E.Either<BrokerError, number>> => {
  const f = clusterFiles(dataDir);
  const running = runningPort(t, f.cluster);
  if (running !== undefined) return E.right(running);
  const port = await freePort();
  return pipe(
    run(t, 'pg_ctl', ['start', '-D', f.cluster, '-l', f.log, '-w', '-t', '60', '-o', `-p ${port}`]),
    E.map(() => port),
    E.mapLeft((e) => localBrokerError(`${e.message}\n${tail(f.log)}`)),
  );
};

/**
 * The cluster's user must be able to walk into the data directory: as root, it gets the
 * search permission (not read) that a private temporary directory lacks.
 */
const letClusterUserIn = (t: Tools, dataDir: string): void => {
  if (t.user.ids === undefined) return;
  chmodSync(dataDir, statSync(dataDir).mode | 0o011);
};

/** Creates the cluster on first use, starts it, and gives the broker's database URL. */
export const startLocalPostgres = (dataDir: string): TE.TaskEither<BrokerError, LocalPostgres> =>
  pipe(
    TE.fromEither(tools()),
    TE.flatMap((t) => async () => {
      const f = clusterFiles(dataDir);
      mkdirSync(dataDir, { recursive: true });
      letClusterUserIn(t, dataDir);
      if (!existsSync(f.password)) {
        const made = await initialise(t, dataDir);
        if (E.isLeft(made)) return made;
      }
      const port = await startCluster(t, dataDir);
      if (E.isLeft(port)) return port;
      const password = readFileSync(f.password, 'utf8').trim();
      return E.right({
        url: `postgres://${BROKER_ROLE}:${password}@127.0.0.1:${port.right}/${BROKER_DATABASE}`,
        clusterDir: f.cluster,
      });
    }),
  );

/** Stops the cluster under `dataDir` if one runs; Right(false) when there was none. */
export const stopLocalPostgres = (dataDir: string): E.Either<BrokerError, boolean> => {
  const f = clusterFiles(dataDir);
  if (!existsSync(join(f.cluster, 'postmaster.pid'))) return E.right(false);
  return pipe(
    tools(),
    E.flatMap((t) => run(t, 'pg_ctl', ['stop', '-D', f.cluster, '-m', 'fast', '-w', '-t', '60'])),
    E.map(() => true),
  );
};
