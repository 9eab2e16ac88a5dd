/**
 * `npm run verify [-- --publish --verbose --junit]`: the pacts against a provider, configured by
 * variables (docs/verification.md). `--publish` publishes broker-mode results (as CI=true does),
 * `--verbose` prints Pact's report too (always kept in reports/verification/verify.txt), `--junit`
 * writes JUnit XML (as CI=true does). Exit 0 when every non-pending interaction passed; 1 on a
 * failure, an unreachable target or a provider that stopped answering; 2 on bad configuration.
 */
import * as E from 'fp-ts/lib/Either.js';
import { reportVerification, writtenLines, type VerificationCommand } from '../ci/verification.js';
import { errorMessage, flagsGiven, flagsUsage, JUNIT_FLAG } from '../config/index.js';
import { maskedFor } from '../ci/secrets.js';
import { verificationConfigFrom } from './config.js';
import { brokerSummaryLines, summaryLines } from './summary.js';
import { runOf, verifyPacts } from './verify.js';

const FLAGS = ['--publish', '--verbose', JUNIT_FLAG] as const;
const USAGE = flagsUsage('npm run verify', FLAGS);
const COMMAND: VerificationCommand = { suite: 'verify', command: 'npm run verify' };

const main = async (): Promise<number> => {
  const args = process.argv.slice(2);
  const flags = flagsGiven(args, FLAGS);
  if (E.isLeft(flags)) {
    console.error(`verify: ${flags.left}\n${USAGE}`);
    return 2;
  }
  const given = flags.right;
  const publish = given('--publish') ? { PACT_PUBLISH_VERIFICATION_RESULTS: 'true' } : {};
  const config = verificationConfigFrom({ ...process.env, ...publish });
  if (E.isLeft(config)) {
    console.error(`verify: ${config.left.message}`);
    return 2;
  }
  const startedAt = new Date();
  // What a provider or a broker answered may quote a secret: none is printed.
  const mask = maskedFor(process.env);
  const result = await verifyPacts(config.right)();
  const run = runOf(result);
  if (run !== undefined && given('--verbose')) process.stdout.write(run.pactReport);
  const statesSaidOnce = E.isLeft(result) && result.left._tag === 'StatesRefused';
  const { pacts } = config.right;
  // A run that never reached the verifier has its one line (below), and nothing more.
  const lines =
    run === undefined
      ? []
      : [
          ...summaryLines(run, statesSaidOnce),
          ...(pacts._tag === 'Broker' ? brokerSummaryLines(pacts, run) : []),
        ];
  for (const line of lines) console.log(mask(line));
  const context = { env: process.env, argv: args, startedAt };
  const written = await reportVerification(COMMAND, result, context)();
  if (E.isRight(written)) for (const line of writtenLines(written.right)) console.log(line);
  // The run's own failure is the last line: it says why the run ended.
  if (E.isLeft(written)) console.error(`verify: ${written.left.message}`);
  if (E.isLeft(result)) {
    console.error(`verify: ${mask(result.left.message)}`);
    return 1;
  }
  return result.right.outcome.passed && E.isRight(written) ? 0 : 1;
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`verify: unexpected failure: ${errorMessage(error)}`);
    process.exit(1);
  },
);
