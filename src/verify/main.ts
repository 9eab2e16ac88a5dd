/**
 * `npm run verify`: verify the pacts against a provider.
 *   (no variables)              pacts/ against the embedded reference provider
 *   PROVIDER_BASE_URL           pacts/ against that deployment
 *   PROVIDER_STATE_CHANGE_URL   ... with provider states set up through that URL
 *   PACT_BROKER_BASE_URL        pacts selected from the broker instead of pacts/
 * `--publish` publishes broker-mode results (as PACT_PUBLISH_VERIFICATION_RESULTS=true or CI=true do).
 *   PROVIDER_TIMEOUT_MS         how long one request may go unanswered (default 5000)
 *   PACT_BROKER_TIMEOUT_MS      how long the broker's check before the run may take (default 5000)
 * Exit 0 when every (non-pending) interaction passed; 1 on failure, an unreachable target
 * or a provider that stopped answering (one line saying which); 2 on bad configuration.
 */
import * as E from 'fp-ts/lib/Either.js';
import { verificationConfigFrom } from './config.js';
import { summaryLines } from './summary.js';
import { verifyPacts } from './verify.js';

const USAGE = 'usage: npm run verify [-- --publish]';

const main = async (): Promise<number> => {
  const args = process.argv.slice(2);
  const unknown = args.filter((arg) => arg !== '--publish');
  if (unknown.length > 0) {
    console.error(`verify: unknown argument ${unknown.join(' ')}\n${USAGE}`);
    return 2;
  }
  const publish = args.includes('--publish') ? { PACT_PUBLISH_VERIFICATION_RESULTS: 'true' } : {};
  const config = verificationConfigFrom({ ...process.env, ...publish });
  if (E.isLeft(config)) {
    console.error(`verify: ${config.left.message}`);
    return 2;
  }
  const run = await verifyPacts(config.right)();
  if (E.isLeft(run)) {
    console.error(`verify: ${run.left.message}`);
    return 1;
  }
  for (const line of summaryLines(run.right)) console.log(line);
  return run.right.outcome.passed ? 0 : 1;
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(
      `verify: unexpected failure: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  },
);
