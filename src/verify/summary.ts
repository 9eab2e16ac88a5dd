/** One report of a verification, for people: what passed, what failed and why. */
import type { VerificationRun } from './verify.js';

export const summaryLines = (run: VerificationRun): string[] => {
  const { interactions, failures } = run.outcome;
  const failed = interactions.filter((i) => !i.passed).length;
  const lines = [
    `Verified ${interactions.length} interactions against ${run.providerUrl}: ` +
      `${interactions.length - failed} passed, ${failed} failed`,
  ];
  for (const failure of failures) {
    lines.push(`  ${failure.pending ? '(pending) ' : ''}${failure.interaction}`);
    for (const mismatch of failure.mismatches) lines.push(`    - ${mismatch}`);
  }
  return lines;
};
