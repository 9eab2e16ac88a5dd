/**
 * `npm run strength [-- --json --junit --seed <n> --sample <n>]`: every mutant of the committed
 * pact judged by the real client, Pact's verifier and the published spec (docs/contract.md).
 * Prints a table by operator and each disagreement; `--json` prints the same as JSON instead;
 * JUnit XML on CI or with `--junit`, as `npm run verify` writes it. Exit 0 when every mutant
 * agrees, 1 on a disagreement or a run that could not finish, 2 on usage or configuration.
 */
import * as E from 'fp-ts/lib/Either.js';
import { writeInteractionsJunit } from '../ci/junit.js';
import { errorMessage, JUNIT_FLAG, junitRequested, parsedCommandLine } from '../config/index.js';
import { disagreementLines, junitCases, scoreJson, tableLines } from './report.js';
import { scoreStrength } from './strength.js';

const USAGE = `usage: npm run strength [-- --json ${JUNIT_FLAG} --seed <n> --sample <n>] (each optional)`;

/** A flag's value as a positive integer, or what is wrong with it. */
const positive = (
  flag: string,
  value: string | undefined,
  fallback?: number,
): E.Either<string, number | undefined> => {
  if (value === undefined) return E.right(fallback);
  const n = Number(value);
  return Number.isSafeInteger(n) && n > 0
    ? E.right(n)
    : E.left(`--${flag}: expected a positive integer, got ${JSON.stringify(value)}`);
};

/** The configuration errors: the pact or the codecs cannot be read, the spec cannot be. */
const CONFIG_ERRORS = new Set(['PactFileError', 'DerivationError', 'SpecError']);

const main = async (): Promise<number> => {
  const args = process.argv.slice(2);
  const line = parsedCommandLine({
    args,
    options: {
      json: { type: 'boolean' },
      junit: { type: 'boolean' },
      seed: { type: 'string' },
      sample: { type: 'string' },
    },
  });
  const seed = E.isRight(line) ? positive('seed', line.right.values.seed, 1) : line;
  const sample = E.isRight(line) ? positive('sample', line.right.values.sample) : line;
  if (E.isLeft(line) || E.isLeft(seed) || E.isLeft(sample)) {
    const why = [line, seed, sample].find(E.isLeft)?.left ?? '';
    console.error(`strength: ${why}\n${USAGE}`);
    return 2;
  }
  const startedAt = new Date();
  const scored = await scoreStrength({
    seed: seed.right ?? 1,
    ...(sample.right === undefined ? {} : { sample: sample.right }),
  })();
  if (E.isLeft(scored)) {
    console.error(`strength: ${scored.left.message}`);
    return CONFIG_ERRORS.has(scored.left._tag) ? 2 : 1;
  }
  const score = scored.right;
  const durationMs = Date.now() - startedAt.getTime();
  if (line.right.values.json === true) {
    console.log(JSON.stringify(scoreJson(score, { seed: seed.right ?? 1, durationMs }), null, 2));
  } else {
    for (const text of [...tableLines(score), '', ...disagreementLines(score)]) console.log(text);
    console.log(
      `${score.mutants.length} mutants, ${score.disagreements.length} disagreements, ${(durationMs / 1000).toFixed(1)} s (seed ${seed.right ?? 1})`,
    );
  }
  if (junitRequested(process.env, args)) {
    const written = await writeInteractionsJunit({
      suite: 'strength',
      name: 'Contract strength (npm run strength)',
      startedAt,
      cases: junitCases(score),
    })();
    if (E.isLeft(written)) {
      console.error(`strength: ${written.left.message}`);
      return 1;
    }
    console.error(`JUnit: ${written.right}`);
  }
  return score.disagreements.length === 0 ? 0 : 1;
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`strength: unexpected failure: ${errorMessage(error)}`);
    process.exit(1);
  },
);
