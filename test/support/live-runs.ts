/** `npm run verify:live` as npm runs it, without the live variables of the shell running the tests. */
import { runScript, WITHOUT_TARGETS } from './sockets.js';

export const WITHOUT_LIVE: NodeJS.ProcessEnv = {
  ...WITHOUT_TARGETS,
  LIVE_REFRESH_TOKEN_FILE: '',
  LIVE_REFRESH_TOKEN: '',
  LIVE_TOKEN_SAVE_COMMAND: '',
  LIVE_TOKEN_SAVE_TIMEOUT_MS: '',
  LIVE_EXPIRED_REFRESH_TOKEN: '',
  LIVE_SUSPENDED_REFRESH_TOKEN: '',
  LIVE_STATE_DIR: '',
  PACT_BROKER_PUBLISH_VERIFICATION_RESULTS: '',
};

export const LIVE_MAIN = 'src/verify/live/main.ts';

export const verifyLive = (
  env: NodeJS.ProcessEnv,
  args: readonly string[] = [],
  watch?: (stderr: string) => void,
) => runScript(LIVE_MAIN, args, { ...WITHOUT_LIVE, ...env }, watch);
