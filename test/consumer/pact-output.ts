/**
 * Where the consumer tests write the pact, and the check that the committed
 * pact in `pacts/` is what the tests record. A contract change must show up in
 * review: `npm test` fails on drift and prints the diff; `npm run pact:update`
 * (UPDATE_PACTS=true) rewrites `pacts/`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONSUMER_NAME, PROVIDER_NAME } from '../../contracts/index.js';
import { annotate, annotationsRequested } from '../../src/ci/github.js';
import { pactDriftAnnotation } from '../../src/ci/pact-drift.js';
import { PACTS_DIR } from '../../src/config/index.js';

export const PACT_FILE_NAME = `${CONSUMER_NAME}-${PROVIDER_NAME}.json`;

export const updatingPacts = () => process.env['UPDATE_PACTS'] === 'true';

/**
 * The folder this run writes to: `pacts/` itself when updating (the old file is
 * removed first, since pact-js merges into an existing file), a fresh temporary
 * folder otherwise.
 */
export const pactOutputDir = (): string => {
  if (!updatingPacts()) return mkdtempSync(join(tmpdir(), 'token-refresh-pact-'));
  rmSync(join(PACTS_DIR, PACT_FILE_NAME), { force: true });
  return PACTS_DIR;
};

/**
 * `undefined` when the committed pact equals the recorded one, else a unified diff; on GitHub
 * Actions the drift is annotated on the committed file too (src/ci/pact-drift.ts).
 */
export const pactDrift = async (outputDir: string): Promise<string | undefined> => {
  const committed = join(PACTS_DIR, PACT_FILE_NAME);
  const recorded = join(outputDir, PACT_FILE_NAME);
  if (!existsSync(recorded)) return `no pact was recorded at ${recorded}`;
  if (!existsSync(committed)) return `${committed} is missing: run npm run pact:update`;
  const [was, now] = [readFileSync(committed, 'utf8'), readFileSync(recorded, 'utf8')];
  if (was === now) return undefined;
  const annotation = pactDriftAnnotation(committed, was, now);
  // On a line of its own: mocha's reporter may be mid-line.
  if (annotation !== undefined && annotationsRequested(process.env)) process.stdout.write('\n');
  await annotate(process.env, annotation === undefined ? [] : [annotation])();
  const diff = spawnSync('diff', ['-u', committed, recorded], { encoding: 'utf8' });
  return `${committed} is out of date with the consumer tests (review, then npm run pact:update):\n${diff.stdout}`;
};
