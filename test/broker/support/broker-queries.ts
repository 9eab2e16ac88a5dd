/**
 * The broker commands as a pipeline step runs them (src/broker/cli.ts's `main`, the broker
 * and its credentials as variables), and the broker's answers read from what the official CLI
 * prints with `--output json`, through io-ts codecs that ask only for what the tests read.
 * Also two questions no pipeline step asks, put to the CLI directly: the compatibility matrix
 * of a version against the main branches (`can-i-merge`) and the versions deployed to an
 * environment (`describe-version --environment --deployed`).
 */
import assert from 'node:assert/strict';
import * as t from 'io-ts';
import { decode } from '../../../contracts/index.js';
import { main } from '../../../src/broker/cli.js';
import type { BrokerConfig } from '../../../src/broker/config.js';
import { pactBroker } from '../../../src/broker/pact-cli.js';
import { type Env, errorMessage } from '../../../src/config/index.js';
import { right } from './fresh-broker.js';

/** The JSON document of the CLI's output (publish prints lines of progress before it), decoded. */
export const answerIn = <A>(stdout: string, codec: t.Type<A, unknown>): A => {
  const lines = stdout.split('\n');
  const start = Math.max(
    lines.findIndex((line) => /^\s*[[{]/.test(line)),
    0,
  );
  let json: unknown;
  try {
    json = JSON.parse(lines.slice(start).join('\n'));
  } catch (error) {
    assert.fail(`not JSON (${errorMessage(error)}):\n${stdout}`);
  }
  return right(decode(codec)(json));
};

/** `main([command, ...args, '--output', 'json'])`, which must succeed; its answer decoded. */
const answered = async <A>(
  env: Env,
  argv: readonly string[],
  codec: t.Type<A, unknown>,
): Promise<A> => {
  const run = await main([...argv, '--output', 'json'], env);
  assert.equal(
    run.exitCode,
    0,
    `${argv.join(' ')}: exit ${run.exitCode}\n${run.stdout}\n${run.stderr}`,
  );
  return answerIn(run.stdout, codec);
};

const Notice = t.type({ text: t.string, type: t.string });

/** `publish ARGS`: the broker's URLs of the published pacts, and its notices. */
export const publish = async (env: Env, args: readonly string[]) => {
  const answer = await answered(
    env,
    ['publish', ...args],
    t.type({
      notices: t.array(Notice),
      _links: t.type({ 'pb:contracts': t.array(t.type({ href: t.string })) }),
    }),
  );
  return { contracts: answer._links['pb:contracts'].map((l) => l.href), notices: answer.notices };
};

/** `can-i-deploy ARGS`: the broker's verdict (null: unknown), its reason and its counts. */
export const canIDeploy = async (env: Env, args: readonly string[]) => {
  const { summary } = await answered(
    env,
    ['can-i-deploy', ...args],
    t.type({
      summary: t.type({
        deployable: t.union([t.boolean, t.null]),
        reason: t.string,
        success: t.number,
        failed: t.number,
        unknown: t.number,
      }),
    }),
  );
  const { deployable, reason, success, failed, unknown } = summary;
  return { deployable, reason, counts: { success, failed, unknown } };
};

/** `record-deployment ARGS`: the deployed version's id, and whether it is deployed now. */
export const recordDeployment = async (env: Env, args: readonly string[]) => {
  const answer = await answered(
    env,
    ['record-deployment', ...args],
    t.type({ uuid: t.string, currentlyDeployed: t.boolean }),
  );
  return { deployedVersionId: answer.uuid, currentlyDeployed: answer.currentlyDeployed };
};

/**
 * `create-environment ARGS`, as a person reads it (text): whether the environment was created
 * or already there, and its UUID.
 */
export const createEnvironment = async (env: Env, args: readonly string[]) => {
  const run = await main(['create-environment', ...args], env);
  assert.equal(
    run.exitCode,
    0,
    `create-environment: exit ${run.exitCode}\n${run.stdout}\n${run.stderr}`,
  );
  const uuid = /with UUID ([0-9a-f-]{36})/.exec(run.stdout)?.[1];
  assert.ok(uuid !== undefined, `no UUID in:\n${run.stdout}`);
  return { created: /^✅ Created \S+ environment/m.test(run.stdout), uuid };
};

const VersionRef = t.type({ number: t.string });

const MatrixRow = t.type({
  consumer: t.type({ name: t.string, version: t.union([VersionRef, t.null]) }),
  provider: t.type({ name: t.string, version: t.union([VersionRef, t.null]) }),
  verificationResult: t.union([t.type({ success: t.boolean }), t.null]),
});

export interface MatrixLine {
  readonly consumerVersion: string | undefined;
  readonly providerVersion: string | undefined;
  /** true/false: the verification's result; null: not verified. */
  readonly verified: boolean | null;
}

/** `pact broker can-i-merge`: is this version compatible with the main branch of the others? */
export const canIMerge = async (config: BrokerConfig, pacticipant: string, version: string) => {
  const run = await pactBroker(config)([
    'can-i-merge',
    '--pacticipant',
    pacticipant,
    '--version',
    version,
    '--output',
    'json',
  ])();
  const out = answerIn(
    run.stdout,
    t.type({
      matrix: t.array(MatrixRow),
      summary: t.type({ deployable: t.union([t.boolean, t.null]), reason: t.string }),
    }),
  );
  return {
    deployable: out.summary.deployable,
    reason: out.summary.reason,
    matrix: out.matrix.map((row): MatrixLine => ({
      consumerVersion: row.consumer.version?.number,
      providerVersion: row.provider.version?.number,
      verified: row.verificationResult?.success ?? null,
    })),
  };
};

/** The versions of `pacticipant` the broker says are currently deployed to `environment`. */
export const currentlyDeployedVersions = async (
  config: BrokerConfig,
  pacticipant: string,
  environment: string,
): Promise<readonly string[]> => {
  const run = await pactBroker(config)([
    'describe-version',
    '--pacticipant',
    pacticipant,
    '--environment',
    environment,
    '--deployed',
    '--output',
    'json',
  ])();
  const deployed = answerIn(
    run.stdout,
    t.array(t.type({ _embedded: t.type({ version: VersionRef }), currentlyDeployed: t.boolean })),
  );
  return deployed.filter((d) => d.currentlyDeployed).map((d) => d._embedded.version.number);
};
