/**
 * Where the consumer tests write the pact, and the check that the committed
 * pact in `pacts/` is what the tests record. A contract change must show up in
 * review: `npm test` fails on drift and prints the diff; `npm run pact:update`
 * (UPDATE_PACTS=true) rewrites `pacts/` with what they recorded.
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { annotate, annotationsRequested } from '../../src/ci/github.js';
import { pactDriftAnnotation } from '../../src/ci/pact-drift.js';
import { PACT_FILE_NAME, PACTS_DIR, RECORDED_PACTS_VARIABLE } from '../../src/config/index.js';

export { PACT_FILE_NAME };

export const updatingPacts = () => process.env['UPDATE_PACTS'] === 'true';

/**
 * The folder the tests record into: always a fresh temporary one. pact-js merges into an
 * existing file and writes after each interaction, so recording into `pacts/` itself would show
 * a half-recorded pact to anything reading it meanwhile (`npm start`'s verification, a test
 * running in parallel); `pact:update` swaps the finished recording in at once instead.
 */
export const pactOutputDir = (): string => mkdtempSync(join(tmpdir(), 'token-refresh-pact-'));

/**
 * The recorded pact replaces the committed one in one rename (written beside it first): a reader
 * sees the old file or the new one, never none or half of one.
 */
const adoptRecorded = (recorded: string, committed: string): void => {
  const beside = `${committed}.${process.pid}.tmp`;
  mkdirSync(dirname(committed), { recursive: true });
  copyFileSync(recorded, beside);
  renameSync(beside, committed);
};

/**
 * `undefined` when the committed pact equals the recorded one, else a unified diff; on GitHub
 * Actions the drift is annotated on the committed file too (src/ci/pact-drift.ts). When
 * updating, the recorded pact becomes the committed one instead. Under `npm start`
 * (RECORDED_PACTS_DIR set), the recording is kept there and pacts/ left alone: the pipeline
 * compares the two itself and says so in one line.
 */
export const pactDrift = async (outputDir: string): Promise<string | undefined> => {
  const committed = join(PACTS_DIR, PACT_FILE_NAME);
  const recorded = join(outputDir, PACT_FILE_NAME);
  if (!existsSync(recorded)) return `no pact was recorded at ${recorded}`;
  const keptIn = process.env[RECORDED_PACTS_VARIABLE];
  if (keptIn !== undefined && keptIn !== '') {
    mkdirSync(keptIn, { recursive: true });
    copyFileSync(recorded, join(keptIn, PACT_FILE_NAME));
    return undefined;
  }
  if (updatingPacts()) {
    adoptRecorded(recorded, committed);
    return undefined;
  }
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
