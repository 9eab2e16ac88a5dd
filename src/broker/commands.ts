/**
 * The broker commands of the pipelines, one entry each: what this project adds to the official
 * CLI's `pact broker <command>`, and nothing else. Every flag typed is the CLI's own and passed
 * through (`--output json`, `--retry-while-unknown`, `--build-url`, `--dry-run`...), and so is
 * what the CLI prints and its exit code. Adding a command: docs/broker.md.
 */
import * as E from 'fp-ts/lib/Either.js';
import { flow, pipe } from 'fp-ts/lib/function.js';
import type * as T from 'fp-ts/lib/Task.js';
import * as t from 'io-ts';
import { CONSUMER_NAME, PROVIDER_NAME } from '../../contracts/index.js';
import { canIDeploySummary, publishSummary, type Summarised } from '../ci/broker-summaries.js';
import { PROJECT_PACTS_DIR } from '../config/index.js';
import { invalidArgument, type BrokerError } from './errors.js';
import { gitCommit } from './git.js';
import type { PactBroker, Run } from './pact-cli.js';
import { optionNamed, typedOne, valueOf } from './typed-arguments.js';

export interface BrokerCommand {
  /** The CLI's arguments for the ones typed (default: as typed); a Left stops before it runs. */
  readonly args?: (typed: readonly string[]) => E.Either<BrokerError, readonly string[]>;
  /** Instead of the one run of `pact broker <command> <args>`. */
  readonly run?: (pact: PactBroker, args: readonly string[]) => T.Task<Run>;
  /** With a job summary to write (GITHUB_STEP_SUMMARY): the run, and its section of it. */
  readonly summarised?: (pact: PactBroker, args: readonly string[]) => T.Task<Summarised>;
}

/** publish: the pacts in `pacts/` unless files or globs come first; version, branch from CI or git. */
const publishDefaults = (typed: readonly string[]): E.Either<BrokerError, readonly string[]> =>
  E.right([
    ...(typed[0] === undefined || typed[0].startsWith('-') ? [PROJECT_PACTS_DIR] : []),
    ...typed,
    ...(typedOne(typed, ['--auto-detect-version-properties', '-r'])
      ? []
      : ['--auto-detect-version-properties']),
  ]);

/** `--pacticipant consumer|provider` names this project's pacticipants (contracts/operation.ts). */
const pacticipantNames = (typed: readonly string[]): readonly string[] => {
  const named = (role: string) =>
    role === 'consumer' ? CONSUMER_NAME : role === 'provider' ? PROVIDER_NAME : role;
  return typed.map((arg, i) => {
    if (typed[i - 1] === '--pacticipant' || typed[i - 1] === '-a') return named(arg);
    const inline = '--pacticipant=';
    return arg.startsWith(inline) ? inline + named(arg.slice(inline.length)) : arg;
  });
};

/** can-i-deploy's version selectors: with a value, `--latest [TAG]`, `--main-branch`. */
const VALUED: readonly string[] = ['--version', '-e', '--branch', '--tag'];
const LATEST: readonly string[] = ['--latest', '-l'];
const SELECTORS: readonly string[] = [...VALUED, ...LATEST, '--main-branch'];

/**
 * can-i-deploy's CLI reads a selector only right after its `--pacticipant NAME`, in that form:
 * anywhere else, or as `--version=V`, it drops it without a word and answers for every
 * version of the pacticipant. Refused here instead.
 */
const selectorsInPlace = (typed: readonly string[]): E.Either<BrokerError, readonly string[]> => {
  let following = false; // within a `--pacticipant NAME` and the selectors right after it
  for (let i = 0; i < typed.length; i += 1) {
    const arg = typed[i] ?? '';
    if (arg === '--pacticipant' || arg === '-a') {
      following = true;
      i += 1; // its NAME
      continue;
    }
    const name = optionNamed(arg, ['--pacticipant', ...SELECTORS]);
    if (name === undefined) {
      following = false;
    } else if (arg !== name || !following) {
      return E.left(
        invalidArgument(
          `${name}: can-i-deploy reads a version selector only right after its \`--pacticipant NAME\`, each value after a space (the CLI ignores it anywhere else)`,
        ),
      );
    } else if (
      VALUED.includes(arg) ||
      (LATEST.includes(arg) && !/^-|^$/.test(typed[i + 1] ?? ''))
    ) {
      i += 1; // its value
    }
  }
  return E.right(typed);
};

/**
 * Without a version, the checked-out commit (`git rev-parse HEAD`, which publish also records),
 * right after the first `--pacticipant NAME`, where can-i-deploy reads it.
 */
const versionFromGit =
  (selectors: readonly string[]) =>
  (typed: readonly string[]): E.Either<BrokerError, readonly string[]> => {
    if (typedOne(typed, selectors)) return E.right(typed);
    const after = typed.findIndex((arg) => arg === '--pacticipant' || arg === '-a') + 2;
    return pipe(
      gitCommit(),
      E.map((commit) =>
        after < 2
          ? [...typed, '--version', commit]
          : [...typed.slice(0, after), '--version', commit, ...typed.slice(after)],
      ),
    );
  };

/**
 * Whole numbers where the CLI would take anything: it reads `--retry-while-unknown twice` as
 * no retry and `--retry-interval 0` as polling without a pause, and says nothing.
 */
const wholeNumbers =
  (minimums: Readonly<Record<string, number>>) =>
  (typed: readonly string[]): E.Either<BrokerError, readonly string[]> => {
    const wrong = Object.entries(minimums).find(([name, min]) => {
      const value = valueOf(typed, [name]);
      return value !== undefined && !(/^\d+$/.test(value) && Number(value) >= min);
    });
    return wrong === undefined
      ? E.right(typed)
      : E.left(
          invalidArgument(
            `${wrong[0]} must be a whole number >= ${wrong[1]}, got ${String(valueOf(typed, [wrong[0]]))}`,
          ),
        );
  };

const Environment = t.intersection([t.type({ name: t.string, uuid: t.string }), t.UnknownRecord]);
type Environment = t.TypeOf<typeof Environment>;

/** The environments in `list-environments --output json`, or why not. */
const environmentsIn = (stdout: string): E.Either<string, readonly Environment[]> =>
  pipe(
    E.tryCatch((): unknown => JSON.parse(stdout), String),
    E.flatMap((json) =>
      pipe(
        t.type({ _embedded: t.type({ environments: t.array(Environment) }) }).decode(json),
        E.bimap(
          () => `unexpected answer to list-environments:\n${stdout}`,
          (answer) => answer._embedded.environments,
        ),
      ),
    ),
  );

/**
 * An environment that exists, printed as `create-environment --output ...` prints a new one, for
 * each of the CLI's outputs of it (json, text, id).
 */
const EXISTING_ENVIRONMENT: ReadonlyMap<string, (environment: Environment) => string> = new Map([
  ['json', (environment: Environment) => JSON.stringify(environment)],
  [
    'text',
    ({ name, uuid }: Environment) =>
      `environment ${name} already exists in the Pact Broker with UUID ${uuid}; left as it is`,
  ],
  ['id', ({ uuid }: Environment) => uuid],
]);

/** create-environment, idempotent: an environment of that name is left as it is, and printed. */
const createEnvironmentOnce =
  (pact: PactBroker, args: readonly string[]): T.Task<Run> =>
  async () => {
    const name = valueOf(args, ['--name']);
    const printed = EXISTING_ENVIRONMENT.get(valueOf(args, ['--output', '-o']) ?? 'text');
    const create = pact(['create-environment', ...args]);
    // Without a name, or with an output it does not have, the CLI says what is wrong.
    if (name === undefined || printed === undefined) return create();
    const listed = await pact(['list-environments', '--output', 'json'])();
    if (listed.exitCode !== 0) return listed;
    const environments = environmentsIn(listed.stdout);
    if (E.isLeft(environments)) return { exitCode: 1, stdout: '', stderr: environments.left };
    const found = environments.right.find((env) => env.name === name);
    return found === undefined ? create() : { exitCode: 0, stdout: printed(found), stderr: '' };
  };

/** Every broker command this project offers (`npm run pact -- <command> ...`). */
export const BROKER_COMMANDS = {
  publish: { args: publishDefaults, summarised: publishSummary('pact broker publish') },
  'can-i-deploy': {
    args: flow(
      wholeNumbers({ '--retry-while-unknown': 0, '--retry-interval': 1 }),
      E.map(pacticipantNames),
      E.flatMap(selectorsInPlace),
      E.flatMap(versionFromGit(SELECTORS)),
    ),
    summarised: canIDeploySummary('pact broker can-i-deploy'),
  },
  'record-deployment': {
    args: flow(pacticipantNames, versionFromGit(['--version', '-e'])),
  },
  'create-environment': { run: createEnvironmentOnce },
} as const satisfies Readonly<Record<string, BrokerCommand>>;

export type BrokerCommandName = keyof typeof BROKER_COMMANDS;
