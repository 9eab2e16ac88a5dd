/**
 * What the gate saw, put into the verifier's report: the interaction that was waiting when
 * the provider stopped answering, and the provider states that could not be set up.
 */
import type { Halt } from './gate.js';
import type { InteractionFailure, VerificationOutcome } from './results.js';

/** The run ended early: one line naming the cause and the interaction that was waiting. */
export const stoppedRun = (halt: Halt, outcome: VerificationOutcome | undefined) => {
  const total = outcome?.interactions.length ?? 0;
  const waiting = outcome?.interactions[halt.request]?.description;
  const where =
    waiting === undefined
      ? `while verifying interaction ${halt.request + 1}`
      : `while verifying "${waiting}" (interaction ${halt.request + 1} of ${total})`;
  const after = total - halt.request - 1;
  return {
    _tag: 'ProviderStopped' as const,
    message:
      `${halt.message}, ${where}; the run stopped there` +
      (after > 0 ? ` (${after} more not verified)` : ''),
  };
};

/**
 * The interactions whose states failed report the state, the status and the body, instead of
 * the verifier's mismatches with the answer the gate gave in place of the provider's.
 */
/** Pact names a failure "Verifying a pact between C and P Given S - description". */
const isFailureOf = (description: string) => (failure: InteractionFailure) =>
  failure.interaction === description || failure.interaction.endsWith(` - ${description}`);

export const withStateFailures = (
  outcome: VerificationOutcome,
  stateFailures: ReadonlyMap<number, readonly string[]>,
): VerificationOutcome => {
  if (stateFailures.size === 0) return outcome;
  let failures: InteractionFailure[] = [...outcome.failures];
  const failed = new Set<string>();
  for (const [request, mismatches] of stateFailures) {
    const description = outcome.interactions[request]?.description ?? `interaction ${request + 1}`;
    failed.add(description);
    const isIt = isFailureOf(description);
    failures = failures.some(isIt)
      ? failures.map((f) => (isIt(f) ? { ...f, mismatches } : f))
      : // A teardown that failed after its interaction passed still fails the run.
        [...failures, { interaction: description, pending: false, mismatches }];
  }
  return {
    ...outcome,
    // Pending interactions still cannot fail the run.
    passed: outcome.passed && failures.every((f) => f.pending),
    interactions: outcome.interactions.map((i) =>
      failed.has(i.description) ? { ...i, passed: false } : i,
    ),
    failures,
  };
};
