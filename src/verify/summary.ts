/** One report of a verification, for people: what passed, what failed and why. */
import { failedInteractions } from './results.js';
import type { VerificationRun } from './verify.js';

export const summaryLines = (run: VerificationRun): string[] => {
  const { interactions } = run.outcome;
  const failed = failedInteractions(run.outcome);
  const lines = [
    `Verified ${interactions.length} interactions against ${run.providerUrl}: ` +
      `${interactions.length - failed.length} passed, ${failed.length} failed`,
  ];
  for (const interaction of failed) {
    const given = interaction.providerStates.join(' and ');
    lines.push(
      `  ${interaction.pending ? '(pending) ' : ''}${interaction.description}` +
        (given === '' ? '' : ` (given ${given})`),
    );
    for (const mismatch of interaction.mismatches) lines.push(`    - ${mismatch}`);
  }
  return lines;
};
