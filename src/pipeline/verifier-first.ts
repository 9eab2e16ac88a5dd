/**
 * Imported first by ./main.ts, for its side effect: the verifier process (pact-js's Verifier,
 * src/verify/verifier-pool.ts) starts loading at once, on the other core, while this process
 * loads the pipeline and runs the stages before the verification.
 */
import { prepareVerifier } from '../verify/verifier-pool.js';

/** The verification stage's log level: Pact's errors only (its report is kept apart). */
export const VERIFIER_LOG_LEVEL = 'error';

prepareVerifier(VERIFIER_LOG_LEVEL);
