/**
 * The broker steps of the consumer and provider pipelines, each a thin call of the official
 * Pact CLI (`pact broker ...`) with its JSON answer decoded into a typed result.
 */
import { basename, resolve } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import type * as t from 'io-ts';
import { decode } from '../../contracts/index.js';
import { pactFilesIn, PROJECT_PACTS_DIR } from '../config/index.js';
import type { BrokerConfig } from './config.js';
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
import { cliFailed, runPactBroker, runPactBrokerOk, type CliRun } from './pact-cli.js';

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
      E.chain((json) =>
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

const versionOr = (version: string | undefined): E.Either<BrokerError, string> =>
  version !== undefined && version !== '' ? E.right(version) : gitCommit();

const branchOr = (branch: string | undefined): E.Either<BrokerError, string> =>
  branch !== undefined && branch !== '' ? E.right(branch) : gitBranch();

const nonEmpty = (name: string, value: string): E.Either<BrokerError, string> =>
  value.trim() === '' ? E.left(invalidArgument(`${name} must not be empty`)) : E.right(value);

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
  return pipe(
    TE.Do,
    TE.apS('pactFiles', pactFileNames(dir)),
    TE.apS('consumerVersion', TE.fromEither(versionOr(opts.consumerVersion))),
    TE.apS('branch', TE.fromEither(branchOr(opts.branch))),
    TE.chain((ctx) =>
      pipe(
        runPactBrokerOk(
          config,
          [
            'publish',
            dir,
            '--consumer-app-version',
            ctx.consumerVersion,
            '--branch',
            ctx.branch,
            ...(opts.buildUrl === undefined ? [] : ['--build-url', opts.buildUrl]),
            '--output',
            'json',
          ],
          'publishing pacts',
        ),
        TE.chainEitherK((run) =>
          pipe(
            decodeRun(PublishOutput)(run),
            E.map((out): PublishResult => ({
              ...ctx,
              contracts: (out._links?.['pb:contracts'] ?? []).map((l) => l.href),
              notices: out.notices ?? [],
              commandLine: run.commandLine,
            })),
          ),
        ),
      ),
    ),
  );
};

// ---------------------------------------------------------------------------------------------

export interface CanIDeployOptions {
  readonly pacticipant: string;
  /** Default: `git rev-parse HEAD`. */
  readonly version?: string;
  readonly toEnvironment: string;
  /** Poll this many times while a verification result is unknown (it may still be running). */
  readonly retryWhileUnknown?: number;
  /** Seconds between those polls. */
  readonly retryInterval?: number;
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

const retryArgs = (opts: CanIDeployOptions): E.Either<BrokerError, readonly string[]> => {
  const { retryWhileUnknown: times, retryInterval: seconds } = opts;
  if (times !== undefined && (!Number.isInteger(times) || times < 0)) {
    return E.left(invalidArgument(`retry-while-unknown must be a whole number, got ${times}`));
  }
  if (seconds !== undefined && (!Number.isInteger(seconds) || seconds < 1)) {
    return E.left(
      invalidArgument(`retry-interval must be a whole number of seconds >= 1, got ${seconds}`),
    );
  }
  return E.right([
    ...(times === undefined ? [] : ['--retry-while-unknown', String(times)]),
    ...(seconds === undefined ? [] : ['--retry-interval', String(seconds)]),
  ]);
};

/**
 * `pact broker can-i-deploy --pacticipant P --version V --to-environment ENV --output json`.
 * The answer, yes/no/unknown, is a Right: the caller decides what "no" means. The verdict is
 * read from summary.deployable, not the exit code, which the CLI sets differently per output.
 */
export const canIDeploy = (
  config: BrokerConfig,
  opts: CanIDeployOptions,
): TE.TaskEither<BrokerError, CanIDeployResult> =>
  pipe(
    TE.fromEither(
      pipe(
        E.Do,
        E.apS('pacticipant', nonEmpty('pacticipant', opts.pacticipant)),
        E.apS('toEnvironment', nonEmpty('to-environment', opts.toEnvironment)),
        E.apS('version', versionOr(opts.version)),
        E.apS('retry', retryArgs(opts)),
      ),
    ),
    TE.chain((ctx) =>
      pipe(
        runPactBroker(config, [
          'can-i-deploy',
          '--pacticipant',
          ctx.pacticipant,
          '--version',
          ctx.version,
          '--to-environment',
          ctx.toEnvironment,
          ...ctx.retry,
          '--output',
          'json',
        ]),
        TE.chainEitherK((run) =>
          pipe(
            decodeRun(CanIDeployOutput)(run),
            // No JSON at all means the CLI failed before asking (bad URL, unknown environment).
            E.mapLeft((err) => (run.exitCode === 0 ? err : cliFailed(run, 'can-i-deploy'))),
            E.map((out): CanIDeployResult => ({
              pacticipant: ctx.pacticipant,
              version: ctx.version,
              toEnvironment: ctx.toEnvironment,
              deployable: out.summary.deployable,
              reason: out.summary.reason,
              counts: {
                success: out.summary.success,
                failed: out.summary.failed,
                unknown: out.summary.unknown,
              },
              notices: out.notices ?? [],
              commandLine: run.commandLine,
            })),
          ),
        ),
      ),
    ),
  );

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
  pipe(
    TE.fromEither(
      pipe(
        E.Do,
        E.apS('pacticipant', nonEmpty('pacticipant', opts.pacticipant)),
        E.apS('environment', nonEmpty('environment', opts.environment)),
        E.apS('version', versionOr(opts.version)),
      ),
    ),
    TE.chain((ctx) =>
      pipe(
        runPactBrokerOk(
          config,
          [
            'record-deployment',
            '--pacticipant',
            ctx.pacticipant,
            '--version',
            ctx.version,
            '--environment',
            ctx.environment,
            ...(opts.applicationInstance === undefined
              ? []
              : ['--application-instance', opts.applicationInstance]),
            '--output',
            'json',
          ],
          'record-deployment',
        ),
        TE.chainEitherK((run) =>
          pipe(
            decodeRun(DeploymentOutput)(run),
            E.map((out): RecordDeploymentResult => ({
              ...ctx,
              deployedVersionId: out.uuid,
              currentlyDeployed: out.currentlyDeployed ?? true,
              commandLine: run.commandLine,
            })),
          ),
        ),
      ),
    ),
  );

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
  pipe(
    runPactBrokerOk(config, ['list-environments', '--output', 'json'], 'list-environments'),
    TE.chainEitherK(decodeRun(EnvironmentsOutput)),
    TE.map((out) => out._embedded.environments),
  );

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
    TE.chain(() => listEnvironments(config)),
    TE.chain((existing): TE.TaskEither<BrokerError, CreateEnvironmentResult> => {
      const found = existing.find((env) => env.name === opts.name);
      if (found !== undefined) return TE.right({ created: false, environment: found });
      return pipe(
        runPactBrokerOk(
          config,
          [
            'create-environment',
            '--name',
            opts.name,
            ...(opts.displayName === undefined ? [] : ['--display-name', opts.displayName]),
            ...(opts.production === true ? ['--production'] : []),
            '--output',
            'json',
          ],
          'create-environment',
        ),
        TE.chainEitherK(decodeRun(Environment)),
        TE.map((environment) => ({ created: true, environment })),
      );
    }),
  );
