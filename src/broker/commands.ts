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
import {
  canIDeploySummary,
  jsonIn,
  publishSummary,
  type Summarised,
} from '../ci/broker-summaries.js';
import { PROJECT_PACTS_DIR } from '../config/index.js';
import { invalidArgument, type BrokerError } from './errors.js';
import { gitCommit } from './git.js';
import type { PactBroker, Run } from './pact-cli.js';
import { optionsTyped, valueOf, type OptionRead } from './typed-arguments.js';

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
    ...(typed.length === 0 || optionsTyped(typed)[0]?.index === 0 ? [PROJECT_PACTS_DIR] : []),
    ...typed,
    ...(optionsTyped(typed, ['auto-detect-version-properties']).length > 0
      ? []
      : ['--auto-detect-version-properties']),
  ]);

/** `--pacticipant consumer|provider` names this project's pacticipants (contracts/operation.ts). */
const pacticipantNames = (typed: readonly string[]): readonly string[] => {
  const named = (role: string) =>
    role === 'consumer' ? CONSUMER_NAME : role === 'provider' ? PROVIDER_NAME : role;
  const args = [...typed];
  for (const { end, value } of optionsTyped(typed, ['pacticipant'])) {
    // The role, in a word of its own or after `--pacticipant=`, replaced by the name.
    const word = typed[end - 1];
    if (value !== undefined && word?.endsWith(value))
      args[end - 1] = word.slice(0, word.length - value.length) + named(value);
  }
  return args;
};

/** can-i-deploy's version selectors: with a value, `--latest [TAG]`, `--main-branch`. */
const SELECTORS = ['version', 'branch', 'tag', 'latest', 'main-branch'] as const;

/**
 * can-i-deploy's CLI reads a selector only right after its `--pacticipant NAME`, in that form:
 * anywhere else, or as `--version=V`, it drops it without a word and answers for every
 * version of the pacticipant. Refused here instead.
 */
const selectorsInPlace = (typed: readonly string[]): E.Either<BrokerError, readonly string[]> => {
  let end = -1; // where the words of a `--pacticipant NAME` and the selectors after it end
  for (const option of optionsTyped(typed, ['pacticipant', ...SELECTORS])) {
    if (option.inline || (option.name !== 'pacticipant' && option.index !== end)) {
      return E.left(
        invalidArgument(
          `${option.rawName}: can-i-deploy reads a version selector only right after its \`--pacticipant NAME\`, each value after a space (the CLI ignores it anywhere else)`,
        ),
      );
    }
    end = option.end;
  }
  return E.right(typed);
};

/**
 * Without a version, the checked-out commit (`git rev-parse HEAD`, which publish also records),
 * right after the first `--pacticipant NAME`, where can-i-deploy reads it.
 */
const versionFromGit =
  (selectors: readonly OptionRead[]) =>
  (typed: readonly string[]): E.Either<BrokerError, readonly string[]> => {
    if (optionsTyped(typed, selectors).length > 0) return E.right(typed);
    const first = optionsTyped(typed, ['pacticipant']).find((option) => !option.inline);
    const after = first === undefined ? typed.length : first.index + 2;
    return pipe(
      gitCommit(),
      E.map((commit) => [...typed.slice(0, after), '--version', commit, ...typed.slice(after)]),
    );
  };

/**
 * Whole numbers where the CLI would take anything: it reads `--retry-while-unknown twice` as
 * no retry and `--retry-interval 0` as polling without a pause, and says nothing.
 */
const wholeNumbers =
  (...minimums: readonly (readonly [OptionRead, number])[]) =>
  (typed: readonly string[]): E.Either<BrokerError, readonly string[]> => {
    for (const [name, min] of minimums) {
      const value = valueOf(typed, name);
      if (value !== undefined && !(/^\d+$/.test(value) && Number(value) >= min))
        return E.left(invalidArgument(`--${name} must be a whole number >= ${min}, got ${value}`));
    }
    return E.right(typed);
  };

const Environment = t.intersection([t.type({ name: t.string, uuid: t.string }), t.UnknownRecord]);
type Environment = t.TypeOf<typeof Environment>;
const Environments = t.type({ _embedded: t.type({ environments: t.array(Environment) }) });

/**
 * An environment that exists, printed as `create-environment --output ...` prints a new one, for
 * each of the CLI's outputs of it (json, text, id).
 */
const EXISTING_ENVIRONMENT = new Map<string, (environment: Environment) => string>([
  ['json', (environment) => JSON.stringify(environment)],
  [
    'text',
    ({ name, uuid }) =>
      `environment ${name} already exists in the Pact Broker with UUID ${uuid}; left as it is`,
  ],
  ['id', ({ uuid }) => uuid],
]);

/** create-environment, idempotent: an environment of that name is left as it is, and printed. */
const createEnvironmentOnce =
  (pact: PactBroker, args: readonly string[]): T.Task<Run> =>
  async () => {
    const name = valueOf(args, 'name');
    const printed = EXISTING_ENVIRONMENT.get(valueOf(args, 'output') ?? 'text');
    const create = pact(['create-environment', ...args]);
    // Without a name, or with an output it does not have, the CLI says what is wrong.
    if (name === undefined || printed === undefined) return create();
    const listed = await pact(['list-environments', '--output', 'json'])();
    if (listed.exitCode !== 0) return listed;
    const listing = jsonIn(Environments, listed.stdout);
    if (E.isLeft(listing)) {
      const stderr = `list-environments: ${listing.left}:\n${listed.stdout}`;
      return { exitCode: 1, stdout: '', stderr };
    }
    const found = listing.right._embedded.environments.find((env) => env.name === name);
    return found === undefined ? create() : { exitCode: 0, stdout: printed(found), stderr: '' };
  };

/** Every broker command this project offers (`npm run pact -- <command> ...`). */
export const BROKER_COMMANDS = {
  publish: { args: publishDefaults, summarised: publishSummary('pact broker publish') },
  'can-i-deploy': {
    args: flow(
      wholeNumbers(['retry-while-unknown', 0], ['retry-interval', 1]),
      E.map(pacticipantNames),
      E.flatMap(selectorsInPlace),
      E.flatMap(versionFromGit(SELECTORS)),
    ),
    summarised: canIDeploySummary('pact broker can-i-deploy'),
  },
  'record-deployment': {
    args: flow(pacticipantNames, versionFromGit(['version'])),
  },
  'create-environment': { run: createEnvironmentOnce },
} as const satisfies Readonly<Record<string, BrokerCommand>>;

export type BrokerCommandName = keyof typeof BROKER_COMMANDS;
