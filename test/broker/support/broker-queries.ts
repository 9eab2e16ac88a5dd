/**
 * Questions to the broker that src/broker has no wrapper for, asked through the official
 * Pact CLI (`pact broker ... --output json`) and read with io-ts codecs: the compatibility
 * matrix of a version against the main branches (`can-i-merge`) and the versions currently
 * deployed to an environment (`describe-version --environment --deployed`).
 */
import { pipe } from 'fp-ts/lib/function.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import * as t from 'io-ts';
import type { BrokerConfig } from '../../../src/broker/config.js';
import type { BrokerError } from '../../../src/broker/errors.js';
import { decodeRun } from '../../../src/broker/commands.js';
import { runPactBroker } from '../../../src/broker/pact-cli.js';

const VersionRef = t.type({ number: t.string });

const MatrixRow = t.type({
  consumer: t.type({ name: t.string, version: t.union([VersionRef, t.null]) }),
  provider: t.type({ name: t.string, version: t.union([VersionRef, t.null]) }),
  verificationResult: t.union([t.type({ success: t.boolean }), t.null]),
});

const MatrixOutput = t.type({
  matrix: t.array(MatrixRow),
  summary: t.type({ deployable: t.union([t.boolean, t.null]), reason: t.string }),
});

const DeployedVersions = t.array(
  t.type({
    _embedded: t.type({ version: VersionRef }),
    currentlyDeployed: t.boolean,
  }),
);

export interface MatrixLine {
  readonly consumerVersion: string | undefined;
  readonly providerVersion: string | undefined;
  /** true/false: the verification's result; null: not verified. */
  readonly verified: boolean | null;
}

export interface MatrixAnswer {
  readonly deployable: boolean | null;
  readonly reason: string;
  readonly matrix: readonly MatrixLine[];
}

/** `pact broker can-i-merge`: is this version compatible with the main branch of the others? */
export const canIMerge = (
  config: BrokerConfig,
  pacticipant: string,
  version: string,
): TE.TaskEither<BrokerError, MatrixAnswer> =>
  pipe(
    runPactBroker(config, [
      'can-i-merge',
      '--pacticipant',
      pacticipant,
      '--version',
      version,
      '--output',
      'json',
    ]),
    TE.chainEitherK(decodeRun(MatrixOutput)),
    TE.map((out) => ({
      deployable: out.summary.deployable,
      reason: out.summary.reason,
      matrix: out.matrix.map((row) => ({
        consumerVersion: row.consumer.version?.number,
        providerVersion: row.provider.version?.number,
        verified: row.verificationResult?.success ?? null,
      })),
    })),
  );

/** The versions of `pacticipant` the broker says are currently deployed to `environment`. */
export const currentlyDeployedVersions = (
  config: BrokerConfig,
  pacticipant: string,
  environment: string,
): TE.TaskEither<BrokerError, readonly string[]> =>
  pipe(
    runPactBroker(config, [
      'describe-version',
      '--pacticipant',
      pacticipant,
      '--environment',
      environment,
      '--deployed',
      '--output',
      'json',
    ]),
    TE.chainEitherK(decodeRun(DeployedVersions)),
    TE.map((deployed) =>
      deployed.filter((d) => d.currentlyDeployed).map((d) => d._embedded.version.number),
    ),
  );
