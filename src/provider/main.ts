/**
 * Runs the reference provider: `npm run provider -- --port 8080`.
 * Exit codes: 0 after a clean shutdown (or `--help`), 1 when it cannot start, 2 for bad flags.
 */
import * as E from 'fp-ts/lib/Either.js';
import { TOKEN_REFRESH_PATH } from '../../contracts/index.js';
import { parseServeOptions, SERVE_USAGE } from './cli-options.js';
import { PROVIDER_STATES_PATH } from './http/provider-states-route.js';
import { startProvider } from './start.js';
import { errorMessage, exitWithUsageIfAsked } from '../config/index.js';

const main = async (): Promise<void> => {
  exitWithUsageIfAsked(process.argv.slice(2), SERVE_USAGE);
  const options = parseServeOptions(process.argv.slice(2), process.env);
  if (E.isLeft(options)) {
    process.stderr.write(`provider: ${options.left}\n\n${SERVE_USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const { rateLimit, providerStatesSecret, databasePath } = options.right;
  const provider = await startProvider({ ...options.right, providerStatesSecret });

  const limits =
    rateLimit === false
      ? 'rate limiting off'
      : `rate limit ${rateLimit.limit} per ${rateLimit.windowSeconds}s per token family`;
  process.stdout.write(
    [
      `Provider listening on ${provider.url}`,
      `  POST ${provider.url}${TOKEN_REFRESH_PATH}`,
      `  database ${databasePath}; ${limits}`,
      ...(providerStatesSecret === undefined
        ? []
        : [`  provider states at POST ${provider.url}${PROVIDER_STATES_PATH} (secret required)`]),
      '',
    ].join('\n'),
  );

  const shutdown = (signal: NodeJS.Signals) => {
    process.stdout.write(`Received ${signal}, shutting down\n`);
    provider.close().then(
      () => {
        process.exitCode = 0;
      },
      (error: unknown) => {
        process.stderr.write(`provider: shutdown failed: ${errorMessage(error)}\n`);
        process.exitCode = 1;
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
};

main().catch((error: unknown) => {
  process.stderr.write(`provider: cannot start: ${errorMessage(error)}\n`);
  process.exitCode = 1;
});
