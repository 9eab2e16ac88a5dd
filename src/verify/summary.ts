/** One report of a verification, for people: what passed, what failed and why. */
import { redactUrl } from '../broker/mask.js';
import { failedInteractions, unverifiedInteractions } from './results.js';
import type { VerificationRun } from './verify.js';

export const summaryLines = (run: VerificationRun): string[] => {
  const { interactions } = run.outcome;
  const failed = failedInteractions(run.outcome);
  const unverified = unverifiedInteractions(run.outcome).length;
  const passed = interactions.length - failed.length - unverified;
  const lines = [
    `Verified ${interactions.length} interactions against ${redactUrl(run.providerUrl)}: ` +
      `${passed} passed, ${failed.length} failed` +
      (unverified === 0 ? '' : `, ${unverified} not verified`),
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
