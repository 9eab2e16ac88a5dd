/**
 * `npm run verify:live` as npm runs it, without the live variables of the shell running the tests,
 * and with a LIVE_STATE_DIR of its own unless the test gives one: no test reads or writes the
 * project's `.live/`.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProviderStateName } from '../../contracts/index.js';
import { STATE_DECISIONS } from '../../src/verify/live/decisions.js';
import { runScript, WITHOUT_TARGETS } from './sockets.js';

/** Written by hand from the issue: what one live token (and nothing else) verifies. */
export const LIVE_ONLY = [
  'refresh-succeeds',
  'empty-refresh-token',
  'unknown-refresh-token',
] as const;

/**
 * Why a live run does not verify an interaction given `state`, one a live token cannot establish:
 * the form written here by hand, the sentence its decision's own (src/verify/live/decisions.ts).
 */
export const whyNotLive = (state: ProviderStateName): string => {
  const decision = STATE_DECISIONS[state];
  if (decision._tag === 'Never') return `never live: ${decision.why}`;
  if (decision._tag === 'OperatorToken') return `needs ${decision.needs} (${decision.variable})`;
  return assert.fail(`${state}: decided ${decision._tag}, which a live token establishes`);
};

/** A token file in `dir` (made if need be), holding `token` as an operator keeps it (mode 0600). */
export const tokenFileIn = (dir: string, token: string): string => {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'token');
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return file;
};

/** The live runs' own state, in a scratch folder removed when the tests end: never `.live/`. */
const SCRATCH_STATE = join(tmpdir(), `contract-suite-live-state-${process.pid}`);
process.on('exit', () => rmSync(SCRATCH_STATE, { recursive: true, force: true }));

/** A LIVE_STATE_DIR of one run's own. */
export const scratchStateDir = (): string => {
  mkdirSync(SCRATCH_STATE, { recursive: true });
  return mkdtempSync(join(SCRATCH_STATE, 'run-'));
};

/** No live variable of the shell running the tests; a run's state in the scratch folder. */
export const WITHOUT_LIVE: NodeJS.ProcessEnv = {
  ...WITHOUT_TARGETS,
  LIVE_REFRESH_TOKEN_FILE: '',
  LIVE_REFRESH_TOKEN: '',
  LIVE_TOKEN_SAVE_COMMAND: '',
  LIVE_TOKEN_SAVE_TIMEOUT_MS: '',
  LIVE_EXPIRED_REFRESH_TOKEN: '',
  LIVE_SUSPENDED_REFRESH_TOKEN: '',
  LIVE_STATE_DIR: SCRATCH_STATE,
  PACT_BROKER_PUBLISH_VERIFICATION_RESULTS: '',
};

export const LIVE_MAIN = 'src/verify/live/main.ts';

export const verifyLive = (
  env: NodeJS.ProcessEnv,
  args: readonly string[] = [],
  watch?: (stderr: string) => void,
) =>
  runScript(LIVE_MAIN, args, { ...WITHOUT_LIVE, LIVE_STATE_DIR: scratchStateDir(), ...env }, watch);
