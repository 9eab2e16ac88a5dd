/**
 * The broker steps of the consumer and provider pipelines, each a thin call of the official
 * Pact CLI (`pact broker ...`) through one step: arguments checked, the CLI run, its JSON
 * answer decoded into a typed result (`runCommand`).
 */
import { basename, resolve } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import type * as t from 'io-ts';
import { decode } from '../../contracts/index.js';
import { pactFilesIn, PROJECT_PACTS_DIR } from '../config/index.js';
import type { BrokerConfig } from './config.js';
import { nonEmpty, wholeNumber } from './arguments.js';
import { invalidArgument, type BrokerError } from './errors.js';
import { gitBranch, gitCommit } from './git.js';
import {
  CanIDeployOutput,
  DeploymentOutput,
  EnvironmentsOutput,
  Environment,
  PublishOutput,
  type Notice,
} from './outputs.js';
import { cliFailed, runPactBroker, type CliRun } from './pact-cli.js';

/**
 * The JSON document in the CLI's stdout. Some commands print a line of progress before it
 * (publish's "Attempting to publish..."), so the document starts at the first line that
 * opens an object or an array.
 */
const jsonOf = (run: CliRun): E.Either<BrokerError, unknown> => {
  const lines = run.stdout.split('\n');
  const start = lines.findIndex((l) => /^\s*[[{]/.test(l));
  return E.tryCatch(
    () => JSON.parse(start < 0 ? run.stdout : lines.slice(start).join('\n')) as unknown,
    () => ({
      _tag: 'CliOutputInvalid',
      commandLine: run.commandLine,
      message: `${run.commandLine} did not print JSON:\n${run.stdout.slice(0, 2000)}`,
    }),
  );
};

/** The CLI's JSON answer (`--output json`), decoded with `codec`; anything else is a Left. */
export const decodeRun =
  <A, O>(codec: t.Type<A, O, unknown>) =>
  (run: CliRun): E.Either<BrokerError, A> =>
    pipe(
      jsonOf(run),
      E.flatMap((json) =>
        pipe(
          decode(codec)(json),
          E.mapLeft((err): BrokerError => ({
            _tag: 'CliOutputInvalid',
            commandLine: run.commandLine,
            message: `unexpected answer from ${run.commandLine}: ${err.message}`,
          })),
        ),
      ),
    );

/** One broker command of the official CLI, from checked arguments to a typed result. */
interface CliCommand<C, A, O, R> {
  /** The CLI's subcommand, e.g. `publish`. */
  readonly name: string;
  /** Names the command in a failure, e.g. "publishing pacts". */
  readonly what: string;
  /** The CLI's options for those arguments (`--output json` is added). */
  readonly args: (checked: C) => readonly string[];
  /** What the CLI answers in JSON. */
  readonly answer: t.Type<A, O, unknown>;
  readonly result: (checked: C, answer: A, run: CliRun) => R;
  /** can-i-deploy answers "no" with a non-zero exit: its JSON is read whatever the exit. */
  readonly answersOnFailure?: boolean;
}

/**
 * The CLI's answer to a run. A non-zero exit is a failure, unless the command answers on
 * failure and printed its JSON; no JSON then means the CLI failed before asking (bad URL,
 * unknown environment), and the failure quotes its output.
 */
const answerOf = <A, O>(
  command: Pick<CliCommand<unknown, A, O, unknown>, 'what' | 'answer' | 'answersOnFailure'>,
  run: CliRun,
): E.Either<BrokerError, A> => {
  if (run.exitCode === 0) return decodeRun(command.answer)(run);
  if (command.answersOnFailure !== true) return E.left(cliFailed(run, command.what));
  return pipe(
    decodeRun(command.answer)(run),
    E.mapLeft(() => cliFailed(run, command.what)),
  );
};

/**
 * The one step of every broker command: the arguments checked (a Left stops before the CLI
 * runs), `pact broker <name> ... --output json` run, its answer decoded into the result.
 */
const runCommand =
  <C>(config: BrokerConfig, checked: TE.TaskEither<BrokerError, C>) =>
  <A, O, R>(command: CliCommand<C, A, O, R>): TE.TaskEither<BrokerError, R> =>
    pipe(
      checked,
      TE.flatMap((c) =>
        pipe(
          runPactBroker(config, [command.name, ...command.args(c), '--output', 'json']),
          TE.flatMapEither((run) =>
            pipe(
              answerOf(command, run),
              E.map((answer) => command.result(c, answer, run)),
            ),
          ),
        ),
      ),
    );

const versionOr = (version: string | undefined): E.Either<BrokerError, string> =>
  version !== undefined && version !== '' ? E.right(version) : gitCommit();

const branchOr = (branch: string | undefined): E.Either<BrokerError, string> =>
  branch !== undefined && branch !== '' ? E.right(branch) : gitBranch();

/** `--name value` when the value is given, nothing otherwise. */
const option = (name: string, value: string | undefined): readonly string[] =>
  value === undefined ? [] : [name, value];

/** A count given or not, checked, as the CLI's option value. */
const countOption = (
  name: string,
  value: number | string | undefined,
  range: Parameters<typeof wholeNumber>[2],
): E.Either<BrokerError, string | undefined> =>
  value === undefined ? E.right(undefined) : pipe(wholeNumber(name, value, range), E.map(String));

/** A pacticipant's name and version (default: `git rev-parse HEAD`), checked. */
const pacticipantVersion = (pacticipant: string, version: string | undefined) =>
  pipe(
    E.Do,
    E.apS('pacticipant', nonEmpty('pacticipant', pacticipant)),
    E.apS('version', versionOr(version)),
  );

// ---------------------------------------------------------------------------------------------

export interface PublishOptions {
  /** Directory of pact files; default `pacts/`. */
  readonly pactsDir?: string;
  /** Default: `git rev-parse HEAD`. */
  readonly consumerVersion?: string;
  /** Default: the CI's or git's current branch. */
  readonly branch?: string;
  readonly buildUrl?: string;
}

export interface PublishResult {
  readonly consumerVersion: string;
  readonly branch: string;
  readonly pactFiles: readonly string[];
  /** Broker URLs of the published pacts. */
  readonly contracts: readonly string[];
  readonly notices: readonly Notice[];
  readonly commandLine: string;
}

/** The names of the pact files to publish; none is an invalid argument. */
const pactFileNames = (dir: string): TE.TaskEither<BrokerError, readonly string[]> =>
  pipe(
    pactFilesIn(dir),
    TE.bimap(
      (error) => invalidArgument(error.message),
      (files) => files.map((file) => basename(file)),
    ),
  );

/** `pact broker publish <dir> --consumer-app-version <sha> --branch <branch>`. */
export const publishPacts = (
  config: BrokerConfig,
  opts: PublishOptions = {},
): TE.TaskEither<BrokerError, PublishResult> => {
  const dir = resolve(opts.pactsDir ?? PROJECT_PACTS_DIR);
  return runCommand(
    config,
    pipe(
      TE.Do,
      TE.apS('pactFiles', pactFileNames(dir)),
      TE.apS('consumerVersion', TE.fromEither(versionOr(opts.consumerVersion))),
      TE.apS('branch', TE.fromEither(branchOr(opts.branch))),
    ),
  )({
    name: 'publish',
    what: 'publishing pacts',
    args: (c) => [
      dir,
      '--consumer-app-version',
      c.consumerVersion,
      '--branch',
      c.branch,
      ...option('--build-url', opts.buildUrl),
    ],
    answer: PublishOutput,
    result: (c, out, run) => ({
      ...c,
      contracts: (out._links?.['pb:contracts'] ?? []).map((l) => l.href),
      notices: out.notices ?? [],
      commandLine: run.commandLine,
    }),
  });
};

// ---------------------------------------------------------------------------------------------

export interface CanIDeployOptions {
  readonly pacticipant: string;
  /** Default: `git rev-parse HEAD`. */
  readonly version?: string;
  readonly toEnvironment: string;
  /**
   * Poll this many times while a verification result is unknown (it may still be running);
   * a number, or its text as typed on a command line.
   */
  readonly retryWhileUnknown?: number | string;
  /** Seconds between those polls (a number or its text). */
  readonly retryInterval?: number | string;
}

export interface CanIDeployResult {
  readonly pacticipant: string;
  readonly version: string;
  readonly toEnvironment: string;
  /** true: yes; false: a verification failed; null: unknown (not verified yet). */
  readonly deployable: boolean | null;
  readonly reason: string;
  readonly counts: { readonly success: number; readonly failed: number; readonly unknown: number };
  readonly notices: readonly Notice[];
  readonly commandLine: string;
}

/**
 * `pact broker can-i-deploy --pacticipant P --version V --to-environment ENV --output json`.
 * The answer, yes/no/unknown, is a Right: the caller decides what "no" means. The verdict is
 * read from summary.deployable, not the exit code, which the CLI sets differently per output.
 */
export const canIDeploy = (
  config: BrokerConfig,
  opts: CanIDeployOptions,
): TE.TaskEither<BrokerError, CanIDeployResult> =>
  runCommand(
    config,
    TE.fromEither(
      pipe(
        pacticipantVersion(opts.pacticipant, opts.version),
        E.apS('toEnvironment', nonEmpty('to-environment', opts.toEnvironment)),
        E.apS('times', countOption('retry-while-unknown', opts.retryWhileUnknown, { min: 0 })),
        E.apS(
          'seconds',
          countOption('retry-interval', opts.retryInterval, { min: 1, unit: ' of seconds' }),
        ),
      ),
    ),
  )({
    name: 'can-i-deploy',
    what: 'can-i-deploy',
    args: (c) => [
      '--pacticipant',
      c.pacticipant,
      '--version',
      c.version,
      '--to-environment',
      c.toEnvironment,
      ...option('--retry-while-unknown', c.times),
      ...option('--retry-interval', c.seconds),
    ],
    answer: CanIDeployOutput,
    answersOnFailure: true,
    result: ({ pacticipant, version, toEnvironment }, { summary, notices }, run) => ({
      pacticipant,
      version,
      toEnvironment,
      deployable: summary.deployable,
      reason: summary.reason,
      counts: { success: summary.success, failed: summary.failed, unknown: summary.unknown },
      notices: notices ?? [],
      commandLine: run.commandLine,
    }),
  });

// ---------------------------------------------------------------------------------------------

export interface RecordDeploymentOptions {
  readonly pacticipant: string;
  /** Default: `git rev-parse HEAD`. */
  readonly version?: string;
  readonly environment: string;
  readonly applicationInstance?: string;
}

export interface RecordDeploymentResult {
  readonly pacticipant: string;
  readonly version: string;
  readonly environment: string;
  readonly deployedVersionId: string;
  readonly currentlyDeployed: boolean;
  readonly commandLine: string;
}

/** `pact broker record-deployment --pacticipant P --version V --environment ENV`. */
export const recordDeployment = (
  config: BrokerConfig,
  opts: RecordDeploymentOptions,
): TE.TaskEither<BrokerError, RecordDeploymentResult> =>
  runCommand(
    config,
    TE.fromEither(
      pipe(
        pacticipantVersion(opts.pacticipant, opts.version),
        E.apS('environment', nonEmpty('environment', opts.environment)),
      ),
    ),
  )({
    name: 'record-deployment',
    what: 'record-deployment',
    args: (c) => [
      '--pacticipant',
      c.pacticipant,
      '--version',
      c.version,
      '--environment',
      c.environment,
      ...option('--application-instance', opts.applicationInstance),
    ],
    answer: DeploymentOutput,
    result: (c, out, run) => ({
      ...c,
      deployedVersionId: out.uuid,
      currentlyDeployed: out.currentlyDeployed ?? true,
      commandLine: run.commandLine,
    }),
  });

// ---------------------------------------------------------------------------------------------

export interface CreateEnvironmentOptions {
  readonly name: string;
  readonly displayName?: string;
  readonly production?: boolean;
}

export interface CreateEnvironmentResult {
  /** false when an environment of that name already existed (it is left as it was). */
  readonly created: boolean;
  readonly environment: Environment;
}

/** All environments: `pact broker list-environments`. */
export const listEnvironments = (
  config: BrokerConfig,
): TE.TaskEither<BrokerError, readonly Environment[]> =>
  runCommand(
    config,
    TE.right(undefined),
  )({
    name: 'list-environments',
    what: 'list-environments',
    args: () => [],
    answer: EnvironmentsOutput,
    result: (_, out) => out._embedded.environments,
  });

/**
 * `pact broker create-environment --name N [--production]`, idempotent: an environment that
 * already exists (e.g. one created by an earlier run) is returned as it is.
 */
export const createEnvironment = (
  config: BrokerConfig,
  opts: CreateEnvironmentOptions,
): TE.TaskEither<BrokerError, CreateEnvironmentResult> =>
  pipe(
    TE.fromEither(nonEmpty('name', opts.name)),
    TE.flatMap(() => listEnvironments(config)),
    TE.flatMap((existing): TE.TaskEither<BrokerError, CreateEnvironmentResult> => {
      const found = existing.find((env) => env.name === opts.name);
      return found !== undefined
        ? TE.right({ created: false, environment: found })
        : runCommand(
            config,
            TE.right(opts.name),
          )({
            name: 'create-environment',
            what: 'create-environment',
            args: (name) => [
              '--name',
              name,
              ...option('--display-name', opts.displayName),
              ...(opts.production === true ? ['--production'] : []),
            ],
            answer: Environment,
            result: (_, environment) => ({ created: true, environment }),
          });
    }),
  );
