/** One report of a verification, for people: what passed, what failed and why. */
import { redactUrl } from '../broker/mask.js';
import { failedInteractions, unverifiedInteractions } from './results.js';
import type { VerificationRun } from './verify.js';

/**
 * `statesSaidOnce`: the state-change URL refused every state change, which the run's last line
 * says once; an interaction with a state then shows no line of its own.
 */
export const summaryLines = (run: VerificationRun, statesSaidOnce = false): string[] => {
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
    if (statesSaidOnce && interaction.providerStates.length > 0) continue;
    for (const mismatch of interaction.mismatches) lines.push(`    - ${mismatch}`);
  }
  return lines;
};
