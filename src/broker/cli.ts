/**
 * Command-line entry of the broker steps, for npm scripts and CI:
 *
 *   cli.ts publish [--dir pacts] [--consumer-version SHA] [--branch B] [--build-url URL]
 *   cli.ts can-i-deploy --pacticipant consumer|provider|NAME [--version SHA]
 *          --to-environment ENV [--retry-while-unknown N] [--retry-interval SECONDS]
 *   cli.ts record-deployment --pacticipant consumer|provider|NAME [--version SHA]
 *          --environment ENV [--application-instance ID]
 *   cli.ts create-environment --name ENV [--display-name NAME] [--production]
 *   cli.ts broker-start [--port 9292] [--data-dir .broker] [--database sqlite|postgres]
 *   cli.ts broker-stop [--data-dir .broker]
 *
 * The broker is named only by PACT_BROKER_BASE_URL (+ PACT_BROKER_TOKEN or
 * PACT_BROKER_USERNAME/PACT_BROKER_PASSWORD). Versions default to `git rev-parse HEAD`,
 * branches to the CI's or git's current branch. `--json` prints the typed result as JSON.
 * Exit codes: 0 done (or deployable), 1 can-i-deploy said no or unknown, 2 error.
 */
import { parseArgs } from 'node:util';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { CONSUMER_NAME, PROVIDER_NAME } from '../../contracts/index.js';
import { canIDeploy, createEnvironment, publishPacts, recordDeployment } from './commands.js';
import { brokerConfigFromEnv, type BrokerConfig } from './config.js';
import { invalidArgument, type BrokerError } from './errors.js';
import {
  BROKER_DATABASES,
  isBrokerDatabase,
  startLocalBroker,
  stopLocalBrokerIn,
  type BrokerDatabase,
  type LocalBroker,
} from './local-broker.js';
import { redactUrl } from './mask.js';
import { checkBroker } from './reachability.js';
import type { Env } from '../config/index.js';

const USAGE =
  'usage: cli.ts <publish|can-i-deploy|record-deployment|create-environment|broker-start|broker-stop> [options] [--json]\n' +
  '  (options: see the header of src/broker/cli.ts)';

interface Outcome {
  readonly lines: readonly string[];
  readonly result: unknown;
  readonly exitCode: 0 | 1;
}

type Values = Readonly<Record<string, string | boolean | undefined>>;

/** The port `broker-start` uses unless told otherwise (the Pact Broker's customary one). */
export const DEFAULT_LOCAL_PORT = 9292;

/** `consumer` and `provider` name this project's pacticipants, as in contracts/operation.ts. */
export const pacticipantName = (value: string): string =>
  value === 'consumer' ? CONSUMER_NAME : value === 'provider' ? PROVIDER_NAME : value;

const str = (values: Values, name: string): string | undefined => {
  const v = values[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
};

const required = (values: Values, name: string): E.Either<BrokerError, string> => {
  const v = str(values, name);
  return v === undefined ? E.left(invalidArgument(`--${name} is required`)) : E.right(v);
};

/** Optional properties only when given, so that defaults apply. */
const given = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> =>
  value === undefined ? {} : ({ [key]: value } as Partial<Record<K, V>>);

const withConfig = (
  env: Env,
  run: (config: BrokerConfig) => TE.TaskEither<BrokerError, Outcome>,
): TE.TaskEither<BrokerError, Outcome> =>
  pipe(TE.fromEither(brokerConfigFromEnv(env)), TE.tap(checkBroker(env)), TE.flatMap(run));

const publish = (v: Values, env: Env) =>
  withConfig(env, (config) =>
    pipe(
      publishPacts(config, {
        ...given('pactsDir', str(v, 'dir')),
        ...given('consumerVersion', str(v, 'consumer-version')),
        ...given('branch', str(v, 'branch')),
        ...given('buildUrl', str(v, 'build-url')),
      }),
      TE.map((r) => ({
        lines: [
          `published ${r.pactFiles.join(', ')} as version ${r.consumerVersion} (branch ${r.branch})`,
          ...r.contracts.map((c) => `  ${c}`),
        ],
        result: r,
        exitCode: 0 as const,
      })),
    ),
  );

const canIDeployCommand = (v: Values, env: Env) =>
  withConfig(env, (config) =>
    pipe(
      TE.fromEither(
        pipe(
          E.Do,
          E.apS('pacticipant', required(v, 'pacticipant')),
          E.apS('toEnvironment', required(v, 'to-environment')),
        ),
      ),
      // The numbers are checked by canIDeploy, once.
      TE.flatMap((a) =>
        canIDeploy(config, {
          pacticipant: pacticipantName(a.pacticipant),
          toEnvironment: a.toEnvironment,
          ...given('version', str(v, 'version')),
          ...given('retryWhileUnknown', str(v, 'retry-while-unknown')),
          ...given('retryInterval', str(v, 'retry-interval')),
        }),
      ),
      TE.map((r) => ({
        lines: [
          `can-i-deploy ${r.pacticipant} ${r.version} to ${r.toEnvironment}: ` +
            (r.deployable === true ? 'yes' : r.deployable === false ? 'no' : 'no (unknown)'),
          `  ${r.reason}`,
        ],
        result: r,
        exitCode: r.deployable === true ? (0 as const) : (1 as const),
      })),
    ),
  );

const recordDeploymentCommand = (v: Values, env: Env) =>
  withConfig(env, (config) =>
    pipe(
      TE.fromEither(
        pipe(
          E.Do,
          E.apS('pacticipant', required(v, 'pacticipant')),
          E.apS('environment', required(v, 'environment')),
        ),
      ),
      TE.flatMap((a) =>
        recordDeployment(config, {
          pacticipant: pacticipantName(a.pacticipant),
          environment: a.environment,
          ...given('version', str(v, 'version')),
          ...given('applicationInstance', str(v, 'application-instance')),
        }),
      ),
      TE.map((r) => ({
        lines: [`recorded deployment of ${r.pacticipant} ${r.version} to ${r.environment}`],
        result: r,
        exitCode: 0 as const,
      })),
    ),
  );

const createEnvironmentCommand = (v: Values, env: Env) =>
  withConfig(env, (config) =>
    pipe(
      TE.fromEither(required(v, 'name')),
      TE.flatMap((name) =>
        createEnvironment(config, {
          name,
          production: v['production'] === true,
          ...given('displayName', str(v, 'display-name')),
        }),
      ),
      TE.map((r) => ({
        lines: [
          `environment ${r.environment.name} ${r.created ? 'created' : 'already exists'} (${r.environment.uuid})`,
        ],
        result: r,
        exitCode: 0 as const,
      })),
    ),
  );

const databaseOption = (values: Values): E.Either<BrokerError, BrokerDatabase | undefined> => {
  const v = str(values, 'database');
  if (v === undefined || isBrokerDatabase(v)) return E.right(v);
  return E.left(
    invalidArgument(`--database must be one of ${BROKER_DATABASES.join(', ')}, got ${v}`),
  );
};

/** Where the data is, the throwaway database password masked. */
const databaseShown = (database: LocalBroker['database']): LocalBroker['database'] =>
  database.kind === 'sqlite' ? database : { ...database, url: redactUrl(database.url) };

const brokerStart = (v: Values) =>
  pipe(
    TE.fromEither(databaseOption(v)),
    // The port is checked by startLocalBroker, once.
    TE.flatMap((database) =>
      startLocalBroker({
        port: str(v, 'port') ?? DEFAULT_LOCAL_PORT,
        ...given('dataDir', str(v, 'data-dir')),
        ...given('database', database),
      }),
    ),
    TE.map((b) => {
      const database = databaseShown(b.database);
      return {
        // The URL alone on the first line, for `export PACT_BROKER_BASE_URL=$(... | head -1)`.
        lines: [
          b.url,
          `  Pact Broker running (pid ${b.pid}, log ${b.logFile}); stop: npm run broker:stop`,
          `  data: ${database.kind === 'sqlite' ? `SQLite ${database.file}` : `PostgreSQL ${database.url}`}`,
        ],
        result: { ...b, database },
        exitCode: 0 as const,
      };
    }),
  );

const brokerStop = (v: Values) =>
  pipe(
    stopLocalBrokerIn(str(v, 'data-dir')),
    TE.map((stopped) => ({
      lines: [stopped ? 'Pact Broker stopped' : 'no Pact Broker was running'],
      result: { stopped },
      exitCode: 0 as const,
    })),
  );

const COMMANDS = {
  publish: {
    options: {
      dir: 'string',
      'consumer-version': 'string',
      branch: 'string',
      'build-url': 'string',
    },
    run: publish,
  },
  'can-i-deploy': {
    options: {
      pacticipant: 'string',
      version: 'string',
      'to-environment': 'string',
      'retry-while-unknown': 'string',
      'retry-interval': 'string',
    },
    run: canIDeployCommand,
  },
  'record-deployment': {
    options: {
      pacticipant: 'string',
      version: 'string',
      environment: 'string',
      'application-instance': 'string',
    },
    run: recordDeploymentCommand,
  },
  'create-environment': {
    options: { name: 'string', 'display-name': 'string', production: 'boolean' },
    run: createEnvironmentCommand,
  },
  'broker-start': {
    options: { port: 'string', 'data-dir': 'string', database: 'string' },
    run: brokerStart,
  },
  'broker-stop': { options: { 'data-dir': 'string' }, run: brokerStop },
} as const satisfies Readonly<
  Record<
    string,
    {
      options: Readonly<Record<string, 'string' | 'boolean'>>;
      run: (v: Values, env: Env) => TE.TaskEither<BrokerError, Outcome>;
    }
  >
>;

const isCommand = (name: string | undefined): name is keyof typeof COMMANDS =>
  name !== undefined && Object.prototype.hasOwnProperty.call(COMMANDS, name);

/** Parses argv, runs one command and returns what to print and the exit code. */
export const main = async (
  argv: readonly string[],
  env: Env = process.env,
): Promise<{ readonly stdout: string; readonly stderr: string; readonly exitCode: number }> => {
  const [name, ...rest] = argv;
  if (!isCommand(name)) {
    return {
      stdout: '',
      stderr: `${name === undefined ? '' : `unknown command ${name}\n`}${USAGE}`,
      exitCode: 2,
    };
  }
  const command = COMMANDS[name];
  let values: Values;
  try {
    const options = Object.fromEntries(
      Object.entries({ ...command.options, json: 'boolean' }).map(([k, type]) => [k, { type }]),
    ) as Record<string, { type: 'string' | 'boolean' }>;
    values = parseArgs({ args: [...rest], options, strict: true, allowPositionals: false }).values;
  } catch (e) {
    return {
      stdout: '',
      stderr: `${e instanceof Error ? e.message : String(e)}\n${USAGE}`,
      exitCode: 2,
    };
  }
  const outcome = await command.run(values, env)();
  if (E.isLeft(outcome))
    return { stdout: '', stderr: `error: ${outcome.left.message}`, exitCode: 2 };
  const { lines, result, exitCode } = outcome.right;
  return {
    stdout: values['json'] === true ? JSON.stringify(result, null, 2) : lines.join('\n'),
    stderr: '',
    exitCode,
  };
};

if (require.main === module) {
  void main(process.argv.slice(2)).then(({ stdout, stderr, exitCode }) => {
    if (stdout !== '') process.stdout.write(`${stdout}\n`);
    if (stderr !== '') process.stderr.write(`${stderr}\n`);
    process.exitCode = exitCode;
  });
}
