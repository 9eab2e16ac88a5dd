/**
 * `npm run verify:live [-- --json --junit]`: verifies the pacts against a deployment we do not own
 * (PROVIDER_BASE_URL), with only what a real consumer holds: the interactions whose provider
 * states real credentials can establish (./decisions.ts) are verified live, the others are named
 * with the reason they are not. Variables: those of `npm run verify` without a state-change URL,
 * plus LIVE_REFRESH_TOKEN_FILE, or LIVE_REFRESH_TOKEN with LIVE_TOKEN_SAVE_COMMAND (and
 * LIVE_TOKEN_SAVE_TIMEOUT_MS); LIVE_EXPIRED_REFRESH_TOKEN and LIVE_SUSPENDED_REFRESH_TOKEN.
 * The run happens in a process of its own (./run.ts), which outlives this one: killed, even with
 * SIGKILL, this command cannot interrupt the save of a successor. Its output is this command's,
 * and so is its exit code: 0 when every interaction verified live passed; 1 when one failed,
 * nothing could be verified live, the run could not start or the successor was not saved; 2 on
 * bad configuration.
 */
import { join } from 'node:path';
import { runChild } from '../child.js';

const RUN = join(__dirname, 'run.ts');

// Interrupted, the run stops itself (a save under way finishes first): this waits for it.
void runChild(process.execPath, [...process.execArgv, RUN, ...process.argv.slice(2)], {
  inherit: true,
  forward: ['SIGINT', 'SIGTERM'],
}).then(({ code, how }) => {
  if (code === undefined)
    process.stderr.write(`verify:live: the run ended unexpectedly (${how})\n`);
  process.exit(code ?? 1);
});
