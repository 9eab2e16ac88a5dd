/** How long a job waits for a silent target: one reading of the timeout variables. */
import * as E from 'fp-ts/lib/Either.js';
import { read, type Env } from './env.js';

/** What a job waits for an answer before it calls a target silent, unless configured. */
export const DEFAULT_TIMEOUT_MS = 5000;

/** Each request to the provider and its state-change URL, and their check before a run. */
export const PROVIDER_TIMEOUT_VARIABLE = 'PROVIDER_TIMEOUT_MS';

/** The broker check's timeout (the Pact CLI's own requests keep theirs). */
export const BROKER_TIMEOUT_VARIABLE = 'PACT_BROKER_TIMEOUT_MS';

/** Fetching a published OpenAPI document by URL (`npm run spec:check`), its body included. */
export const SPEC_TIMEOUT_VARIABLE = 'SPEC_TIMEOUT_MS';

/** Node's timers fire at once beyond 2^31 - 1 ms (about 24 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** A timeout variable in milliseconds: a whole number > 0, or the default when unset. */
export const timeoutMsFrom = (
  env: Env,
  variable: string,
): E.Either<{ readonly variable: string; readonly why: string }, number> => {
  const raw = read(env, variable);
  if (raw === undefined) return E.right(DEFAULT_TIMEOUT_MS);
  return /^[1-9]\d*$/.test(raw) && Number(raw) <= MAX_TIMER_MS
    ? E.right(Number(raw))
    : E.left({
        variable,
        why: `expected a whole number of milliseconds from 1 to ${MAX_TIMER_MS}, got ${raw}`,
      });
};
