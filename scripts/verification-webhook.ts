/**
 * Creates (or updates) on a Pact Broker the webhook that starts
 * .github/workflows/contract-requiring-verification.yml: on `contract_requiring_verification_published`
 * for the provider, a POST to GitHub's repository_dispatch API of the provider's repository,
 * carrying the pact URL and the provider version and branch that must verify it.
 *
 *   GITHUB_DISPATCH_TOKEN=… npm run pact:webhook -- OWNER/REPO
 *
 * The broker comes from PACT_BROKER_BASE_URL (+ PACT_BROKER_TOKEN or PACT_BROKER_USERNAME /
 * PACT_BROKER_PASSWORD), as for every broker command. GITHUB_API_URL (default
 * https://api.github.com, the variable GitHub Actions sets) names another API host (GitHub
 * Enterprise Server). The webhook's UUID is derived from the provider and the repository, so
 * running this again updates the same webhook instead of adding a second one.
 * Exit codes: 0 done, 1 the broker refused the webhook, 2 bad usage or configuration (the message
 * names what is missing), each error one line prefixed `pact:webhook:` (docs/commands.md).
 */
import { createHash } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { PROVIDER_NAME } from '../contracts/index.js';
import { brokerConfigFromEnv, type BrokerConfig } from '../src/broker/config.js';
import { exitWithUsageIfAsked, parsedCommandLine, type Env } from '../src/config/index.js';
import { invalidArgument, missingConfig, type BrokerError } from '../src/broker/errors.js';
import { pactBroker } from '../src/broker/pact-cli.js';

/** The `repository_dispatch` type the workflow listens for (its `on.repository_dispatch.types`). */
export const DISPATCH_EVENT = 'contract_requiring_verification_published';

/**
 * What the workflow reads from `github.event.client_payload`; the broker fills in the
 * `${pactbroker.*}` placeholders for each provider version that must verify the pact.
 */
export const DISPATCH_PAYLOAD = {
  pact_url: '${pactbroker.pactUrl}',
  sha: '${pactbroker.providerVersionNumber}',
  branch: '${pactbroker.providerVersionBranch}',
  message:
    'Verify changed pact for ${pactbroker.consumerName} version ${pactbroker.consumerVersionNumber} ' +
    'branch ${pactbroker.consumerVersionBranch} by ${pactbroker.providerVersionNumber} ' +
    '(${pactbroker.providerVersionDescriptions})',
} as const;

export interface DispatchTarget {
  /** OWNER/REPO of the provider's repository, where the workflow lives. */
  readonly repository: string;
  /** A GitHub token allowed to dispatch to it (fine-grained: Contents read and write). */
  readonly token: string;
  /** GitHub's REST API root, https://api.github.com unless on GitHub Enterprise Server. */
  readonly apiUrl: string;
}

export interface WebhookCreated {
  readonly uuid: string;
  readonly url: string;
}

const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/** A stable UUID-shaped id for (provider, repository): reruns update one webhook. */
const webhookUuid = (repository: string): string => {
  const hex = createHash('sha256').update(`${PROVIDER_NAME}\n${repository}`).digest('hex');
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    hex.slice(12, 16),
    hex.slice(16, 20),
    hex.slice(20, 32),
  ].join('-');
};

export const createVerificationWebhook = (
  config: BrokerConfig,
  target: DispatchTarget,
): TE.TaskEither<BrokerError, WebhookCreated> => {
  if (!REPOSITORY.test(target.repository)) {
    return TE.left(
      invalidArgument(`expected the repository as OWNER/REPO, got ${target.repository}`),
    );
  }
  const uuid = webhookUuid(target.repository);
  const url = `${target.apiUrl.replace(/\/+$/, '')}/repos/${target.repository}/dispatches`;
  // The token is in the CLI's arguments: masked in everything it prints, as the broker's secrets.
  const pact = pactBroker(config, [target.token]);
  return pipe(
    TE.fromTask(
      pact([
        'create-or-update-webhook',
        url,
        '--uuid',
        uuid,
        '--request',
        'POST',
        '--header',
        'Content-Type: application/json',
        'Accept: application/vnd.github+json',
        `Authorization: Bearer ${target.token}`,
        '--data',
        JSON.stringify({ event_type: DISPATCH_EVENT, client_payload: DISPATCH_PAYLOAD }),
        '--provider',
        PROVIDER_NAME,
        '--contract-requiring-verification-published',
        '--description',
        `${PROVIDER_NAME}: verify changed pacts in ${target.repository}`,
      ]),
    ),
    TE.flatMap(({ exitCode, stdout, stderr }) =>
      exitCode === 0
        ? TE.right({ uuid, url })
        : TE.left<BrokerError>({
            _tag: 'CliFailed',
            exitCode,
            message: `create-or-update-webhook failed (exit ${exitCode}):\n${`${stdout}${stderr}`.trim()}`,
          }),
    ),
  );
};

const USAGE = 'usage: npm run pact:webhook -- OWNER/REPO';

const targetFromEnv = (
  argv: readonly string[],
  env: Env,
): E.Either<BrokerError, DispatchTarget> => {
  const parsed = parsedCommandLine({ args: [...argv], options: {}, allowPositionals: true });
  const [repository, ...more] = E.isRight(parsed) ? parsed.right.positionals : [];
  const token = env['GITHUB_DISPATCH_TOKEN'] ?? '';
  if (repository === undefined || more.length > 0) {
    const why = E.isLeft(parsed) ? `${parsed.left}\n` : '';
    return E.left(invalidArgument(`${why}${USAGE}`));
  }
  if (token === '') {
    return E.left(
      missingConfig('GITHUB_DISPATCH_TOKEN', `a GitHub token allowed to dispatch to ${repository}`),
    );
  }
  return E.right({ repository, token, apiUrl: env['GITHUB_API_URL'] ?? 'https://api.github.com' });
};

if (require.main === module) {
  exitWithUsageIfAsked(process.argv.slice(2), USAGE);
  void pipe(
    TE.fromEither(
      pipe(
        E.Do,
        E.apS('config', brokerConfigFromEnv(process.env)),
        E.apS('target', targetFromEnv(process.argv.slice(2), process.env)),
      ),
    ),
    TE.flatMap(({ config, target }) => createVerificationWebhook(config, target)),
  )().then((result) => {
    if (E.isLeft(result)) {
      process.stderr.write(`pact:webhook: ${result.left.message}\n`);
      process.exitCode = result.left._tag === 'CliFailed' ? 1 : 2;
    } else {
      process.stdout.write(
        `webhook ${result.right.uuid}: POST ${result.right.url} on ${DISPATCH_EVENT}\n`,
      );
    }
  });
}
