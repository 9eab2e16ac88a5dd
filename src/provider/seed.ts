/**
 * Seeds a client and one refresh token for a manual trial, and prints the
 * token with a ready curl command: `npm run provider:seed -- --db ./provider.sqlite`.
 * The token is printed once, here, on purpose: it is the user's own trial
 * token, and only its digest is stored. Exit 2 for bad flags, 1 on failure.
 */
import * as E from 'fp-ts/lib/Either.js';
import { refreshTokenRequestBody, TOKEN_REFRESH_PATH } from '../../contracts/index.js';
import { parseSeedOptions, SEED_USAGE, type SeedOptions } from './cli-options.js';
import { createProviderServices } from './services.js';
import { errorMessage, exitWithUsageIfAsked } from '../config/index.js';

const fail = (message: string): never => {
  throw new Error(message);
};

const seed = async (options: SeedOptions) => {
  const services = createProviderServices({ databasePath: options.databasePath });
  try {
    const { tokens } = services;
    const existing = await tokens.findClient(options.clientId)();
    if (E.isLeft(existing)) return fail('the token store is unavailable');
    let client = existing.right;
    if (client === undefined) {
      const created = await tokens.registerClient({
        id: options.clientId,
        name: options.clientId,
      })();
      if (E.isLeft(created)) return fail('could not create the client');
      client = created.right;
    }
    if (client.suspendedAt !== undefined) {
      return fail(`client ${options.clientId} is suspended: its tokens would be refused (403)`);
    }
    const grant = await tokens.grant({ clientId: client.id, scope: options.scope })();
    if (E.isLeft(grant)) return fail(`could not issue a refresh token (${grant.left._tag})`);
    return grant.right;
  } finally {
    await services.close();
  }
};

const main = async () => {
  exitWithUsageIfAsked(process.argv.slice(2), SEED_USAGE);
  const options = parseSeedOptions(process.argv.slice(2), process.env);
  if (E.isLeft(options)) {
    process.stderr.write(`provider:seed: ${options.left}\n\n${SEED_USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const { url, clientId, scope, databasePath } = options.right;
  const grant = await seed(options.right);
  const body = JSON.stringify(refreshTokenRequestBody(grant.refreshToken));
  process.stdout.write(
    [
      `Seeded client ${clientId} in ${databasePath} with scope "${scope}".`,
      `Refresh token (shown once; it rotates on every refresh):`,
      `  ${grant.refreshToken}`,
      '',
      'Try it:',
      `  curl -sS -X POST '${url}${TOKEN_REFRESH_PATH}' \\`,
      `    -H 'Content-Type: application/json' \\`,
      `    -d '${body}'`,
      '',
    ].join('\n'),
  );
};

main().catch((error: unknown) => {
  process.stderr.write(`provider:seed: ${errorMessage(error)}\n`);
  process.exitCode = 1;
});
